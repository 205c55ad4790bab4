/**
 * Answer kinds: how each kind of answer is described (a JSON spec,
 * validated with zod), read (raw input → value or located error) and graded
 * (→ a score in [0, 1] with feedback, or "invalid", which never uses an
 * attempt). The app and the problem bank go through these functions only.
 *
 *   import { answerSpecSchema, gradeAnswer } from "./grader/answers";
 *   const spec = answerSpecSchema.parse({ kind: "integer" });
 *   gradeAnswer(spec, "1,180,224", 1180224);           // { status: "graded", score: 1, … }
 *   gradeAnswer(spec, "8·16·16·4·12·12 + 4·12·12", 1180224).score; // 1
 *   gradeAnswer(answerSpecSchema.parse({ kind: "matrix" }), "[1 2; 3 4]", [[1, 2], [3, 4]]).score; // 1
 *
 * Pure TypeScript with no Node-only import, so that the browser can run
 * parseAnswer for live validation with the same code.
 */
import { SpecError } from "../expr";
import { gradeChoiceAnswer, parseChoiceAnswer } from "./choice";
import type { GradeContext, KnownMistakeValue } from "./context";
import { AnswerError, AnswerErrorCode } from "./errors";
import { gradeFreeTextAnswer, parseFreeTextAnswer } from "./free-text";
import { expressionAnswerCost, gradeExpressionAnswer, parseExpressionAnswer, type ExpressionValue } from "./expression";
import { gradeIntegerAnswer, parseIntegerAnswer } from "./integer";
import { gradeMatrixAnswer, parseMatrixAnswer, type MatrixReference, type MatrixValue } from "./matrix";
import { gradeNumberAnswer, parseNumberAnswer } from "./number";
import type { GradeResult, ParseOutcome, RawAnswer } from "./result";
import { gradeSizeListAnswer, parseSizeListAnswer, type SizeListReference } from "./shape";
import { answerSpecSchema, type AnswerKind, type AnswerSpec, type SpecOf } from "./spec";
import type { Size } from "./dimension-list";

export * from "./spec";
export {
  allowedError,
  compareEntry,
  describeTolerance,
  withinTolerance,
  NEAR_MISS_FACTOR,
  ZERO_FLOOR,
  type EntryVerdict,
} from "./tolerance";
export { AnswerError, AnswerErrorCode, type AnswerErrorJSON, type AnswerErrorLocation } from "./errors";
export {
  isShapeError,
  isShapeErrorCode,
  shapeErrorAsWrong,
  usesAttempt,
  type GradeResult,
  type GradeDetails,
  type ParseOutcome,
  type RawAnswer,
} from "./result";
export type { GradeContext, KnownMistakeValue } from "./context";
export { choiceOrder, type ChoiceOption } from "./choice";
export { analyzeExpressionAnswer, type ExpressionAnalysis, type ExpressionValue } from "./expression";
export { formatSize, type Size } from "./dimension-list";
export { formatSizeList } from "./shape";
export { joinSentences } from "./sentences";
export { describeShape, type MatrixReference, type MatrixValue } from "./matrix";
export { SpecError } from "../expr";
export { NEEDS_GRADING_FEEDBACK, rubricScore } from "./free-text";

/** The reference each kind is graded against. */
export interface ReferenceByKind {
  number: number;
  integer: number | bigint;
  /** Nested arrays (row-major) or an engine Tensor. */
  matrix: MatrixReference;
  /** Sizes: numbers, or symbols and products of them (`"N"`, `"p*q"`). */
  shape: SizeListReference;
  dimensions: SizeListReference;
  /** The id of the right option, or the ids of all right options. */
  choice: string | readonly string[];
  /** An expression over the part's quantities; `grad(f, X)` is allowed here. */
  expression: string;
  /** None: a person grades it. */
  freeText: null;
}

export interface ValueByKind {
  number: number;
  integer: bigint;
  matrix: MatrixValue;
  shape: Size[];
  dimensions: Size[];
  choice: string[];
  expression: ExpressionValue;
  freeText: string;
}

export type ReferenceOf<K extends AnswerKind> = ReferenceByKind[K];

/** Validates a spec from JSON (a problem file, a request): throws SpecError naming the bad field. */
export function parseAnswerSpec(input: unknown): AnswerSpec {
  const parsed = answerSpecSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new SpecError(issue.path.map(String).join(".") || "spec", issue.message);
}

/** Reads a raw answer into the kind's value, or a located error. Cheap: no grading, no evaluation. */
export function parseAnswer<S extends AnswerSpec>(spec: S, raw: RawAnswer): ParseOutcome<ValueByKind[S["kind"]]>;
export function parseAnswer(spec: AnswerSpec, raw: RawAnswer): ParseOutcome<ValueByKind[AnswerKind]> {
  if (raw === null || raw === undefined) return { ok: false, error: new AnswerError(AnswerErrorCode.Empty, "no answer was given") };
  switch (spec.kind) {
    case "number":
      return parseNumberAnswer(raw);
    case "integer":
      return parseIntegerAnswer(spec, raw);
    case "matrix":
      return parseMatrixAnswer(raw);
    case "shape":
    case "dimensions":
      return parseSizeListAnswer(spec, raw);
    case "choice":
      return parseChoiceAnswer(spec, raw);
    case "expression":
      return parseExpressionAnswer(spec, raw);
    case "freeText":
      return parseFreeTextAnswer(spec, raw);
  }
}

/**
 * What reading an answer costs per character, in the expression language's cost units (about a nanosecond each,
 * grader/expr/limits.ts): a pasted 64 × 64 matrix was read and graded at about 60 ns a character under tsx
 * (2026-12-06), so this errs on the dear side.
 */
export const READING_COST_PER_CHARACTER = 100;

/**
 * What grading this answer would cost, estimated without grading it (cost units): reading it, and for an expression
 * its evaluation on the part's instances, counted from its parsed shapes. Every other kind's work is linear in what it
 * reads.
 */
export function answerGradingCost(spec: AnswerSpec, raw: RawAnswer, reference: ReferenceByKind[AnswerKind]): number {
  const reading = READING_COST_PER_CHARACTER * characters(raw);
  return spec.kind === "expression" ? reading + expressionAnswerCost(spec, raw, reference as string) : reading;
}

function characters(raw: RawAnswer): number {
  if (typeof raw === "string") return raw.length;
  if (Array.isArray(raw)) return raw.reduce((total: number, entry: RawAnswer) => total + 1 + characters(entry), 2);
  return raw === null || raw === undefined ? 0 : String(raw).length;
}

/**
 * Grades a raw answer against the variant's reference. Never throws for
 * anything a student can type; throws SpecError for a bad spec or reference
 * (an author's mistake).
 */
export function gradeAnswer<S extends AnswerSpec>(
  spec: S,
  raw: RawAnswer,
  reference: ReferenceByKind[S["kind"]],
  context?: GradeContext,
): GradeResult;
export function gradeAnswer(
  spec: AnswerSpec,
  raw: RawAnswer,
  reference: ReferenceByKind[AnswerKind],
  context: GradeContext = {},
): GradeResult {
  if (raw === null || raw === undefined) {
    const error = new AnswerError(AnswerErrorCode.Empty, "no answer was given");
    return { status: "invalid", score: 0, feedback: error.message, error: error.toJSON() };
  }
  const mistakes = (context.knownMistakes ?? []) as readonly KnownMistakeValue<never>[];
  switch (spec.kind) {
    case "number":
      return gradeNumberAnswer(spec, raw, reference as number, mistakes);
    case "integer":
      return gradeIntegerAnswer(spec, raw, reference as number | bigint, mistakes);
    case "matrix":
      return gradeMatrixAnswer(spec, raw, reference as MatrixReference, mistakes);
    case "shape":
    case "dimensions":
      return gradeSizeListAnswer(spec, raw, reference as SizeListReference, mistakes);
    case "choice":
      checkChoiceReference(spec, reference as string | readonly string[]);
      return gradeChoiceAnswer(spec, raw, reference as string | readonly string[]);
    case "expression":
      return gradeExpressionAnswer(spec, raw, reference as string);
    case "freeText":
      return gradeFreeTextAnswer(spec, raw);
  }
}

function checkChoiceReference(spec: SpecOf<"choice">, reference: string | readonly string[]): void {
  const ids = typeof reference === "string" ? [reference] : reference;
  const known = new Set(spec.options.map((option) => option.id));
  const unknown = ids.find((id) => !known.has(id));
  if (unknown !== undefined) throw new SpecError("reference", `“${unknown}” is not one of the options`);
  if (ids.length === 0) throw new SpecError("reference", "no right option");
  if (!spec.multiple && ids.length > 1) throw new SpecError("reference", "a single choice has one right option");
}
