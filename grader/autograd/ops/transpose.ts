import { Tensor } from "../tensor";
import { normalizeDim, numel, stridedIndex, stridesOf } from "../shape";

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

/** Copies `data` (of `shape`) into the layout with dimensions d0 and d1 swapped. */
function permuteSwap(data: Float64Array, shape: readonly number[], d0: number, d1: number): Float64Array {
  const outShape = [...shape];
  [outShape[d0], outShape[d1]] = [outShape[d1], outShape[d0]];
  const outStrides = stridesOf(outShape);
  // Where a step along each input dimension lands in the output.
  const target = stridedIndex(
    shape,
    stridesOf(shape).map((_, d) => outStrides[d === d0 ? d1 : d === d1 ? d0 : d]),
  );
  const output = new Float64Array(numel(shape));
  for (let i = 0; i < data.length; i++) output[target[i]] = data[i];
  return output;
}
