/** Constructors, named as PyTorch's. Every one takes { requiresGrad } to make a leaf. */
import { AutogradError, AutogradErrorCode, formatShape } from "./errors";
import { numel } from "./shape";
import { Tensor, type NestedArray, type TensorOptions } from "./tensor";
import type { Rng } from "./rng";

/** A tensor from a number (0-d) or rectangular nested arrays, copied. */
export function tensor(data: NestedArray, options: TensorOptions = {}): Tensor {
  const shape: number[] = [];
  for (let level: NestedArray = data; Array.isArray(level); level = level[0]) {
    shape.push(level.length);
    if (level.length === 0) break;
  }
  const values = new Float64Array(numel(shape));
  let written = 0;
  const fill = (value: NestedArray, dim: number, path: string): void => {
    if (dim === shape.length) {
      if (typeof value !== "number") {
        throw new AutogradError(
          AutogradErrorCode.InvalidData,
          `tensor(): expected a number at ${path || "the top level"} (shape ${formatShape(shape)}), but found an array`,
        );
      }
      values[written++] = value;
      return;
    }
    if (!Array.isArray(value) || value.length !== shape[dim]) {
      throw new AutogradError(
        AutogradErrorCode.InvalidData,
        `tensor(): ragged nested arrays: expected a sequence of length ${shape[dim]} at ${path || "the top level"}, ` +
          `but found ${Array.isArray(value) ? `length ${value.length}` : "a number"}`,
      );
    }
    value.forEach((item, i) => fill(item, dim + 1, `${path}[${i}]`));
  };
  fill(data, 0, "");
  return new Tensor(values, shape, options);
}

function checkShape(shape: readonly number[], where: string): void {
  if (shape.some((size) => !Number.isInteger(size) || size < 0)) {
    throw new AutogradError(
      AutogradErrorCode.InvalidArgument,
      `${where}: sizes must be non-negative integers, but got ${formatShape(shape)}`,
    );
  }
}

export function full(shape: readonly number[], value: number, options: TensorOptions = {}): Tensor {
  checkShape(shape, "full");
  return new Tensor(new Float64Array(numel(shape)).fill(value), shape, options);
}

export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return full(shape, 0, options);
}

export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return full(shape, 1, options);
}

/** The n×m matrix with ones on the diagonal (m defaults to n). */
export function eye(n: number, m: number = n, options: TensorOptions = {}): Tensor {
  checkShape([n, m], "eye");
  const values = new Float64Array(n * m);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  return new Tensor(values, [n, m], options);
}

/**
 * Standard normal draws from a seeded generator, filled in row-major order.
 * (The values differ from torch.randn's for the same seed: reproducibility
 * here means across machines running this engine.)
 */
export function randn(shape: readonly number[], rng: Rng, options: TensorOptions = {}): Tensor {
  checkShape(shape, "randn");
  const values = new Float64Array(numel(shape));
  for (let i = 0; i < values.length; i++) values[i] = rng.normal();
  return new Tensor(values, shape, options);
}
