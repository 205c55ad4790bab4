/**
 * What parsers and graders return. A parse gives a value or a located
 * error; a grade is either "invalid" (unreadable input or a wrong shape:
 * feedback, but no attempt used) or "graded" (a score in [0, 1] that counts
 * as an attempt).
 */
import type { Interpretation } from "../expr";
import type { AnswerError, AnswerErrorJSON } from "./errors";

export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; error: AnswerError };

/** A raw answer as it arrives from a form or a JSON body: text, a number, or nested arrays (a grid, a shape, choices). */
export type RawAnswer = string | number | null | undefined | readonly RawAnswer[];

/** Kind-specific facts for the UI. */
export type GradeDetails =
  /** Matrix: which entries are right, row-major, with the expected shape. */
  | { kind: "matrix"; shape: number[]; cellsCorrect: boolean[] }
  /** Shape and dimensions: which entries are right, when the number of entries is. */
  | { kind: "dimensions"; entriesCorrect: boolean[] }
  /** Choice: the options chosen, and for each (same order) whether it is one of the right options; unchosen options are not marked, so the marks never name an answer not given. */
  | { kind: "choice"; selected: string[]; selectedCorrect: boolean[] }
  /** Expression: how it was read, and whether it was accepted as the transpose. */
  | { kind: "expression"; interpretation: Interpretation; layout?: "same" | "transposed" };

export type GradeResult =
  | {
      status: "invalid";
      /** Always 0: an invalid answer is not graded. */
      score: 0;
      feedback: string;
      error: AnswerErrorJSON;
      details?: GradeDetails;
    }
  | {
      status: "graded";
      /** In [0, 1]. */
      score: number;
      /** Full credit. */
      correct: boolean;
      feedback: string;
      /** Extra remarks that do not change the score (a note on layout). */
      notes?: string[];
      /** The id of the known mistake the answer matched. */
      mistakeId?: string;
      /** A short stable hash of the answer's value; equal wrong answers share it. Present on every graded answer. */
      fingerprint: string;
      details?: GradeDetails;
    };

/** A graded result; full credit is correct, and a matched known mistake lends its id. */
export function graded(fields: {
  score: number;
  feedback: string;
  fingerprint: string;
  mistake?: { id?: string };
  notes?: string[];
  details?: GradeDetails;
}): GradeResult {
  const { score, feedback, fingerprint, mistake, notes, details } = fields;
  return {
    status: "graded",
    score,
    correct: score === 1,
    feedback,
    ...(notes && notes.length > 0 ? { notes } : {}),
    ...(mistake?.id ? { mistakeId: mistake.id } : {}),
    fingerprint,
    ...(details ? { details } : {}),
  };
}

export function invalid(error: AnswerError, details?: GradeDetails): GradeResult {
  return { status: "invalid", score: 0, feedback: error.message, error: error.toJSON(), ...(details ? { details } : {}) };
}

/** True when a result uses one of the student's attempts. */
export function usesAttempt(result: GradeResult): boolean {
  return result.status === "graded";
}
