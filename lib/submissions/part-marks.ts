/**
 * Per-entry and per-option marks: which pieces of a graded answer are right.
 * They are worked out from the grader's details when a submission is stored,
 * and shaped for the student in one place (marksForStudent), so that an
 * assessment whose feedback mode hides them drops them there and nowhere
 * else. Marks say right or wrong only: a reference value never enters them.
 */
import type { GradeResult } from "@/grader/answers";
import type { PartMarks } from "./contract";

/** The marks a graded result carries; undefined for an invalid or unanswered part, and for kinds without pieces. */
export function marksOf(result: GradeResult | null): PartMarks | undefined {
  if (result?.status !== "graded" || !result.details) return undefined;
  const { details } = result;
  if (details.kind === "matrix") return { kind: "entries", correct: [...details.cellsCorrect] };
  if (details.kind === "choice")
    return { kind: "options", correct: Object.fromEntries(details.selected.map((id, i) => [id, details.selectedCorrect[i] === true])) };
  return undefined;
}

/**
 * The marks a student is shown for a stored part result. Every part result
 * sent to a student passes through here (standing.ts partResultsList),
 * except while an exam's results are held: partResultsList then returns a
 * "received" result before any marks are read.
 */
export function marksForStudent(marks: PartMarks | undefined): { marks?: PartMarks } {
  return marks ? { marks } : {};
}

/** The marks field of a stored part result: left out when there are none, so older and newer rows read alike. */
export function marksStored(result: GradeResult | null): { marks?: PartMarks } {
  const marks = marksOf(result);
  return marks ? { marks } : {};
}
