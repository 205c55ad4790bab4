/**
 * Drawing a document's variant from the engine's seeded generator:
 * dimensions first, in the order they are declared, redrawn as a whole
 * until the constraints hold and every network fits; then each variable's
 * entries, row-major, in the order the variables are declared. Seed 0
 * takes the handout's fixed values where the document gives them.
 *
 * The parameters are plain JSON, as the problem format asks: every
 * variable as rows of numbers in its concrete shape (a scalar is [[v]], a
 * column of n is n rows of one).
 */
import type { Rng } from "../autograd";
import { pick, randomInt } from "../variant-tools/draw";
import { DocumentError, DocumentErrorCode } from "./errors";
import { DOCUMENT_LIMITS } from "./limits";
import { LayerRefusedError, resolveNetwork, type Dimensions } from "./networks";
import type { DocumentDimension, DocumentVariable, ProblemDocument } from "./schema";

export interface DocumentParams {
  dimensions: Record<string, number>;
  variables: Record<string, number[][]>;
}

/** The concrete rows × columns of a declared shape ([] → 1×1, [n] → n×1). */
export function concreteShape(shape: readonly (number | string)[], dimensions: Dimensions): [number, number] {
  const size = (entry: number | string) => (typeof entry === "number" ? entry : dimensions[entry]);
  return [shape.length > 0 ? size(shape[0]) : 1, shape.length > 1 ? size(shape[1]) : 1];
}

/** The smallest and largest size a dimension can take. */
export function dimensionBounds(dimension: DocumentDimension): { min: number; max: number } {
  if (typeof dimension === "number") return { min: dimension, max: dimension };
  if (dimension.value !== undefined) return { min: dimension.value, max: dimension.value };
  if (dimension.oneOf !== undefined) return { min: Math.min(...dimension.oneOf), max: Math.max(...dimension.oneOf) };
  return { min: dimension.min!, max: dimension.max! };
}

function drawDimension(dimension: DocumentDimension, rng: Rng): number {
  if (typeof dimension === "number") return dimension;
  if (dimension.value !== undefined) return dimension.value;
  if (dimension.oneOf !== undefined) return pick(rng, dimension.oneOf);
  return randomInt(rng, dimension.min!, dimension.max!);
}

/** Why a set of sizes is not acceptable, with the path of what refuses it, or null. */
export function dimensionProblem(document: ProblemDocument, dimensions: Dimensions): { path: (string | number)[]; message: string } | null {
  for (const [index, constraint] of document.constraints.entries()) {
    const sizes = constraint.dimensions.map((name) => dimensions[name]);
    if (new Set(sizes).size !== sizes.length) {
      return { path: ["constraints", index], message: `${constraint.dimensions.join(", ")} must be distinct, but got ${sizes.join(", ")}` };
    }
  }
  for (const [name, network] of Object.entries(document.networks)) {
    try {
      resolveNetwork(network, dimensions);
    } catch (error) {
      if (!(error instanceof LayerRefusedError)) throw error;
      return { path: ["networks", name, "layers", error.layerIndex], message: error.message };
    }
  }
  return null;
}

function nullPrototype<T>(entries: Iterable<[string, T]>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, Object.fromEntries(entries));
}

function drawDimensions(document: ProblemDocument, rng: Rng, seed: number): Record<string, number> {
  const handout = seed === 0 ? document.handout?.dimensions : undefined;
  let problem: ReturnType<typeof dimensionProblem> = null;
  for (let attempt = 0; attempt < DOCUMENT_LIMITS.maxDimensionDraws; attempt++) {
    const drawn = Object.entries(document.dimensions).map(([name, dimension]): [string, number] => [name, drawDimension(dimension, rng)]);
    const dimensions = nullPrototype(drawn.map(([name, value]) => [name, handout && Object.hasOwn(handout, name) ? handout[name] : value]));
    problem = dimensionProblem(document, dimensions);
    if (problem === null) return dimensions;
  }
  throw new DocumentError(
    DocumentErrorCode.Unsatisfiable,
    problem!.path,
    `no sizes satisfying it were drawn in ${DOCUMENT_LIMITS.maxDimensionDraws} attempts (last: ${problem!.message})`,
  );
}

function drawEntry(variable: DocumentVariable, rng: Rng): number {
  const distribution = variable.distribution ?? { kind: "normal", mean: 0, std: 1 };
  switch (distribution.kind) {
    case "normal":
      return distribution.mean + distribution.std * rng.normal();
    case "uniform":
      return distribution.low + (distribution.high - distribution.low) * rng.uniform();
    case "integers":
      return randomInt(rng, distribution.min, distribution.max);
    case "onehot":
      // Drawn a column at a time by oneHotColumns; never one entry alone.
      throw new Error("a one-hot variable is drawn by columns");
  }
}

/** rows×cols with one 1 per column, in a row drawn uniformly: the one-hot encodings of cols labels. */
function oneHotColumns(rows: number, cols: number, rng: Rng): number[][] {
  const grid = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  for (let j = 0; j < cols; j++) grid[randomInt(rng, 0, rows - 1)][j] = 1;
  return grid;
}

function roundedEntry(variable: DocumentVariable, rng: Rng, name: string): number {
  for (let attempt = 0; attempt < DOCUMENT_LIMITS.maxEntryDraws; attempt++) {
    let value = drawEntry(variable, rng);
    if (variable.round !== undefined) {
      const scale = 10 ** variable.round;
      value = Math.round(value * scale) / scale;
    }
    if (Object.is(value, -0)) value = 0; // -0 prints as 0 but is not 0 to Object.is, and JSON loses it
    if (!variable.nonzero || value !== 0) return value;
  }
  throw new DocumentError(
    DocumentErrorCode.InvalidDistribution,
    ["variables", name, "nonzero"],
    `no nonzero entry in ${DOCUMENT_LIMITS.maxEntryDraws} draws`,
  );
}

/** The variant's parameters for a seed. Throws DocumentError (validation reports it with the seed). */
export function drawParams(document: ProblemDocument, rng: Rng, seed: number): DocumentParams {
  const dimensions = drawDimensions(document, rng, seed);
  const handout = seed === 0 ? document.handout?.variables : undefined;
  const variables = nullPrototype<number[][]>([]);
  for (const [name, variable] of Object.entries(document.variables)) {
    const [rows, cols] = concreteShape(variable.shape, dimensions);
    const drawn =
      variable.distribution?.kind === "onehot"
        ? oneHotColumns(rows, cols, rng)
        : Array.from({ length: rows }, () => Array.from({ length: cols }, () => roundedEntry(variable, rng, name)));
    variables[name] = handout && Object.hasOwn(handout, name) ? handoutValue(handout[name], rows, cols, name) : drawn;
  }
  return { dimensions, variables };
}

/** A handout value in rows: a number for a 1×1, or rows of exactly the variable's shape. */
function handoutValue(value: number | number[][], rows: number, cols: number, name: string): number[][] {
  const grid = typeof value === "number" ? [[value]] : value;
  if (grid.length !== rows || grid.some((row) => row.length !== cols)) {
    throw new DocumentError(
      DocumentErrorCode.InvalidHandout,
      ["handout", "variables", name],
      `must be ${rows}×${cols} at the handout's sizes (as rows of numbers)`,
    );
  }
  return grid.map((row) => [...row]);
}
