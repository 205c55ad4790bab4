/**
 * The part's quantities: its dimensions (names and the ranges free sizes
 * are drawn from), its variables (declared shapes and the distributions
 * their entries are drawn from), and its definitions (named expressions
 * over them, such as z = sigmoid(W0 @ x + b0), so that an answer may use z
 * or spell it out and be graded the same).
 */
import { z } from "zod";
import { ExprError, SpecError } from "./errors";
import { isFunctionName } from "./functions";
import { resolveLimits, type ExprLimits } from "./limits";
import { parseExpression } from "./parser";
import type { Shape } from "./shape";
import { inferShapes, type ShapeScope, type TypedExpression } from "./shapes";

const identifier = z.string().regex(/^[\p{L}_][\p{L}\p{N}_]*$/u, "a name is a letter or _ followed by letters, digits or _");

/** Sizes drawn for a free dimension, inclusive. At least 2, so a vector never passes for a scalar. */
export const dimensionRangeSchema = z
  .object({ min: z.number().int().min(2), max: z.number().int() })
  .refine((range) => range.max >= range.min, "max must be at least min");

/**
 * A declared shape: [] is a scalar, [n] an n×1 column, [m, n] a matrix;
 * each entry a dimension name or a positive integer.
 */
export const shapeDeclarationSchema = z.array(z.union([z.number().int().min(1), identifier])).max(2);

export const distributionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("normal"), mean: z.number().default(0), std: z.number().positive().default(1) }),
  z.object({ kind: z.literal("uniform"), low: z.number(), high: z.number() }),
  /**
   * Class labels as one-hot columns: each column has one 1, in a row drawn
   * uniformly, and 0 elsewhere (a C×N target holds N samples' labels).
   */
  z.object({ kind: z.literal("onehot") }),
]);

export const variableSchema = z.object({
  shape: shapeDeclarationSchema,
  /** Entries are drawn from this; the standard normal when left out. */
  distribution: distributionSchema.optional(),
});

export const expressionContextSchema = z.object({
  dimensions: z.record(identifier, dimensionRangeSchema).default({}),
  variables: z.record(identifier, variableSchema).default({}),
  /** Named expressions over the variables and other definitions, in any order. */
  definitions: z.record(identifier, z.string()).default({}),
  /** LaTeX for names the problem writes differently (`{ "W0": "W^{(0)}" }`). */
  latex: z.record(identifier, z.string()).optional(),
});

export type ExpressionContextInput = z.input<typeof expressionContextSchema>;
export type ExpressionContext = z.output<typeof expressionContextSchema>;
export type Distribution = z.output<typeof distributionSchema>;

export interface Variable {
  shape: Shape;
  distribution: Distribution;
}

/**
 * What an environment knows beyond its JSON context, for references that a
 * problem computes on its own draws and that students never type: the
 * layer stacks it declares, by name, with their number of layers (the
 * tables themselves come with each instance, see Instance.networks).
 */
export interface EnvironmentExtensions {
  networks?: Readonly<Record<string, number>>;
}

export interface Environment {
  context: ExpressionContext;
  dimensions: ReadonlyMap<string, { min: number; max: number }>;
  variables: ReadonlyMap<string, Variable>;
  definitions: ReadonlyMap<string, TypedExpression>;
  limits: ExprLimits;
  /** Layer stacks by name, with their number of layers; empty unless given as an extension. */
  networks: ReadonlyMap<string, number>;
  /** The scope an expression is checked in; grad(…) only where allowed (references). */
  scope(options: { allowGrad: boolean }): ShapeScope;
}

const STANDARD_NORMAL: Distribution = { kind: "normal", mean: 0, std: 1 };

/** Validates a context and checks every definition; throws SpecError for an author's mistake. */
export function compileEnvironment(
  input: ExpressionContextInput,
  limitOverrides?: Partial<ExprLimits>,
  extensions: EnvironmentExtensions = {},
): Environment {
  const parsed = expressionContextSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SpecError(["context", ...issue.path.map(String)].join("."), issue.message);
  }
  const context = parsed.data;
  const limits = resolveLimits(limitOverrides);
  const dimensions = new Map(Object.entries(context.dimensions));
  const networks = new Map(Object.entries(extensions.networks ?? {}));
  checkNames(context, [...networks.keys()]);

  const variables = new Map<string, Variable>();
  for (const [name, declaration] of Object.entries(context.variables)) {
    for (const dim of declaration.shape) {
      if (typeof dim === "string" && !dimensions.has(dim)) {
        throw new SpecError(`context.variables.${name}.shape`, `unknown dimension ${dim}`);
      }
    }
    const [rows = 1, cols = 1] = declaration.shape;
    variables.set(name, { shape: [rows, cols], distribution: declaration.distribution ?? STANDARD_NORMAL });
  }

  const definitions = new Map<string, TypedExpression>();
  const inProgress: string[] = [];
  const allNames = () => [...dimensions.keys(), ...variables.keys(), ...Object.keys(context.definitions), ...networks.keys()];

  const makeScope = (allowGrad: boolean): ShapeScope => ({
    quantityShape: (name) => variables.get(name)?.shape ?? definitionShape(name),
    isDimension: (name) => dimensions.has(name),
    names: allNames,
    networkLayers: (name) => networks.get(name),
    allowGrad,
  });

  // Definitions are checked on first use, so they may be listed in any order; a cycle is an author's error.
  function definitionShape(name: string): Shape | undefined {
    if (!Object.hasOwn(context.definitions, name)) return undefined;
    const done = definitions.get(name);
    if (done) return done.shape;
    if (inProgress.includes(name)) {
      throw new SpecError(`context.definitions.${name}`, `definitions refer to each other: ${[...inProgress, name].join(" → ")}`);
    }
    inProgress.push(name);
    try {
      const typed = inferShapes(parseExpression(context.definitions[name], { limits }), makeScope(false));
      definitions.set(name, typed);
      return typed.shape;
    } catch (error) {
      if (error instanceof ExprError) throw new SpecError(`context.definitions.${name}`, error.message, error.code);
      throw error;
    } finally {
      inProgress.pop();
    }
  }
  for (const name of Object.keys(context.definitions)) definitionShape(name);

  return { context, dimensions, variables, definitions, limits, networks, scope: ({ allowGrad }) => makeScope(allowGrad) };
}

/** Dimension, variable, definition and network names must differ from each other and from the language's own words. */
function checkNames(context: ExpressionContext, networks: string[]): void {
  const seen = new Map<string, string>();
  const groups: [string, string[]][] = [
    ["dimensions", Object.keys(context.dimensions)],
    ["variables", Object.keys(context.variables)],
    ["definitions", Object.keys(context.definitions)],
    ["networks", networks],
  ];
  for (const [group, names] of groups) {
    for (const name of names) {
      if (isFunctionName(name) || name === "T" || name === "σ") {
        throw new SpecError(`context.${group}.${name}`, `${name} is a word of the expression language and cannot name a quantity`);
      }
      const other = seen.get(name);
      if (other) throw new SpecError(`context.${group}.${name}`, `${name} is already one of the ${other}`);
      seen.set(name, group);
    }
  }
}
