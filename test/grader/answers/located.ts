import type { AnswerErrorCode, ParseOutcome } from "../../../grader/answers";

/** A failed parse as [code, offset, length], the three things a UI needs to underline it; "parsed" when it did not fail. */
export function located(outcome: ParseOutcome<unknown>): [AnswerErrorCode, number | undefined, number | undefined] | "parsed" {
  return outcome.ok ? "parsed" : [outcome.error.code, outcome.error.offset, outcome.error.length];
}
