/**
 * The problem document: a problem as data, so that an instructor can write
 * one in the browser (or in git) with the power of the file-based bank and
 * without any code of theirs running on the server. Every computed value
 * (a reference, a known mistake, a sample answer) is an expression in the
 * grader's expression language, evaluated by the engine on the variant's
 * drawn values.
 *
 * Conventions:
 * - Names (dimensions, variables, definitions, networks) are a letter
 *   followed by letters, digits or `_`, and declaration order matters:
 *   dimensions and then variables are drawn in the order written.
 * - Shapes follow grader/expr: [] is a scalar, [n] an n×1 column, [m, n] a
 *   matrix; each entry a dimension name or a whole number.
 * - Layers of a network are numbered from 1, as handouts number them.
 * - Objects are strict: a misspelt field is an error, not ignored.
 */
import { z } from "zod";
import {
  dimensionsSpecSchema,
  expressionSpecSchema,
  integerSpecSchema,
  matrixSpecSchema,
  numberSpecSchema,
  shapeSpecSchema,
  choiceSpecSchema,
  freeTextSpecSchema,
} from "../answers/spec";
import { LAYER_SIGNATURES, LAYER_TYPES, type ArgumentSignature, type LayerSpec } from "../autograd";
import { DOCUMENT_LIMITS as LIMITS } from "./limits";

type LayerType = LayerSpec["type"];

/**
 * A name: what expressions, shapes and `{{placeholders}}` refer to. Names
 * that Object.prototype already has (`constructor`, `toString`,
 * `__proto__`) are refused outright, so that no lookup anywhere can reach
 * a prototype's property by way of a document.
 */
export const nameSchema = z
  .string()
  .max(32)
  .regex(/^\p{L}[\p{L}\p{N}_]*$/u, "a name is a letter followed by letters, digits or _")
  .refine((name) => !(name in Object.prototype), "this name is reserved");

const text = (max: number = LIMITS.maxTextFieldLength) => z.string().max(max);

/** A size: a whole number or the name of a dimension. */
const sizeSchema = z
  .union([z.number().int().min(1).max(LIMITS.maxDimensionSize), nameSchema])
  .meta({ id: "Size", description: "A whole number from 1, or the name of a dimension." });

// ------------------------------------------------------------------ dimensions

const dimensionSize = z.number().int().min(2).max(LIMITS.maxDimensionSize);

/**
 * A dimension: a fixed size (`4`, or `{ "value": 4 }`), a range drawn
 * uniformly (`{ "min": 2, "max": 5 }`, both ends included), or one of a
 * list (`{ "oneOf": [28, 32, 64] }`). Sizes are at least 2, so that a
 * vector never passes for a scalar; write 1 as a literal in shapes.
 */
export const dimensionSchema = z.union([
  dimensionSize,
  z
    .strictObject({
      value: dimensionSize.optional(),
      min: dimensionSize.optional(),
      max: dimensionSize.optional(),
      oneOf: z.array(dimensionSize).min(1).max(64).optional(),
      /** LaTeX for the name in the parameter list (`d` by default). */
      latex: text(200).optional(),
      description: text(200).optional(),
    })
    .superRefine((dimension, context) => {
      const forms = [
        dimension.value !== undefined,
        dimension.min !== undefined || dimension.max !== undefined,
        dimension.oneOf !== undefined,
      ];
      if (forms.filter(Boolean).length !== 1) {
        context.addIssue({ code: "custom", message: "give exactly one of value, min and max, or oneOf" });
      } else if (forms[1] && (dimension.min === undefined || dimension.max === undefined)) {
        context.addIssue({
          code: "custom",
          message: "a range needs both min and max",
          path: [dimension.min === undefined ? "min" : "max"],
        });
      } else if (forms[1] && dimension.max! < dimension.min!) {
        context.addIssue({ code: "custom", message: "max must be at least min", path: ["max"] });
      }
    }),
]);

/**
 * `{ "kind": "distinct", "dimensions": ["d", "h"] }`: the sizes drawn for these dimensions all differ (so a missing transpose
 * cannot go unnoticed).
 */
export const constraintSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("distinct"), dimensions: z.array(nameSchema).min(2).max(LIMITS.maxDimensions) }),
]);

// ------------------------------------------------------------------ variables

/**
 * Where a variable's entries come from. `integers` draws whole numbers from
 * min to max, both included; `onehot` draws a whole column at a time, the
 * one-hot encoding of a class (a C×N target holds N samples' labels).
 */
export const distributionSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("normal"), mean: z.number().default(0), std: z.number().positive().default(1) }),
  z
    .strictObject({ kind: z.literal("uniform"), low: z.number(), high: z.number() })
    .refine((d) => d.high > d.low, { message: "high must be above low", path: ["high"] }),
  z
    .strictObject({ kind: z.literal("integers"), min: z.number().int(), max: z.number().int() })
    .refine((d) => d.max >= d.min, { message: "max must be at least min", path: ["max"] }),
  z.strictObject({ kind: z.literal("onehot") }).describe("class labels: each column has one 1, in a row drawn uniformly, and 0 elsewhere"),
]);

export const variableSchema = z.strictObject({
  shape: z.array(sizeSchema).max(2),
  /** The standard normal when left out. */
  distribution: distributionSchema.optional(),
  /** Round each entry to this many decimals: short numbers a student can type. */
  round: z.number().int().min(0).max(6).optional(),
  /** Redraw entries that are exactly 0 (after rounding): no entry hides a term. */
  nonzero: z.boolean().optional(),
  latex: text(200).optional(),
  description: text(200).optional(),
  /** Listed with the variant's parameters (default true); a hidden variable is still usable in `{{placeholders}}`. */
  display: z.boolean().optional(),
});

// ------------------------------------------------------------------ networks

/** A spatial size that may be 0 (padding, output padding). */
const geometrySize = z
  .union([z.number().int().min(0).max(LIMITS.maxDimensionSize), nameSchema])
  .meta({ id: "PaddingSize", description: "A whole number from 0, or the name of a dimension." });
const sizePair = z
  .union([sizeSchema, z.tuple([sizeSchema, sizeSchema])])
  .meta({ id: "SizePair", description: "A size for both spatial dimensions, or [h, w]." });
const paddingPair = z
  .union([geometrySize, z.tuple([geometrySize, geometrySize])])
  .meta({ id: "PaddingPair", description: "A padding for both spatial dimensions, or [h, w]." });

/** What a layer argument of each kind accepts in a document: sizes may be dimension names. */
function argumentSchema(argument: ArgumentSignature): z.ZodType {
  const pair = argument.python.includes("padding") ? paddingPair : sizePair;
  switch (argument.kind) {
    case "count":
      return sizeSchema;
    case "int":
      return z.number().int().min(-8).max(8);
    case "intOrNone":
      return z.number().int().min(-LIMITS.maxDimensionSize).max(LIMITS.maxDimensionSize).nullable();
    case "float":
      return z.number();
    case "floatOrNone":
      return z.number().nullable();
    case "bool":
      return z.boolean();
    case "pair":
      return pair;
    case "pairOrNone":
      return pair.nullable();
    case "padding":
      return z.union([z.enum(["same", "valid"]), pair]);
    case "shape":
      return z.union([sizeSchema, z.array(sizeSchema).min(1).max(4)]);
    case "choice":
      return z.enum(argument.choices as [string, ...string[]]);
  }
}

/**
 * One layer type: its constructor's arguments that a LayerSpec keeps, in
 * camelCase, required where PyTorch requires them. Built from the engine's
 * signature table, the one pytorchConstructor and layerFromCall use.
 */
function layerTypeSchema(type: LayerType) {
  const fields: Record<string, z.ZodType> = {};
  for (const argument of LAYER_SIGNATURES[type]) {
    if (argument.field === undefined || argument.ignored) continue;
    const schema = argumentSchema(argument);
    fields[argument.field] = "default" in argument ? schema.optional() : schema;
  }
  /** `inFeatures: "auto"` takes the size of the incoming features, as nn.LazyLinear does. */
  if (type === "Linear") fields.inFeatures = z.union([z.literal("auto"), sizeSchema]);
  const names = LAYER_SIGNATURES[type].map((argument) => argument.python).filter((name) => name !== "device" && name !== "dtype");
  return z
    .strictObject({ type: z.literal(type), ...fields })
    .meta({ description: `torch.nn.${type}(${names.join(", ")}), arguments in camelCase` });
}

/**
 * Layers as torch.nn constructors (camelCase), with sizes (channels,
 * features, hidden sizes, heads, kernel, stride, padding) that may be
 * dimension names, and kernel, stride and padding as a size or an [h, w]
 * pair. Every layer summarize knows.
 */
export const layerSchema = z.discriminatedUnion(
  "type",
  LAYER_TYPES.map(layerTypeSchema) as unknown as [ReturnType<typeof layerTypeSchema>, ...ReturnType<typeof layerTypeSchema>[]],
  // Built from a table, the union's type is only as precise as DocumentLayer.
) as unknown as z.ZodType<DocumentLayer, DocumentLayer>;

/** A layer as written in a document: its type and its camelCase arguments, sizes possibly dimension names. */
export interface DocumentLayer {
  type: LayerType;
  [field: string]: DocumentLayerValue;
}
export type DocumentLayerValue = number | string | boolean | null | undefined | readonly (number | string)[];

/**
 * A layer stack, summarised per variant by the engine's `summarize`:
 * references read its table with layerParams(net, i), layerBuffers(net, i),
 * denseParams(net, i) and outputSize(net, i, d), and shape parts with
 * `{ "outputShape": { "network": net, "layer": i } }`.
 */
export const networkSchema = z.strictObject({
  /**
   * Any rank: (N, C, H, W) for images, (L, N, H) for a sequence, (N, L) of
   * token indices. The first two sizes (a batch, a sequence length) may be
   * symbols such as N or L that are not dimensions.
   */
  input: z.array(sizeSchema).min(1).max(5),
  layers: z.array(layerSchema).min(1).max(LIMITS.maxLayers),
});

// ------------------------------------------------------------------ parts

/** A JSON value a student could submit: text, a number, or nested arrays of them. */
export type SampleLiteral = string | number | SampleLiteral[];
const sampleLiteralSchema: z.ZodType<SampleLiteral> = z
  .lazy(() => z.union([z.string().max(LIMITS.maxTextFieldLength), z.number(), z.array(sampleLiteralSchema).max(4096)]))
  .meta({ id: "SampleLiteral", description: "Text, a number, or nested arrays of them: a value as a student would submit it." });

/**
 * A sample answer: written as a student would (`"W1.T @ x.T"`, `[[1, 2]]`),
 * or computed on the variant from an expression and written in one of the
 * forms students use: `json` (nested arrays, or a number), `numpy`
 * (`np.array([[…]])`), `matlab` (`[1 2; 3 4]`).
 */
export const sampleSchema = z.union([
  sampleLiteralSchema,
  z.strictObject({ expression: text(), as: z.enum(["json", "numpy", "matlab"]).default("json") }),
]);

/**
 * A wrong answer with its own feedback: an expression (evaluated on the variant, or on random instances for an expression part)
 * or a literal value.
 */
export const knownMistakeSchema = z
  .strictObject({
    id: z.string().max(100).optional(),
    message: text(),
    expression: text().optional(),
    value: sampleLiteralSchema.optional(),
  })
  .refine((mistake) => (mistake.expression === undefined) !== (mistake.value === undefined), "give either an expression or a value");

/**
 * What a part is graded against: an expression (the usual case: `grad(L,
 * W1)`, `layerParams(cnn, 3)`), a literal value (a choice's option id, a
 * list of dimension names), or the output shape of a network's layer.
 */
export const referenceSchema = z.union([
  text(),
  z.strictObject({ value: sampleLiteralSchema }),
  z.strictObject({ outputShape: z.strictObject({ network: nameSchema, layer: z.number().int().min(1) }) }),
]);

/** An expression part's options: those of grader/answers, except its context, which the document supplies. */
const expressionAnswerSchema = expressionSpecSchema
  .omit({ context: true, knownMistakes: true, limits: true })
  .extend({
    /** Definitions this part leaves out of the names a student may use (those it asks for). */
    hide: z.array(nameSchema).max(LIMITS.maxDefinitions).default([]),
  })
  .strict();

export const answerSchema = z.discriminatedUnion("kind", [
  numberSpecSchema.strict(),
  integerSpecSchema.strict(),
  matrixSpecSchema.strict(),
  shapeSpecSchema.strict(),
  dimensionsSpecSchema.strict(),
  choiceSpecSchema.strict(),
  expressionAnswerSchema,
  freeTextSpecSchema.strict(),
]);

export const partSchema = z.strictObject({
  /** Stable: gradebook columns and stored submissions refer to it. */
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, "a part id is letters, digits, '.', '_' or '-', starting with a letter or digit"),
  /** Markdown with LaTeX and `{{placeholders}}`. */
  prompt: text(),
  points: z.number().positive().max(1000).default(1),
  answer: answerSchema,
  /** Required for every kind but freeText, which a person grades (grader/authoring/parts/free-text.ts). */
  reference: referenceSchema.optional(),
  knownMistakes: z.array(knownMistakeSchema).max(LIMITS.maxKnownMistakes).default([]),
  hints: z.array(text()).max(LIMITS.maxHints).default([]),
  /**
   * For validation on many seeds: each correct sample must score 1, each
   * wrong one below 1. Parts of value kinds also get their reference as a
   * correct sample and, where one can be made, a perturbed wrong one.
   */
  samples: z
    .strictObject({
      correct: z.array(sampleSchema).max(LIMITS.maxSamples).default([]),
      wrong: z.array(sampleSchema).max(LIMITS.maxSamples).default([]),
    })
    .default({ correct: [], wrong: [] }),
});

// ------------------------------------------------------------------ the document

/** Fixed values for seed 0, the handout's own numbers (the bank's convention): dimensions by name, variables as numbers or nested rows. */
export const handoutSchema = z.strictObject({
  dimensions: z.record(nameSchema, z.number().int().min(1).max(LIMITS.maxDimensionSize)).default({}),
  variables: z
    .record(nameSchema, z.union([z.number(), z.array(z.array(z.number()).max(LIMITS.maxVariableEntries)).max(LIMITS.maxVariableEntries)]))
    .default({}),
});

const bounded = <T extends z.ZodType>(record: T, max: number, what: string) =>
  record.refine((value) => Object.keys(value as object).length <= max, `at most ${max} ${what}`);

export const problemDocumentSchema = z.strictObject({
  /** For editors: the address of problem-document.schema.json. Ignored by the grader. */
  $schema: z.string().max(500).optional(),
  slug: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "a slug is lowercase letters and digits in words joined by '-'")
    .max(64),
  title: text(200).min(1),
  /** Bump whenever references, tolerances or parts change. */
  version: z.number().int().min(1).default(1),
  source: text(200).optional(),
  /** Markdown with LaTeX and `{{placeholders}}` (see placeholders.ts). */
  statement: text(LIMITS.maxStatementLength),
  dimensions: bounded(z.record(nameSchema, dimensionSchema), LIMITS.maxDimensions, "dimensions").default({}),
  constraints: z.array(constraintSchema).max(LIMITS.maxDimensions).default([]),
  variables: bounded(z.record(nameSchema, variableSchema), LIMITS.maxVariables, "variables").default({}),
  /** Named expressions over the variables, dimensions and other definitions, in any order. */
  definitions: bounded(z.record(nameSchema, text()), LIMITS.maxDefinitions, "definitions").default({}),
  networks: bounded(z.record(nameSchema, networkSchema), LIMITS.maxNetworks, "networks").default({}),
  handout: handoutSchema.optional(),
  parts: z.array(partSchema).min(1).max(LIMITS.maxParts),
});

/** A document as written (defaults left out). */
export type ProblemDocumentInput = z.input<typeof problemDocumentSchema>;
/** A validated document, defaults filled in. */
export type ProblemDocument = z.output<typeof problemDocumentSchema>;
export type DocumentPart = ProblemDocument["parts"][number];
export type DocumentVariable = z.output<typeof variableSchema>;
export type DocumentDimension = z.output<typeof dimensionSchema>;
export type DocumentNetwork = z.output<typeof networkSchema>;
export type DocumentSample = z.output<typeof sampleSchema>;
export type DocumentReference = z.output<typeof referenceSchema>;
