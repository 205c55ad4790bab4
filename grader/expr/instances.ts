/**
 * Random instances for equivalence checking: sizes for the free dimensions
 * and values for the variables, drawn from the engine's seeded generator so
 * that a part is graded on the same instances on every machine and every
 * regrade.
 *
 * Within an instance all dimensions get distinct sizes (d ≠ h): with equal
 * sizes a missing transpose would evaluate without complaint.
 */
import { createRng, Tensor, type Dim, type LayerSummary, type Rng } from "../autograd";
import type { Environment, Variable } from "./environment";
import { SpecError } from "./errors";
import { concreteShape } from "./shape";

export interface Instance {
  dims: Readonly<Record<string, number>>;
  /** Values of the variables (not of definitions, which are computed from them). */
  values: ReadonlyMap<string, Tensor>;
  /**
   * The tables of the layer stacks an environment declares (its
   * extensions), one row per layer, for layerParams(…) and the other
   * lookups. Only a problem's own draws have them: random instances for
   * grading answers do not, and answers cannot call the lookups.
   */
  networks?: ReadonlyMap<string, readonly LayerSummary<Dim>[]>;
}

/** Tries per dimension before concluding the ranges are too narrow for distinct sizes. */
const MAX_DRAWS_PER_DIMENSION = 256;

export function drawInstances(environment: Environment, count: number, seed: number): Instance[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => drawInstance(environment, rng));
}

function drawInstance(environment: Environment, rng: Rng): Instance {
  const dims: Record<string, number> = {};
  const used = new Set<number>();
  for (const [name, range] of environment.dimensions) {
    let size = drawInteger(rng, range.min, range.max);
    for (let attempt = 1; used.has(size); attempt++) {
      if (attempt >= MAX_DRAWS_PER_DIMENSION) {
        throw new SpecError(
          `context.dimensions.${name}`,
          `cannot draw a size distinct from the other dimensions in [${range.min}, ${range.max}]`,
        );
      }
      size = drawInteger(rng, range.min, range.max);
    }
    used.add(size);
    dims[name] = size;
  }
  const values = new Map<string, Tensor>();
  for (const [name, variable] of environment.variables) values.set(name, drawVariable(variable, dims, rng));
  return { dims, values };
}

function drawInteger(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng.uniform() * (max - min + 1));
}

function drawVariable(variable: Variable, dims: Record<string, number>, rng: Rng): Tensor {
  const shape = concreteShape(variable.shape, dims);
  const data = new Float64Array(shape[0] * shape[1]);
  const distribution = variable.distribution;
  if (distribution.kind === "onehot") {
    // Row-major: column j's 1 is at row·cols + j.
    for (let j = 0; j < shape[1]; j++) data[drawInteger(rng, 0, shape[0] - 1) * shape[1] + j] = 1;
    return new Tensor(data, shape);
  }
  for (let i = 0; i < data.length; i++) {
    data[i] =
      distribution.kind === "normal"
        ? distribution.mean + distribution.std * rng.normal()
        : distribution.low + (distribution.high - distribution.low) * rng.uniform();
  }
  return new Tensor(data, shape);
}
