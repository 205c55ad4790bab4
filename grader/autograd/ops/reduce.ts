/**
 * Shared by sum and mean: which dimensions a reduction removes, and the map
 * from every input element to its output element.
 */
import { Tensor } from "../tensor";
import { broadcastIndex, normalizeDim } from "../shape";
import { AutogradError, AutogradErrorCode } from "../errors";

export interface Reduction {
  /** The result's shape with the reduced dimensions kept as size 1. */
  keptShape: number[];
  /** The result's shape as returned (reduced dimensions dropped unless keepdim). */
  outShape: number[];
  /** For every input element (row-major), the index of the output element it contributes to. */
  target: Int32Array | null;
  /** How many input elements meet in each output element. */
  count: number;
}

/** `dim` undefined reduces every dimension, as x.sum() does in PyTorch. */
export function planReduction(x: Tensor, dim: number | number[] | undefined, keepdim: boolean, opName: string): Reduction {
  const ndim = x.ndim;
  const dims = dim === undefined ? x.shape.map((_, d) => d) : (Array.isArray(dim) ? dim : [dim]).map((d) => normalizeDim(d, ndim, opName));
  if (new Set(dims).size !== dims.length) {
    throw new AutogradError(
      AutogradErrorCode.InvalidArgument,
      `${opName}: dim ${JSON.stringify(dim)} appears multiple times in the list of dims`,
    );
  }
  const reduced = new Set(dims);
  const keptShape = x.shape.map((size, d) => (reduced.has(d) ? 1 : size));
  const outShape = keepdim ? keptShape : x.shape.filter((_, d) => !reduced.has(d));
  let count = 1;
  for (const d of reduced) if (d < ndim) count *= x.shape[d];
  return { keptShape, outShape, target: broadcastIndex(x.shape, keptShape), count };
}

/** Σ over the reduced dimensions, scaled by `scale` (1 for sum, 1/count for mean). */
export function reduceSum(name: string, x: Tensor, plan: Reduction, scale: number): Tensor {
  const input = x.data;
  const { target } = plan;
  const output = new Float64Array(plan.keptShape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < input.length; i++) output[target === null ? i : target[i]] += input[i];
  if (scale !== 1) for (let j = 0; j < output.length; j++) output[j] *= scale;
  // The VJP of a sum copies each output gradient back to every element that fed it.
  return Tensor.fromOp(name, output, plan.outShape, [x], (gradOutput) => {
    const gradInput = new Float64Array(input.length);
    for (let i = 0; i < input.length; i++) gradInput[i] = gradOutput[target === null ? i : target[i]] * scale;
    return [gradInput];
  });
}
