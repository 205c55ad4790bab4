import { Tensor } from "../tensor";
import { normalizeDim, numel } from "../shape";

/**
 * Swaps two dimensions, copying into a fresh row-major array (storage is
 * always contiguous here, unlike PyTorch's strided views; values agree).
 * The VJP is the same swap applied to the gradient.
 */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const d0 = normalizeDim(dim0, x.ndim, "transpose");
  const d1 = normalizeDim(dim1, x.ndim, "transpose");
  if (d0 === d1 || x.ndim < 2) return Tensor.fromOp("TransposeBackward", x.data, x.shape, [x], (g) => [g]);
  const shape = [...x.shape];
  [shape[d0], shape[d1]] = [shape[d1], shape[d0]];
  const output = permuteSwap(x.data, x.shape, d0, d1);
  return Tensor.fromOp("TransposeBackward", output, shape, [x], (gradOutput) => [permuteSwap(gradOutput, shape, d0, d1)]);
}

/**
 * Copies `data` (of `shape`) into the layout with dimensions d0 and d1
 * swapped. Seen as [outer, A, mid, B, inner] (A and B the swapped sizes),
 * the output is [outer, B, mid, A, inner]: whole runs of `inner` values move
 * together, so no index table is built (the Transformer's head split moves
 * runs of a head's 16 features).
 */
export function permuteSwap(data: Float64Array, shape: readonly number[], d0: number, d1: number): Float64Array {
  const first = Math.min(d0, d1);
  const second = Math.max(d0, d1);
  const product = (from: number, to: number) => numel(shape.slice(from, to));
  const outer = product(0, first);
  const a = shape[first];
  const mid = product(first + 1, second);
  const b = shape[second];
  const inner = product(second + 1, shape.length);
  const output = new Float64Array(data.length);
  // Output steps for one step of a (over mid, b and inner of the output's later dims) and of b.
  const aStep = inner;
  const bStep = mid * a * inner;
  const midStep = a * inner;
  let from = 0;
  for (let o = 0; o < outer; o++) {
    const outerStart = o * b * bStep;
    for (let i = 0; i < a; i++) {
      for (let m = 0; m < mid; m++) {
        for (let j = 0; j < b; j++, from += inner) {
          const to = outerStart + j * bStep + m * midStep + i * aStep;
          for (let k = 0; k < inner; k++) output[to + k] = data[from + k];
        }
      }
    }
  }
  return output;
}
