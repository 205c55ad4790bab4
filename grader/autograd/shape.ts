/**
 * Shape arithmetic shared by the ops. Storage is always contiguous and
 * row-major (the last dimension varies fastest), as a fresh PyTorch tensor.
 */
import { AutogradError, AutogradErrorCode, formatShape } from "./errors";

export function numel(shape: readonly number[]): number {
  let count = 1;
  for (const size of shape) count *= size;
  return count;
}

/** Row-major strides, in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= shape[d];
  }
  return strides;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, d) => size === b[d]);
}

/** A dimension index in [-ndim, ndim), as PyTorch accepts it, made non-negative. */
export function normalizeDim(dim: number, ndim: number, opName: string): number {
  // PyTorch treats a 0-d tensor as having one addressable dimension (0 or -1).
  const range = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -range || dim >= range) {
    throw new AutogradError(
      AutogradErrorCode.InvalidArgument,
      `${opName}: dimension out of range (expected to be in range of [${-range}, ${range - 1}], but got ${dim})`,
    );
  }
  return dim < 0 ? dim + range : dim;
}

/**
 * PyTorch (NumPy) broadcasting: align shapes at the right; each pair of
 * sizes must be equal or one of them 1.
 */
export function broadcastShapes(a: readonly number[], b: readonly number[], opName: string): number[] {
  const ndim = Math.max(a.length, b.length);
  const out = new Array<number>(ndim);
  for (let d = 0; d < ndim; d++) {
    const sa = a[a.length - ndim + d] ?? 1;
    const sb = b[b.length - ndim + d] ?? 1;
    if (sa !== sb && sa !== 1 && sb !== 1) {
      throw new AutogradError(
        AutogradErrorCode.ShapeMismatch,
        `${opName}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast ` +
          `(size ${sa} vs ${sb} at dimension ${d} of the result)`,
      );
    }
    out[d] = sa === 1 ? sb : sa;
  }
  return out;
}

/**
 * For every element of a tensor of shape `outShape` (row-major order), the
 * index of the element of a tensor of shape `inShape` that broadcasting reads.
 * `inShape` must broadcast to `outShape`. Returns null when the shapes are
 * equal (the map is the identity), so callers can take a direct loop.
 *
 * The same map serves reductions: summing over some dimensions of x maps
 * every element of x (outShape = x.shape) onto the kept-dimension result
 * (inShape = x.shape with 1 at the reduced dimensions).
 */
export function broadcastIndex(outShape: readonly number[], inShape: readonly number[]): Int32Array | null {
  if (sameShape(outShape, inShape)) return null;
  const ndim = outShape.length;
  // Stride of each output dimension inside the input, 0 where it broadcasts.
  const inStrides = stridesOf(inShape);
  const strides = new Array<number>(ndim).fill(0);
  for (let d = 0; d < ndim; d++) {
    const inDim = d - (ndim - inShape.length);
    if (inDim >= 0 && inShape[inDim] !== 1) strides[d] = inStrides[inDim];
  }
  return stridedIndex(outShape, strides);
}

/**
 * For every element of a tensor of `shape` (row-major order), the offset
 * Σ_d index[d]·strides[d]: where that element lands in (or is read from)
 * another layout. Broadcasting (stride 0) and transposition (swapped
 * strides) are both such maps.
 */
export function stridedIndex(shape: readonly number[], strides: readonly number[]): Int32Array {
  const ndim = shape.length;
  const total = numel(shape);
  const map = new Int32Array(total);
  if (total === 0) return map;
  // Odometer over the index; the innermost dimension is a plain loop.
  const counter = new Array<number>(ndim).fill(0);
  const last = ndim - 1;
  const lastSize = ndim === 0 ? 1 : shape[last];
  const lastStride = ndim === 0 ? 0 : strides[last];
  let base = 0;
  for (let i = 0; i < total; i += lastSize) {
    for (let j = 0; j < lastSize; j++) map[i + j] = base + j * lastStride;
    for (let d = last - 1; d >= 0; d--) {
      counter[d]++;
      base += strides[d];
      if (counter[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      counter[d] = 0;
    }
  }
  return map;
}

/**
 * Sums a gradient of shape `gradShape` down to `targetShape`, undoing a
 * broadcast: the vector-Jacobian product of broadcasting is a sum over the
 * broadcast dimensions. Returns `grad` itself when no reduction is needed.
 */
export function sumToShape(grad: Float64Array, gradShape: readonly number[], targetShape: readonly number[]): Float64Array {
  const map = broadcastIndex(gradShape, targetShape);
  if (map === null) return grad;
  const reduced = new Float64Array(numel(targetShape));
  for (let i = 0; i < map.length; i++) reduced[map[i]] += grad[i];
  return reduced;
}
