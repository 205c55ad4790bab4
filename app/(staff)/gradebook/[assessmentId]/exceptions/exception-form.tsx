"use client";

import { startTransition, useActionState, useState, type FormEvent } from "react";
import { createExceptionAction, type ExceptionFormState } from "./actions";
import { FormError } from "@/app/components/form-error";

const initial: ExceptionFormState = { error: null, fieldErrors: {}, saved: false };

function FieldError({ state, names }: { state: ExceptionFormState; names: string[] }) {
  const name = names.find((n) => state.fieldErrors[n]);
  return name ? (
    <span className="error" id={`exception-${names[0]}-error`}>
      {state.fieldErrors[name]}
    </span>
  ) : null;
}

/** Grants one exception to a student or a section. Dates are entered on the clocks of the course's zone, as every date the instructor enters. */
export function ExceptionForm({
  assessmentId,
  students,
  sections,
  timeZone,
}: {
  assessmentId: string;
  /** The course's zone: the server reads the dates on its clocks (lib/exceptions/date-input.ts). */
  timeZone: string;
  students: { id: string; name: string; email: string; section: string }[];
  sections: string[];
}) {
  const [state, action, pending] = useActionState(createExceptionAction, initial);
  const [target, setTarget] = useState<"student" | "section">("student");
  const described = (name: string) => ({
    name,
    id: `exception-${name}`,
    "aria-invalid": Boolean(state.fieldErrors[name]),
    "aria-describedby": state.fieldErrors[name] ? `exception-${name}-error` : undefined,
  });
  // As the assessment form does: with JavaScript the fields keep what was typed when the server refuses them.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => action(data));
  };
  return (
    <form action={action} onSubmit={submit} className="form exception-form">
      <input type="hidden" name="assessmentId" value={assessmentId} />
      <fieldset>
        <legend>For</legend>
        <label>
          <input type="radio" name="for" value="student" checked={target === "student"} onChange={() => setTarget("student")} /> a student
        </label>
        <label>
          <input type="radio" name="for" value="section" checked={target === "section"} onChange={() => setTarget("section")} /> a section
        </label>
        {target === "student" ? (
          <label>
            Student
            <select {...described("studentId")} defaultValue="">
              <option value="">Choose a student</option>
              {students.map((student) => (
                <option key={student.id} value={student.id}>
                  {student.name} ({student.email}){student.section && `, section ${student.section}`}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label>
            Section
            <select {...described("section")} defaultValue="">
              <option value="">Choose a section</option>
              {sections.map((section) => (
                <option key={section} value={section}>
                  {section}
                </option>
              ))}
            </select>
          </label>
        )}
        <FieldError state={state} names={["studentId", "section"]} />
      </fieldset>
      <label>
        Later due date ({timeZone}, optional)
        <input {...described("dueAt")} type="datetime-local" />
        <FieldError state={state} names={["dueAt"]} />
      </label>
      <label>
        Later late cut-off ({timeZone}, optional)
        <input {...described("lateCutoffAt")} type="datetime-local" />
        <FieldError state={state} names={["lateCutoffAt"]} />
      </label>
      <label>
        Extra attempts per problem
        <input {...described("extraAttempts")} type="number" step={1} defaultValue={0} />
        <FieldError state={state} names={["extraAttempts"]} />
      </label>
      <label>
        Time multiplier on a timed assessment (1.5 gives 30 minutes for 20)
        <input {...described("timeMultiplier")} type="number" step={0.05} defaultValue={1} />
        <FieldError state={state} names={["timeMultiplier"]} />
      </label>
      <label>
        Reason (kept in the audit log)
        <input {...described("reason")} maxLength={1000} />
        <FieldError state={state} names={["reason"]} />
      </label>
      <FormError message={state.error} />
      {state.saved && <p role="status">Exception granted.</p>}
      <button type="submit" disabled={pending}>
        Grant exception
      </button>
    </form>
  );
}
