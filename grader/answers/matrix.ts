/**
 * The matrix (and tensor) kind. The shape is checked first: an answer of
 * another shape is invalid (expected vs got; no attempt used). Then each
 * entry is compared within |answer − reference| ≤ atol + rtol·|reference|,
 * with per-cell feedback and, where the part allows, partial credit.
 */
import { tensor, Tensor, type NestedArray } from "../autograd";
import { fingerprintValues } from "../expr";
import type { KnownMistakeValue } from "./context";
import { AnswerError, AnswerErrorCode } from "./errors";
import { parseMatrixAnswer, type MatrixValue } from "./matrix-literals";
import { graded, invalid, type GradeResult, type RawAnswer } from "./result";
import type { SpecOf } from "./spec";

type MatrixSpec = SpecOf<"matrix">;

/** A reference matrix: nested arrays (row-major) or an engine tensor. */
export type MatrixReference = NestedArray | Tensor;

export { parseMatrixAnswer, type MatrixValue };

/** The reference's shape and row-major entries (nested arrays are checked to be rectangular by the engine). */
export function referenceValue(reference: MatrixReference): MatrixValue {
  const value = reference instanceof Tensor ? reference : tensor(reference);
  return { shape: [...value.shape], data: Array.from(value.data) };
}

/** `3×2`, `(2, 16, 64, 64)` for more dimensions, `a vector of 3` for a 1-D answer, `a single number`. */
export function describeShape(shape: readonly number[]): string {
  if (shape.length === 0) return "a single number";
  if (shape.length === 1) return `a list of ${shape[0]} numbers`;
  if (shape.length === 2) return `${shape[0]}×${shape[1]}`;
  return `(${shape.join(", ")})`;
}

/**
 * Whether the answer's shape fits the expected one. A vector without
 * orientation fits an n×1 or 1×n reference, and an n×1 or 1×n answer fits
 * a 1-D reference; a single number fits anything with one entry.
 */
export function shapesFit(answer: readonly number[], expected: readonly number[]): boolean {
  const same = answer.length === expected.length && answer.every((size, d) => size === expected[d]);
  if (same) return true;
  const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  const isVectorLike = (shape: readonly number[]) => shape.length <= 1 || (shape.length === 2 && (shape[0] === 1 || shape[1] === 1));
  const unoriented = (shape: readonly number[]) => shape.length <= 1;
  return count(answer) === count(expected) && isVectorLike(answer) && isVectorLike(expected) && (unoriented(answer) || unoriented(expected));
}

function entriesClose(spec: MatrixSpec, answer: readonly number[], expected: readonly number[]): boolean[] {
  return expected.map((value, i) => Math.abs(answer[i] - value) <= spec.atol + spec.rtol * Math.abs(value));
}

export function gradeMatrixAnswer(
  spec: MatrixSpec,
  raw: RawAnswer,
  reference: MatrixReference,
  mistakes: readonly KnownMistakeValue<MatrixReference>[] = [],
): GradeResult {
  const parsed = parseMatrixAnswer(raw);
  if (!parsed.ok) return invalid(parsed.error);
  const answer = parsed.value;
  const expected = referenceValue(reference);
  if (!shapesFit(answer.shape, expected.shape)) return invalid(wrongShape(answer.shape, expected.shape));

  const cellsCorrect = entriesClose(spec, answer.data, expected.data);
  const right = cellsCorrect.filter(Boolean).length;
  const total = cellsCorrect.length;
  const details = { kind: "matrix" as const, shape: expected.shape, cellsCorrect };
  const fingerprint = fingerprintValues([{ shape: expected.shape, data: answer.data }]);
  if (right === total) return graded({ score: 1, feedback: `all ${total} entries are correct`, fingerprint, details });

  const mistake = mistakes.find((candidate) => {
    const value = referenceValue(candidate.value);
    return shapesFit(answer.shape, value.shape) && entriesClose(spec, answer.data, value.data).every(Boolean);
  });
  const score = spec.partialCredit ? right / total : 0;
  const counted = `${right} of ${total} entries ${right === 1 ? "is" : "are"} correct`;
  return graded({ score, feedback: mistake ? `${mistake.message} (${counted})` : counted, mistake, fingerprint, details });
}

function wrongShape(got: readonly number[], expected: readonly number[]): AnswerError {
  const transposed = got.length === 2 && expected.length === 2 && got[0] === expected[1] && got[1] === expected[0];
  const hint = transposed ? " (the transpose of the expected shape)" : "";
  return new AnswerError(AnswerErrorCode.WrongShape, `expected ${describeShape(expected)}, but got ${describeShape(got)}${hint}`);
}
