"use client";

import { useActionState } from "react";
import type { RubricItem } from "@/grader/answers";
import { gradeAnswerAction, type GradeFormState } from "./actions";

export interface GradeFormProps {
  assessmentId: string;
  assessmentProblemId: string;
  partId: string;
  studentId: string;
  points: number;
  rubric: RubricItem[];
  /** Rubric item ids checked in the answer's current grade. */
  checked: string[];
}

const INITIAL: GradeFormState = { error: null };

/** The grade of one answer: rubric checkboxes or a score in points, and a comment; errors come back beside it. */
export function GradeForm({ assessmentId, assessmentProblemId, partId, studentId, points, rubric, checked }: GradeFormProps) {
  const [state, action, pending] = useActionState(gradeAnswerAction, INITIAL);
  return (
    <form action={action} className="card grading-form" aria-label="Grade">
      <input type="hidden" name="assessmentId" value={assessmentId} />
      <input type="hidden" name="assessmentProblemId" value={assessmentProblemId} />
      <input type="hidden" name="partId" value={partId} />
      <input type="hidden" name="studentId" value={studentId} />
      {rubric.length > 0 && (
        <fieldset>
          <legend>Rubric (the score is the checked items&apos; points, at most {points})</legend>
          {rubric.map((item) => (
            <label key={item.id} className="rubric-item">
              <input type="checkbox" name="rubric" value={item.id} defaultChecked={checked.includes(item.id)} /> {item.label}{" "}
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
        <input type="text" name="points" inputMode="decimal" autoComplete="off" />
      </label>
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
