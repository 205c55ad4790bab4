/**
 * The functions of the language, each whole in one entry: how many
 * arguments it takes, the shape it gives, how the engine computes it, what
 * it costs, and how it is written in LaTeX. `grad`, `jacobian` and the
 * layer-table lookups are not here: they need the whole environment and
 * live in the shape checker and the evaluator.
 */
import { eye, ones, zeros, type Tensor } from "../autograd";
import { COST, matrixProductCost } from "./cost";
import type { Dim, Shape } from "./shape";

/** What an argument is: a matrix expression, a size (`h`, `3`), or an axis (the literal 0 or 1). */
export type ArgumentKind = "matrix" | "size" | "axis";

/** Arguments after shape checking: matrices with their shapes, sizes as dimensions, axes as 0 or 1. */
export interface ShapeArguments {
  shapes: Shape[];
  sizes: Dim[];
  axis: 0 | 1 | null;
}

/** A shape rule returns the result's shape, or a sentence saying why the arguments do not fit. */
export type ShapeRule = (args: ShapeArguments) => Shape | { problem: string };

export interface EvaluationArguments {
  tensors: Tensor[];
  sizes: number[];
  axis: 0 | 1 | null;
}

export interface FunctionDefinition {
  name: string;
  /** Kinds of the arguments in order; those from `required` on may be left out. */
  parameters: ArgumentKind[];
  required: number;
  shape: ShapeRule;
  evaluate(args: EvaluationArguments): Tensor;
  /** Estimated cost (cost.ts) on concrete shapes of the arguments and the result. */
  cost(argShapes: [number, number][], result: [number, number]): number;
  latex(args: string[]): string;
}

const entries = (shape: [number, number]) => shape[0] * shape[1];

/** n for an n×1 column or a 1×n row (1 for a scalar); null for anything else. */
function vectorLength(shape: Shape): Dim | null {
  if (shape[1] === 1) return shape[0];
  if (shape[0] === 1) return shape[1];
  return null;
}

function elementwise(name: string, apply: (t: Tensor) => Tensor, latex: (arg: string) => string, weight: number): FunctionDefinition {
  return {
    name,
    parameters: ["matrix"],
    required: 1,
    shape: ({ shapes }) => shapes[0],
    evaluate: ({ tensors }) => apply(tensors[0]),
    cost: (_args, result) => weight * entries(result),
    latex: ([arg]) => latex(arg),
  };
}

/** sum and mean: over everything (a scalar), over rows (axis 0: a 1×n row) or over columns (axis 1: an m×1 column). */
function reduction(name: "sum" | "mean", latexName: string): FunctionDefinition {
  return {
    name,
    parameters: ["matrix", "axis"],
    required: 1,
    shape: ({ shapes, axis }) => (axis === null ? [1, 1] : axis === 0 ? [1, shapes[0][1]] : [shapes[0][0], 1]),
    evaluate: ({ tensors, axis }) => {
      const t = tensors[0];
      if (axis === null) return (name === "sum" ? t.sum() : t.mean()).reshape([1, 1]);
      return name === "sum" ? t.sum(axis, true) : t.mean(axis, true);
    },
    cost: ([arg]) => COST.copy * entries(arg),
    latex: ([arg]) => `\\operatorname{${latexName}}\\left(${arg}\\right)`,
  };
}

function constructor(name: "ones" | "zeros", make: (shape: number[]) => Tensor, symbol: string): FunctionDefinition {
  return {
    name,
    parameters: ["size", "size"],
    required: 1,
    // ones(n) is an n×1 column: vectors are columns.
    shape: ({ sizes }) => [sizes[0], sizes[1] ?? 1],
    evaluate: ({ sizes }) => make([sizes[0], sizes[1] ?? 1]),
    cost: (_args, result) => COST.copy * entries(result),
    latex: ([rows, cols]) => `\\mathbf{${symbol}}_{${rows}\\times ${cols ?? 1}}`,
  };
}

const DEFINITIONS: FunctionDefinition[] = [
  elementwise(
    "sigmoid",
    (t) => t.sigmoid(),
    (a) => `\\sigma\\left(${a}\\right)`,
    COST.transcendental,
  ),
  elementwise(
    "tanh",
    (t) => t.tanh(),
    (a) => `\\tanh\\left(${a}\\right)`,
    COST.transcendental,
  ),
  elementwise(
    "relu",
    (t) => t.relu(),
    (a) => `\\operatorname{relu}\\left(${a}\\right)`,
    COST.cheapFunction,
  ),
  elementwise(
    "exp",
    (t) => t.exp(),
    (a) => `\\exp\\left(${a}\\right)`,
    COST.transcendental,
  ),
  elementwise(
    "log",
    (t) => t.log(),
    (a) => `\\log\\left(${a}\\right)`,
    COST.transcendental,
  ),
  elementwise(
    "sqrt",
    (t) => t.sqrt(),
    (a) => `\\sqrt{${a}}`,
    COST.cheapFunction,
  ),
  elementwise(
    "abs",
    (t) => t.abs(),
    (a) => `\\left|${a}\\right|`,
    COST.cheapFunction,
  ),
  reduction("sum", "sum"),
  reduction("mean", "mean"),
  {
    // diag(v) puts a vector on the diagonal (n×n); diag(A) reads the diagonal of a square A as a column.
    name: "diag",
    parameters: ["matrix"],
    required: 1,
    shape: ({ shapes: [shape] }) => {
      const length = vectorLength(shape);
      if (length !== null) return [length, length];
      if (shape[0] === shape[1]) return [shape[0], 1];
      return { problem: "diag needs a vector (n×1 or 1×n) or a square matrix" };
    },
    evaluate: ({ tensors: [t] }) => {
      const [rows, cols] = t.shape;
      if (rows === 1 || cols === 1) {
        const n = Math.max(rows, cols);
        // I ∘ v broadcasts v along the rows (a column) or the columns (a row): either way entry (i, i) is vᵢ.
        return eye(n).mul(t);
      }
      return t.mul(eye(rows)).sum(1, true);
    },
    // eye(n) ∘ v, or A ∘ eye(n) then a row sum: n² entries made and multiplied.
    cost: ([arg], result) => (COST.copy + COST.arithmetic) * Math.max(entries(arg), entries(result)),
    latex: ([a]) => `\\operatorname{diag}\\left(${a}\\right)`,
  },
  {
    // outer(u, v) = u vᵀ for vectors, whichever way each is written.
    name: "outer",
    parameters: ["matrix", "matrix"],
    required: 2,
    shape: ({ shapes: [u, v] }) => {
      const m = vectorLength(u);
      const n = vectorLength(v);
      if (m === null || n === null) return { problem: "outer needs two vectors" };
      return [m, n];
    },
    evaluate: ({ tensors: [u, v] }) => u.reshape([u.numel, 1]).matmul(v.reshape([1, v.numel])),
    cost: (_args, result) => matrixProductCost(result[0], 1, result[1]),
    latex: ([u, v]) => `\\operatorname{outer}\\left(${u}, ${v}\\right)`,
  },
  {
    name: "trace",
    parameters: ["matrix"],
    required: 1,
    shape: ({ shapes: [shape] }) => (shape[0] === shape[1] ? [1, 1] : { problem: "trace needs a square matrix" }),
    evaluate: ({ tensors: [t] }) => t.mul(eye(t.shape[0])).sum().reshape([1, 1]),
    cost: ([arg]) => (COST.copy + COST.arithmetic) * entries(arg),
    latex: ([a]) => `\\operatorname{tr}\\left(${a}\\right)`,
  },
  constructor("ones", ones, "1"),
  constructor("zeros", zeros, "0"),
  {
    name: "eye",
    parameters: ["size", "size"],
    required: 1,
    shape: ({ sizes }) => [sizes[0], sizes[1] ?? sizes[0]],
    evaluate: ({ sizes }) => eye(sizes[0], sizes[1] ?? sizes[0]),
    cost: (_args, result) => COST.copy * entries(result),
    latex: ([rows, cols]) => (cols === undefined ? `I_{${rows}}` : `I_{${rows}\\times ${cols}}`),
  },
];

export const FUNCTIONS: ReadonlyMap<string, FunctionDefinition> = new Map(DEFINITIONS.map((definition) => [definition.name, definition]));

/** `grad(f, X)`: the gradient of a scalar f with respect to the quantity X, in X's shape. References only. */
export const GRAD = "grad";

/**
 * `jacobian(f, X)`: ∂f/∂X for a vector (or scalar) f and a vector (or
 * scalar) quantity X, as the len(f)×len(X) matrix J[i, j] = ∂fᵢ/∂Xⱼ (the
 * numerator layout of matrix-calculus texts, torch.autograd.functional's
 * layout for vectors). References only. Matrices are refused rather than
 * vectorised: vec(W) of an h×d W has h·d entries, a size the symbolic
 * shapes cannot name; take grad of a scalar instead.
 */
export const JACOBIAN = "jacobian";

/**
 * Lookups in the table of a layer stack (the engine's `summarize`), for
 * references over networks a problem declares: `layerParams(net, i)` and
 * `denseParams(net, i)` are the trainable parameters of layer i and of the
 * fully connected layer between its flattened input and output,
 * `outputSize(net, i, d)` is size d of its output. Layers count from 1, as
 * handouts number them ("layer 3"); d counts from 0, as PyTorch's
 * `shape[d]` does. Every value is a 1×1 scalar. Only where the
 * environment declares networks (EnvironmentExtensions): a problem's own
 * definitions and references, never a student's answer.
 */
export const NETWORK_FUNCTIONS = Object.freeze({
  layerParams: { arguments: 2 },
  denseParams: { arguments: 2 },
  outputSize: { arguments: 3 },
  /** Elements of layer i's buffers (BatchNorm2d's running statistics); 0 for most layers. */
  layerBuffers: { arguments: 2 },
} as const);

export type NetworkFunctionName = keyof typeof NETWORK_FUNCTIONS;

export function isNetworkFunction(name: string): name is NetworkFunctionName {
  return Object.hasOwn(NETWORK_FUNCTIONS, name);
}

/** Functions that need the whole environment, not only their arguments' values: available in references only. */
export function isReferenceFunction(name: string): boolean {
  return name === GRAD || name === JACOBIAN || isNetworkFunction(name);
}

export function isFunctionName(name: string): boolean {
  return FUNCTIONS.has(name) || isReferenceFunction(name);
}
