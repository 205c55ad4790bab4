/**
 * What parsers and graders return. A parse gives a value or a located
 * error; a grade is either "invalid" (unreadable input or a wrong shape:
 * feedback, but no attempt used) or "graded" (a score in [0, 1] that counts
 * as an attempt).
 */
import { ExprErrorCode, fingerprintText, type Interpretation } from "../expr";
import { AnswerErrorCode, type AnswerError, type AnswerErrorJSON } from "./errors";

export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; error: AnswerError };

/** A raw answer as it arrives from a form or a JSON body: text, a number, or nested arrays (a grid, a shape, choices). */
export type RawAnswer = string | number | null | undefined | readonly RawAnswer[];

/** Kind-specific facts for the UI. */
export type GradeDetails =
  /** Matrix: which entries are right, row-major, with the expected shape. */
  | { kind: "matrix"; shape: number[]; cellsCorrect: boolean[] }
  /** Shape and dimensions: which entries are right, when the number of entries is. */
  | { kind: "dimensions"; entriesCorrect: boolean[] }
  /**
   * Choice: the options chosen, and for each (same order) whether it is one of the right options; unchosen options are not
   * marked, so the marks never name an answer not given.
   */
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
    }
  | {
      /** A free-text answer: stored, read by a person later (grader/answers/free-text.ts). */
      status: "needsGrading";
      /** 0 until graded: no automatic score. */
      score: 0;
      feedback: string;
      /** A short stable hash of the text. */
      fingerprint: string;
      details?: undefined;
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

/** Expression errors of an answer that was read: its shapes do not fit each other, or its result has another shape than asked. */
const SHAPE_EXPR_CODES: readonly string[] = [ExprErrorCode.ShapeMismatch, ExprErrorCode.WrongAnswerShape];

/**
 * An invalid result whose answer was read but has the wrong shape (a matrix
 * of other dimensions, `Jg @ Jf` in the wrong order, a missing transpose),
 * as opposed to one that cannot be read at all (a syntax error, an unknown
 * name, nothing entered). The wrong shape says something about the
 * student's answer; an unreadable one says nothing. The feedback modes
 * treat them differently (lib/submissions/policy.ts shapeErrorUsesAttempt).
 */
export function isShapeError(result: GradeResult): boolean {
  return result.status === "invalid" && isShapeErrorCode(result.error);
}

/** Whether an answer error (of a grade or a live check) is a wrong shape rather than unreadable input (isShapeError). */
export function isShapeErrorCode({ code, exprCode }: Pick<AnswerErrorJSON, "code" | "exprCode">): boolean {
  return (
    code === AnswerErrorCode.WrongShape ||
    (code === AnswerErrorCode.Expression && exprCode !== undefined && SHAPE_EXPR_CODES.includes(exprCode))
  );
}

/**
 * A wrong-shape result graded as a wrong answer: score 0, the same
 * feedback, fingerprinted by the answer as read (an expression's canonical
 * form, else the raw answer) so that equal wrong answers group in the
 * analytics. The result of anything else is returned as it is.
 */
export function shapeErrorAsWrong(result: GradeResult, raw: RawAnswer): GradeResult {
  if (!isShapeError(result)) return result;
  const read = result.details?.kind === "expression" ? result.details.interpretation.canonical : JSON.stringify(raw);
  return graded({
    score: 0,
    feedback: result.feedback,
    fingerprint: fingerprintText(read),
    ...(result.details ? { details: result.details } : {}),
  });
}

/** True when a result uses one of the student's attempts. */
export function usesAttempt(result: GradeResult): boolean {
  return result.status === "graded" || result.status === "needsGrading";
}
