/**
 * The JSON-serialisable description of an answer: its kind and options.
 * Validated with zod at the edge (when a problem is loaded), so graders can
 * trust their spec. References are not part of a spec: they are computed
 * per variant and passed to gradeAnswer, and a spec can be sent to the
 * browser without giving the answer away.
 */
import { z } from "zod";
import { expressionCheckSchema } from "../expr";

/**
 * Defaults for numbers typed by a student against a float64 reference:
 * a relative tolerance of 1e-3 asks for four significant figures (0.7311
 * for σ(1) = 0.731058…), and an absolute 1e-8 lets an exact 0 match a
 * reference that is 0 up to rounding (1e-17).
 */
export const DEFAULT_RTOL = 1e-3;
export const DEFAULT_ATOL = 1e-8;

export const toleranceSchema = z.discriminatedUnion("type", [
  /** |answer − reference| ≤ atol + rtol·|reference|. */
  z.object({ type: z.literal("relative"), rtol: z.number().nonnegative().default(DEFAULT_RTOL), atol: z.number().nonnegative().default(DEFAULT_ATOL) }),
  /** The answer agrees with the reference to `digits` significant figures (within half a unit in the last one). */
  z.object({ type: z.literal("sigfigs"), digits: z.number().int().min(1).max(15) }),
]);

const DEFAULT_TOLERANCE = { type: "relative" as const, rtol: DEFAULT_RTOL, atol: DEFAULT_ATOL };

export const numberSpecSchema = z.object({
  kind: z.literal("number"),
  tolerance: toleranceSchema.default(DEFAULT_TOLERANCE),
});

export const integerSpecSchema = z.object({
  kind: z.literal("integer"),
  /** Accept arithmetic such as `3*16*3*3 + 16`, evaluated exactly (the handout allows leaving a count as a product). */
  allowArithmetic: z.boolean().default(true),
});

export const matrixSpecSchema = z.object({
  kind: z.literal("matrix"),
  /** Per entry: |answer − reference| ≤ atol + rtol·|reference|. */
  rtol: z.number().nonnegative().default(DEFAULT_RTOL),
  atol: z.number().nonnegative().default(DEFAULT_ATOL),
  /** Score the fraction of correct entries instead of all or nothing. */
  partialCredit: z.boolean().default(false),
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
    partialCredit: z.boolean().default(false),
  })
  .refine((spec) => new Set(spec.options.map((option) => option.id)).size === spec.options.length, "option ids must be distinct");

export const expressionSpecSchema = expressionCheckSchema.extend({ kind: z.literal("expression") });

export const answerSpecSchema = z.union([
  numberSpecSchema,
  integerSpecSchema,
  matrixSpecSchema,
  shapeSpecSchema,
  dimensionsSpecSchema,
  choiceSpecSchema,
  expressionSpecSchema,
]);

export type AnswerSpecInput = z.input<typeof answerSpecSchema>;
export type AnswerSpec = z.output<typeof answerSpecSchema>;
export type AnswerKind = AnswerSpec["kind"];
export type SpecOf<K extends AnswerKind> = Extract<AnswerSpec, { kind: K }>;
