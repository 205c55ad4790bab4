/**
 * The matrix (and tensor) kind. Known mistakes are matched first, whatever
 * their shape (a transposed gradient is a mistake with its own message, as
 * for expressions and sizes). Otherwise an answer of another shape is
 * invalid (expected vs got; no attempt used), and so is a single number
 * where a vector or matrix is expected. Then each entry is
 * compared with the part's tolerance (grader/answers/tolerance.ts), with
 * per-cell feedback, a word on entries that miss only by rounding, and,
 * where the part allows, partial credit.
 */
import { tensor, Tensor, type NestedArray } from "../autograd";
import { fingerprintValues } from "../expr";
import type { KnownMistakeValue } from "./context";
import { AnswerError, AnswerErrorCode } from "./errors";
import { parseMatrixAnswer, type MatrixValue } from "./matrix-literals";
import { graded, invalid, type GradeResult, type RawAnswer } from "./result";
import { toleranceOf, type SpecOf } from "./spec";
import { compareEntry, DEFAULT_TOLERANCE, roundingFeedback, type EntryVerdict, type Tolerance } from "./tolerance";

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
  return (
    count(answer) === count(expected) && isVectorLike(answer) && isVectorLike(expected) && (unoriented(answer) || unoriented(expected))
  );
}

function entryVerdicts(tolerance: Tolerance, answer: readonly number[], expected: readonly number[]): EntryVerdict[] {
  return expected.map((value, i) => compareEntry(tolerance, answer[i], value));
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
  const count = expected.data.length;
  const tolerance = toleranceOf(spec) ?? DEFAULT_TOLERANCE;
  if (!shapesFit(answer.shape, expected.shape)) {
    const mistake = matchingMistake(tolerance, answer, mistakes);
    if (mistake) {
      const details = { kind: "matrix" as const, shape: expected.shape, cellsCorrect: expected.data.map(() => false) };
      return graded({ score: 0, feedback: mistake.message, mistake, fingerprint: fingerprintValues([answer]), details });
    }
    if (answer.shape.length === 0 && count > 1) return invalid(scalarForArray(spec, expected.shape));
    return invalid(wrongShape(answer.shape, expected.shape));
  }

  const verdicts = entryVerdicts(tolerance, answer.data, expected.data);
  const cellsCorrect = verdicts.map((verdict) => verdict === "within");
  const right = cellsCorrect.filter(Boolean).length;
  const total = cellsCorrect.length;
  const details = { kind: "matrix" as const, shape: expected.shape, cellsCorrect };
  const fingerprint = fingerprintValues([{ shape: expected.shape, data: answer.data }]);
  if (right === total) return graded({ score: 1, feedback: `all ${total} entries are correct`, fingerprint, details });

  const mistake = matchingMistake(tolerance, answer, mistakes);
  const score = spec.partialCredit ? right / total : 0;
  const counted = `${right} of ${total} entries ${right === 1 ? "is" : "are"} correct`;
  if (mistake) return graded({ score, feedback: `${mistake.message} (${counted})`, mistake, fingerprint, details });
  const near = verdicts.flatMap((verdict, i) => (verdict === "near" ? [i] : []));
  const feedback =
    near.length > 0 ? `${counted}. ${roundingFeedback(nameEntries(near, expected.shape), tolerance, near.length > 1)}` : counted;
  return graded({ score, feedback, fingerprint, details });
}

/** The first known mistake the answer equals (within the tolerance), of whatever shape. */
function matchingMistake(
  tolerance: Tolerance,
  answer: MatrixValue,
  mistakes: readonly KnownMistakeValue<MatrixReference>[],
): KnownMistakeValue<MatrixReference> | undefined {
  return mistakes.find((candidate) => {
    const value = referenceValue(candidate.value);
    return (
      shapesFit(answer.shape, value.shape) && entryVerdicts(tolerance, answer.data, value.data).every((verdict) => verdict === "within")
    );
  });
}

/** `entry (2, 1)`, `entries (1, 1), (2, 1) and 3 more`: 1-based, row first, as the handout numbers entries. */
function nameEntries(indices: readonly number[], shape: readonly number[]): string {
  const name = (flat: number) => {
    const position: number[] = [];
    for (let d = shape.length - 1; d >= 0; d--) {
      position.unshift((flat % shape[d]) + 1);
      flat = Math.floor(flat / shape[d]);
    }
    return position.length === 1 ? String(position[0]) : `(${position.join(", ")})`;
  };
  const SHOWN = 3;
  const listed = indices.slice(0, SHOWN).map(name);
  if (indices.length === 1) return `entry ${listed[0]}`;
  const more = indices.length - SHOWN;
  return more > 0
    ? `entries ${listed.join(", ")} and ${more} more`
    : `entries ${listed.slice(0, -1).join(", ")} and ${listed[listed.length - 1]}`;
}

/**
 * A single number where several are expected (the handout writes zᵢ = ½
 * for every entry): invalid, so no attempt is used, with the shape asked
 * for in the problem's own symbols when the part names it.
 */
function scalarForArray(spec: MatrixSpec, expected: readonly number[]): AnswerError {
  const isVector = expected.length === 1 || (expected.length === 2 && (expected[0] === 1 || expected[1] === 1));
  const noun = isVector ? "vector" : expected.length === 2 ? "matrix" : "tensor";
  const shape = spec.shapeName ?? (expected.length === 1 ? `${expected[0]}-entry` : expected.join("×"));
  const article = /^(?:[aefhilmnorsx8]|1[18](?!\d))/i.test(shape) ? "an" : "a";
  return new AnswerError(AnswerErrorCode.WrongShape, `enter ${article} ${shape} ${noun}, not a single number`);
}

function wrongShape(got: readonly number[], expected: readonly number[]): AnswerError {
  const transposed = got.length === 2 && expected.length === 2 && got[0] === expected[1] && got[1] === expected[0];
  const hint = transposed ? " (the transpose of the expected shape)" : "";
  return new AnswerError(AnswerErrorCode.WrongShape, `expected ${describeShape(expected)}, but got ${describeShape(got)}${hint}`);
}
