"use client";

import { useActionState, useState } from "react";
import type { RubricItem } from "@/grader/answers";
import { rubricScore } from "@/grader/answers/rubric-score";
import { gradeAnswerAction, type GradeFormState } from "./actions";

export interface GradeFormProps {
  assessmentId: string;
  assessmentProblemId: string;
  partId: string;
  /** Of a pooled placement, the member's slug. */
  member?: string;
  studentId: string;
  points: number;
  rubric: RubricItem[];
  /** Rubric item ids checked in the answer's current grade. */
  checked: string[];
}

const INITIAL: GradeFormState = { error: null };

/** The grade the form would save, by the server's rules (lib/manual-grading/grade-queued-answer.ts): rubric items or a typed score. */
function totalText(rubric: RubricItem[], checked: string[], typed: string, points: number): string {
  if (typed.trim() !== "") {
    if (checked.length > 0) return "Untick the rubric items or clear the typed score: a grade is one or the other.";
    const score = Number(typed.trim());
    return Number.isFinite(score) && score >= 0 && score <= points
      ? `Grade: ${score} of ${points} points (the typed score).`
      : `Grade: the typed score must be a number from 0 to ${points}.`;
  }
  const earned = Math.round(rubricScore({ rubric }, checked, points) * points * 1000) / 1000;
  return `Grade: ${earned} of ${points} points (${checked.length} rubric ${checked.length === 1 ? "item" : "items"} checked).`;
}

/** The grade of one answer: rubric checkboxes or a score in points, and a comment; errors come back beside it. */
export function GradeForm({ assessmentId, assessmentProblemId, partId, member, studentId, points, rubric, checked }: GradeFormProps) {
  const [state, action, pending] = useActionState(gradeAnswerAction, INITIAL);
  // The total as items are ticked or a score typed, so the TA sees the grade before saving it.
  const [ticked, setTicked] = useState<string[]>(checked);
  const [typed, setTyped] = useState("");
  const toggle = (id: string, on: boolean) => setTicked((current) => (on ? [...current, id] : current.filter((other) => other !== id)));
  return (
    <form action={action} className="card grading-form" aria-label="Grade">
      <input type="hidden" name="assessmentId" value={assessmentId} />
      <input type="hidden" name="assessmentProblemId" value={assessmentProblemId} />
      <input type="hidden" name="partId" value={partId} />
      {member !== undefined && <input type="hidden" name="member" value={member} />}
      <input type="hidden" name="studentId" value={studentId} />
      {rubric.length > 0 && (
        <fieldset>
          <legend>Rubric (the score is the checked items&apos; points, at most {points})</legend>
          {rubric.map((item) => (
            <label key={item.id} className="rubric-item">
              <input
                type="checkbox"
                name="rubric"
                value={item.id}
                defaultChecked={checked.includes(item.id)}
                onChange={(event) => toggle(item.id, event.target.checked)}
              />{" "}
              {item.label}{" "}
              <span className="muted">
                ({item.points >= 0 ? "+" : ""}
                {item.points})
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <label>
        Or a score in points (0 to {points}){rubric.length > 0 ? ", instead of the rubric" : ""}
        <input type="text" name="points" inputMode="decimal" autoComplete="off" onChange={(event) => setTyped(event.target.value)} />
      </label>
      <p className="grade-total" data-testid="grade-total" aria-live="polite">
        {totalText(rubric, ticked, typed, points)}
      </p>
      <label>
        Comment for the student
        <textarea name="comment" rows={3} defaultValue="" />
      </label>
      {state.error && (
        <p className="error" role="alert">
          {state.error}
        </p>
      )}
      <button type="submit" disabled={pending}>
        Save grade and open the next
      </button>
    </form>
  );
}
