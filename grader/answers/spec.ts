/**
 * The JSON-serialisable description of an answer: its kind and options.
 * Validated with zod at the edge (when a problem is loaded), so graders can
 * trust their spec. References are not part of a spec: they are computed
 * per variant and passed to gradeAnswer, and a spec can be sent to the
 * browser without giving the answer away.
 */
import { z } from "zod";
import { expressionCheckSchema } from "../expr";
import { DEFAULT_ATOL, DEFAULT_RTOL, DEFAULT_TOLERANCE, describeTolerance, toleranceSchema, type Tolerance } from "./tolerance";

export { DEFAULT_ATOL, DEFAULT_RTOL, DEFAULT_TOLERANCE, toleranceSchema, type Tolerance, type ToleranceInput } from "./tolerance";

export const numberSpecSchema = z.object({
  kind: z.literal("number"),
  /** How close the answer must be (grader/answers/tolerance.ts); 3 significant figures unless the author says otherwise. */
  tolerance: toleranceSchema.default(DEFAULT_TOLERANCE),
});

export const integerSpecSchema = z.object({
  kind: z.literal("integer"),
  /** Accept arithmetic such as `3*16*3*3 + 16`, evaluated exactly (the handout allows leaving a count as a product). */
  allowArithmetic: z.boolean().default(true),
});

export const matrixSpecSchema = z
  .object({
    kind: z.literal("matrix"),
    /** How close each entry must be (grader/answers/tolerance.ts); 3 significant figures when neither this nor rtol/atol is given. */
    tolerance: toleranceSchema.optional(),
    /** Older documents' relative tolerance, per entry: |answer − reference| ≤ atol + rtol·|reference|. Prefer `tolerance`. */
    rtol: z.number().nonnegative().optional(),
    atol: z.number().nonnegative().optional(),
    /** The expected shape in the problem's own symbols (`h×1`), for messages such as "enter an h×1 vector". */
    shapeName: z.string().max(40).optional(),
    /** Score the fraction of correct entries instead of all or nothing; off by default, so an answer scores 1 or 0. */
    partialCredit: z
      .boolean()
      .default(false)
      .describe("per-entry partial credit: the fraction of entries right, instead of all or nothing"),
  })
  .refine((spec) => spec.tolerance === undefined || (spec.rtol === undefined && spec.atol === undefined), {
    message: "give either tolerance or the older rtol/atol, not both",
    path: ["tolerance"],
  });

const symbolSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a symbol is a letter or _ followed by letters, digits or _");

export const shapeSpecSchema = z.object({
  kind: z.literal("shape"),
  /** Symbols the answer may use (`N` for a batch size). */
  symbols: z.array(symbolSchema).default([]),
  partialCredit: z.boolean().default(false),
});

export const dimensionsSpecSchema = z.object({
  kind: z.literal("dimensions"),
  /** The problem's dimension names (`m`, `n`, `l`); numbers are always allowed. */
  symbols: z.array(symbolSchema).default([]),
  partialCredit: z.boolean().default(false),
});

export const choiceOptionSchema = z.object({
  /** Stable id, what a submission carries (never the displayed position, which is shuffled). */
  id: z.string().min(1),
  /** Markdown with LaTeX. */
  text: z.string(),
  /** Shown when this option is chosen wrongly (or left out, for a correct one in a multiple choice). */
  feedback: z.string().optional(),
});

export const choiceSpecSchema = z
  .object({
    kind: z.literal("choice"),
    options: z.array(choiceOptionSchema).min(2),
    multiple: z.boolean().default(false),
    /** Shuffle the options per variant (deterministically from the variant seed). */
    shuffle: z.boolean().default(true),
    /** Multiple choice: (right picks − wrong picks) / right options, at least 0, instead of all or nothing. */
    partialCredit: z
      .boolean()
      .default(false)
      .describe("per-option partial credit for a multiple choice: (right picks − wrong picks) / right options, at least 0"),
  })
  .refine((spec) => new Set(spec.options.map((option) => option.id)).size === spec.options.length, "option ids must be distinct")
  // A single choice is right or wrong: a partial-credit flag there would promise what the grader never gives.
  .refine((spec) => spec.multiple || !spec.partialCredit, {
    message: "partial credit is per option, so it needs multiple: true",
    path: ["partialCredit"],
  });

export const expressionSpecSchema = expressionCheckSchema.extend({ kind: z.literal("expression") });

export const rubricItemSchema = z.object({
  /** Stable id: what a TA's grade records, and what the analytics count. */
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, "a rubric item id is 1 to 40 letters, digits, _, . or -"),
  /** What the TA checks for, shown on the grading page (plain text). */
  label: z.string().min(1).max(300),
  /** Points given when the item is checked; negative items take points off. */
  points: z.number().finite(),
});
export type RubricItem = z.output<typeof rubricItemSchema>;

/** Longest free-text answer a part may accept: a few paragraphs of reasoning, not an essay. */
export const FREE_TEXT_MAX_LENGTH = 20_000;

export const freeTextSpecSchema = z
  .object({
    kind: z.literal("freeText"),
    /** Characters (UTF-16 code units) the answer may have; longer answers are refused with a message, nothing stored. */
    maxLength: z.number().int().min(1).max(FREE_TEXT_MAX_LENGTH).default(4000),
    /** Optional: what a TA ticks; the score is the ticked items' points, capped to the part's points. */
    rubric: z.array(rubricItemSchema).max(30).default([]),
  })
  .refine((spec) => new Set(spec.rubric.map((item) => item.id)).size === spec.rubric.length, {
    message: "rubric item ids must be distinct",
    path: ["rubric"],
  });

export const answerSpecSchema = z.union([
  numberSpecSchema,
  integerSpecSchema,
  matrixSpecSchema,
  shapeSpecSchema,
  dimensionsSpecSchema,
  choiceSpecSchema,
  expressionSpecSchema,
  freeTextSpecSchema,
]);

export type AnswerSpecInput = z.input<typeof answerSpecSchema>;
export type AnswerSpec = z.output<typeof answerSpecSchema>;
export type AnswerKind = AnswerSpec["kind"];
export type SpecOf<K extends AnswerKind> = Extract<AnswerSpec, { kind: K }>;

/** The tolerance a numeric part is graded with; null for kinds that take none (an integer is exact). */
export function toleranceOf(spec: AnswerSpec): Tolerance | null {
  if (spec.kind === "number") return spec.tolerance;
  if (spec.kind !== "matrix") return null;
  if (spec.tolerance) return spec.tolerance;
  if (spec.rtol === undefined && spec.atol === undefined) return DEFAULT_TOLERANCE;
  return { type: "relative", rtol: spec.rtol ?? DEFAULT_RTOL, atol: spec.atol ?? DEFAULT_ATOL };
}

/** What the page shows beside a numeric input: "to 3 significant figures", or "exactly" for a count; null for other kinds. */
export function precisionRule(spec: { kind: AnswerKind }): string | null {
  if (spec.kind === "integer") return "exactly, as a whole number";
  if (spec.kind !== "number" && spec.kind !== "matrix") return null;
  return describeTolerance(toleranceOf(spec as SpecOf<"number" | "matrix">) ?? DEFAULT_TOLERANCE);
}
