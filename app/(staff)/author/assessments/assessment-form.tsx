"use client";

import { startTransition, useActionState, useRef, type ChangeEvent, type FormEvent } from "react";
import { createAssessmentAction, updateAssessmentAction, type AssessmentFormState } from "./actions";
import { FormError } from "@/app/components/form-error";
import { DataTable } from "@/app/components/table/data-table";
import { EXAM_ATTEMPT_LIMIT } from "@/lib/assessments/exam-defaults";

export interface AssessmentFormValues {
  title: string;
  slug: string;
  description: string;
  /** `YYYY-MM-DDTHH:mm` on the clocks of the course's time zone, or "". */
  opensAt: string;
  dueAt: string;
  lateCutoffAt: string;
  attemptLimit: number | null;
  latePenaltyPerDay: number;
  scoringPolicy: "BEST" | "LAST" | "BEST_PER_PART";
  revealPolicy: string;
  feedbackMode: string;
  handoutNumbers: boolean;
  timeLimitMinutes: number | null;
}

export interface ProblemChoice {
  problemId: string;
  slug: string;
  title: string;
  version: number;
  /** Placed in this assessment: its position and points. */
  placed: { position: number; points: number } | null;
  /** In the pool of the placement of this problem id, or null. */
  pooledWith: string | null;
  defaultPoints: number;
}

const initial: AssessmentFormState = { error: null, fieldErrors: {}, saved: false };

function FieldError({ state, name }: { state: AssessmentFormState; name: string }) {
  const message = state.fieldErrors[name];
  return message ? (
    <span className="error" id={`${name}-error`}>
      {message}
    </span>
  ) : null;
}

/** Creates an assessment (with courseId) or edits one (with assessmentId). */
export function AssessmentForm({
  courseId,
  assessmentId,
  values,
  problems,
  timeZone,
}: {
  courseId?: string;
  assessmentId?: string;
  values: AssessmentFormValues;
  problems: ProblemChoice[];
  /** The course's zone: the dates are entered on its clocks, and the server reads them there. */
  timeZone: string;
}) {
  const [state, action, pending] = useActionState(assessmentId ? updateAssessmentAction : createAssessmentAction, initial);
  const field = (name: string) => ({
    name,
    "aria-invalid": Boolean(state.fieldErrors[name]),
    "aria-describedby": state.fieldErrors[name] ? `${name}-error` : undefined,
  });
  const attemptLimit = useRef<HTMLInputElement>(null);
  const attemptLimitTyped = useRef(false);
  // Choosing an exam proposes its one attempt per problem (EXAM_ATTEMPT_LIMIT) in place of a new assessment's
  // default or an empty limit, never over one the instructor typed; they may change it before saving.
  const onFeedbackMode = (event: ChangeEvent<HTMLSelectElement>) => {
    const input = attemptLimit.current;
    if (event.target.value !== "EXAM" || !input || attemptLimitTyped.current) return;
    if (input.value === "" || !assessmentId) input.value = String(EXAM_ATTEMPT_LIMIT);
  };
  // React resets a form after its action runs, which would wipe what the
  // instructor typed when the settings are refused: with JavaScript the form
  // is sent from here instead, and the fields keep their values (without
  // it, the form's own action still works).
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => action(data));
  };
  return (
    <form action={action} onSubmit={submit} className="form assessment-form">
      {courseId && <input type="hidden" name="courseId" value={courseId} />}
      {assessmentId && <input type="hidden" name="assessmentId" value={assessmentId} />}
      <label>
        Title
        <input {...field("title")} defaultValue={values.title} required maxLength={200} />
        <FieldError state={state} name="title" />
      </label>
      <label>
        Slug (in links)
        <input {...field("slug")} defaultValue={values.slug} required pattern="[a-z0-9][a-z0-9\-]*" />
        <FieldError state={state} name="slug" />
      </label>
      <label>
        Description
        <textarea {...field("description")} defaultValue={values.description} rows={3} />
      </label>
      <label>
        Opens ({timeZone}, optional: students see its problems from then)
        <input {...field("opensAt")} type="datetime-local" defaultValue={values.opensAt} />
        <FieldError state={state} name="opensAt" />
      </label>
      <label>
        Due ({timeZone})
        <input {...field("dueAt")} type="datetime-local" defaultValue={values.dueAt} />
        <FieldError state={state} name="dueAt" />
      </label>
      <label>
        No submissions after ({timeZone}, optional)
        <input {...field("lateCutoffAt")} type="datetime-local" defaultValue={values.lateCutoffAt} />
        <FieldError state={state} name="lateCutoffAt" />
      </label>
      <label>
        Time limit in minutes (empty: none; counted from each student&apos;s first opening)
        <input {...field("timeLimitMinutes")} type="number" min={1} step={1} defaultValue={values.timeLimitMinutes ?? ""} />
        <FieldError state={state} name="timeLimitMinutes" />
      </label>
      <label>
        Attempts per problem (empty: unlimited)
        <input
          {...field("attemptLimit")}
          ref={attemptLimit}
          onInput={() => (attemptLimitTyped.current = true)}
          type="number"
          min={1}
          max={1000}
          defaultValue={values.attemptLimit ?? ""}
        />
        <FieldError state={state} name="attemptLimit" />
      </label>
      <label>
        Late penalty, % per started day
        <input
          {...field("latePenaltyPercent")}
          type="number"
          min={0}
          max={100}
          step={1}
          defaultValue={Math.round(values.latePenaltyPerDay * 100)}
        />
        <FieldError state={state} name="latePenaltyPerDay" />
      </label>
      <label>
        Which submission counts
        <select name="scoringPolicy" defaultValue={values.scoringPolicy}>
          <option value="BEST">the best</option>
          <option value="LAST">the last</option>
          <option value="BEST_PER_PART">each part&apos;s best over all submissions</option>
        </select>
      </label>
      <label>
        Feedback mode
        <select name="feedbackMode" defaultValue={values.feedbackMode} onChange={onFeedbackMode}>
          <option value="PRACTICE">practice: live shape checks, a wrong-shape answer uses no attempt</option>
          <option value="HOMEWORK">homework: a wrong-shape answer is graded wrong and uses an attempt</option>
          <option value="EXAM">exam: as homework, but scores, feedback and answers are shown only after the late cut-off</option>
        </select>
        <span className="muted small">
          An answer that cannot be read is refused in every mode, without using an attempt. An exam needs a late cut-off (No submissions
          after): until it passes, students see only that their work was received. Choosing an exam proposes one attempt per problem (each
          part answered once); set another limit if you want one.
        </span>
      </label>
      <label className="checkbox">
        <input type="checkbox" name="handoutNumbers" defaultChecked={values.handoutNumbers} />
        Everyone gets the handout&apos;s numbers (no per-student variants; applies to variants drawn from now on)
      </label>
      <label>
        Show the answers to students
        <select name="revealPolicy" defaultValue={values.revealPolicy}>
          <option value="AFTER_DUE">after the due date</option>
          <option value="AFTER_LAST_ATTEMPT">after their last attempt</option>
          <option value="AFTER_DUE_OR_LAST_ATTEMPT">after the due date or their last attempt</option>
          <option value="NEVER">never</option>
        </select>
        <span className="muted small">
          In every case, only once that student can no longer earn credit on the problem: no attempts left, past the late cut-off, or a late
          penalty of 100 %.
        </span>
      </label>
      <fieldset>
        <legend>Problems (tick, then set order and points)</legend>
        <p className="muted small">
          To make a pool, set &ldquo;Pool with&rdquo; on other problems: each student is then given one problem of the pool, drawn for them,
          worth the placement&rsquo;s points.
        </p>
        <DataTable
          rows={problems}
          rowKey={(problem) => problem.problemId}
          columns={[
            {
              header: "Include",
              cell: (problem) => (
                <input
                  type="checkbox"
                  name="problemId"
                  value={problem.problemId}
                  defaultChecked={problem.placed !== null}
                  aria-label={`Include ${problem.title}`}
                />
              ),
            },
            {
              header: "Problem",
              cell: (problem) => (
                <>
                  {problem.title} <code>{problem.slug}</code> v{problem.version}
                </>
              ),
            },
            {
              header: "Order",
              cell: (problem, index) => (
                <input
                  type="number"
                  name={`order:${problem.problemId}`}
                  defaultValue={problem.placed ? problem.placed.position + 1 : problems.length + index + 1}
                  aria-label={`Order of ${problem.title}`}
                  className="narrow"
                />
              ),
            },
            {
              header: "Pool with",
              cell: (problem) => (
                <>
                  <select
                    {...field(`poolWith:${problem.problemId}`)}
                    defaultValue={problem.pooledWith ?? ""}
                    aria-label={`Pool ${problem.title} with`}
                  >
                    <option value="">(its own placement)</option>
                    {problems
                      .filter((other) => other.problemId !== problem.problemId)
                      .map((other) => (
                        <option key={other.problemId} value={other.problemId}>
                          {other.title}
                        </option>
                      ))}
                  </select>
                  <FieldError state={state} name={`poolWith:${problem.problemId}`} />
                </>
              ),
            },
            {
              header: "Points",
              cell: (problem) => (
                <input
                  type="number"
                  name={`points:${problem.problemId}`}
                  min={0.5}
                  step={0.5}
                  defaultValue={problem.placed?.points ?? problem.defaultPoints}
                  aria-label={`Points of ${problem.title}`}
                  className="narrow"
                />
              ),
            },
          ]}
        />
      </fieldset>
      <FormError message={state.error} />
      {state.saved && <p role="status">Saved.</p>}
      <button type="submit" disabled={pending}>
        {pending ? "Saving…" : assessmentId ? "Save changes" : "Create assessment"}
      </button>
    </form>
  );
}
