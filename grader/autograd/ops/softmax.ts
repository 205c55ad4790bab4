import { Tensor } from "../tensor";
import { normalizeDim } from "../shape";

export interface SoftmaxOptions {
  /** The dimension normalised over; negative counts from the end, as in PyTorch. */
  dim: number;
}

/**
 * A tensor seen as [outer, size, inner] around one dimension: the lines along
 * `dim` start at o·size·inner + i and step by `inner`.
 */
export interface DimLines {
  outer: number;
  size: number;
  inner: number;
}

export function dimLines(shape: readonly number[], dim: number, opName: string): DimLines {
  const d = normalizeDim(dim, shape.length, opName);
  if (shape.length === 0) return { outer: 1, size: 1, inner: 1 };
  let outer = 1;
  for (let k = 0; k < d; k++) outer *= shape[k];
  let inner = 1;
  for (let k = d + 1; k < shape.length; k++) inner *= shape[k];
  return { outer, size: shape[d], inner };
}

/** Calls visit(start) for the first element of every line along the dimension. */
export function forEachLine(lines: DimLines, visit: (start: number) => void): void {
  for (let o = 0; o < lines.outer; o++) {
    for (let i = 0; i < lines.inner; i++) visit(o * lines.size * lines.inner + i);
  }
}

/** The largest value on the line along the dimension that starts at `start`: what softmax shifts by. */
export function lineMax(xs: Float64Array, start: number, { size, inner }: DimLines): number {
  let max = -Infinity;
  for (let k = 0, p = start; k < size; k++, p += inner) max = Math.max(max, xs[p]);
  return max;
}

/**
 * softmax(x)ᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m) along `dim`, as
 * torch.softmax, with m the line's maximum so that no exponential
 * overflows (logits of 1000 give finite values). The VJP, from the output
 * as PyTorch does: ∂L/∂xᵢ = yᵢ·(gᵢ − Σⱼ gⱼyⱼ).
 */
export function softmax(x: Tensor, options: SoftmaxOptions): Tensor {
  const lines = dimLines(x.shape, options.dim, "softmax");
  const { size, inner } = lines;
  const xs = x.data;
  const y = new Float64Array(xs.length);
  forEachLine(lines, (start) => {
    const max = lineMax(xs, start, lines);
    // A line of −∞ (or +∞) has no finite maximum to shift by; PyTorch gives NaN there too.
    let total = 0;
    for (let k = 0, p = start; k < size; k++, p += inner) {
      y[p] = Math.exp(xs[p] - max);
      total += y[p];
    }
    for (let k = 0, p = start; k < size; k++, p += inner) y[p] /= total;
  });
  return Tensor.fromOp("SoftmaxBackward", y, x.shape, [x], (g) => {
    const gx = new Float64Array(g.length);
    forEachLine(lines, (start) => {
      let dot = 0;
      for (let k = 0, p = start; k < size; k++, p += inner) dot += g[p] * y[p];
      for (let k = 0, p = start; k < size; k++, p += inner) gx[p] = y[p] * (g[p] - dot);
    });
    return [gx];
  });
}
