import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";
import { poolGeometry, type PoolGeometryOptions, type WindowGeometry } from "../geometry";
import { reshape } from "./reshape";
import { gradientBuffer } from "../gradient-buffers";

export type MaxPool2dOptions = PoolGeometryOptions;

/**
 * 2-D max pooling, as torch.nn.functional.max_pool2d. Layout NCHW (or CHW).
 * Padding is implicit −∞: padded positions never win.
 *
 * Tie rule (PyTorch's CPU kernel): the window is scanned in row-major order
 * and a value replaces the running maximum only if strictly greater, so the
 * gradient goes to the first maximum; a NaN always replaces it (NaN
 * propagates, and the last NaN in the window receives the gradient). The
 * VJP sends each output gradient to the position that won its window, adding
 * where overlapping windows pick the same position.
 */
export function maxPool2d(input: Tensor, options: MaxPool2dOptions): Tensor {
  if (input.ndim === 3) {
    const batched = maxPool2d(reshape(input, [1, ...input.shape]), options);
    return reshape(batched, batched.shape.slice(1));
  }
  if (input.ndim !== 4) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `maxPool2d expects a 3-D (C, H, W) or 4-D (N, C, H, W) input, but got shape ${formatShape(input.shape)}`,
    );
  }
  const [batch, channels, height, width] = input.shape;
  const g = poolGeometry(channels, height, width, options, "maxPool2d");
  const { outHeight, outWidth } = g;
  const planes = batch * channels;
  const output = new Float64Array(planes * outHeight * outWidth);
  // For each output, the flat index (into the input) of the winning position.
  const winner = new Int32Array(output.length);
  const x = input.data;

  poolForward(x, planes, height, width, g, output, winner);

  return Tensor.fromOp("MaxPool2DWithIndicesBackward", output, [batch, channels, outHeight, outWidth], [input], (gradOutput) => {
    const gradInput = gradientBuffer(x.length);
    for (let i = 0; i < gradOutput.length; i++) gradInput[winner[i]] += gradOutput[i];
    return [gradInput];
  });
}

/** The forward loop: every window's maximum, and where it was. */
function poolForward(
  x: Float64Array,
  planes: number,
  height: number,
  width: number,
  g: WindowGeometry,
  output: Float64Array,
  winner: Int32Array,
): void {
  const { outHeight, outWidth } = g;
  const [kh, kw] = g.kernel;
  const [sh, sw] = g.stride;
  const [dh, dw] = g.dilation;
  // The window bounds depend only on the output row (or column): compute
  // them once. Start is the first kernel position inside the input (padding
  // positions are skipped), end is exclusive.
  const rowStart = new Int32Array(outHeight);
  const rowEnd = new Int32Array(outHeight);
  windowBounds(outHeight, sh, g.padding.top, kh, dh, height, rowStart, rowEnd);
  const colStart = new Int32Array(outWidth);
  const colEnd = new Int32Array(outWidth);
  windowBounds(outWidth, sw, g.padding.left, kw, dw, width, colStart, colEnd);

  // Kernel 2×2 without dilation (the handout's pooling): the columns whose
  // windows lie wholly inside the input, [fullFirst, fullEnd), take
  // pool2x2Row in rows whose window does too.
  const whole2x2 = kh === 2 && kw === 2 && dh === 1 && dw === 1;
  let fullFirst = 0;
  while (fullFirst < outWidth && colEnd[fullFirst] - colStart[fullFirst] < 2) fullFirst++;
  let fullEnd = fullFirst;
  while (fullEnd < outWidth && colEnd[fullEnd] - colStart[fullEnd] === 2) fullEnd++;

  const anyWindow = (base: number, ihStart: number, ihEnd: number, ow: number, out: number) =>
    windowMax(x, base, width, ihStart, ihEnd, dh, colStart[ow], colEnd[ow], dw, output, winner, out);
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * height * width;
    for (let oh = 0, rowOut = plane * outHeight * outWidth; oh < outHeight; oh++, rowOut += outWidth) {
      const ihStart = rowStart[oh];
      const ihEnd = rowEnd[oh];
      if (!whole2x2 || ihEnd - ihStart !== 2) {
        for (let ow = 0; ow < outWidth; ow++) anyWindow(base, ihStart, ihEnd, ow, rowOut + ow);
        continue;
      }
      for (let ow = 0; ow < fullFirst; ow++) anyWindow(base, ihStart, ihEnd, ow, rowOut + ow);
      pool2x2Row(x, base + ihStart * width, width, colStart[fullFirst] ?? 0, sw, fullEnd - fullFirst, output, winner, rowOut + fullFirst);
      for (let ow = fullEnd; ow < outWidth; ow++) anyWindow(base, ihStart, ihEnd, ow, rowOut + ow);
    }
  }
}

/**
 * One window's maximum and where it was: scanned in row-major order, a
 * value replaces the running maximum only if strictly greater or NaN.
 */
function windowMax(
  x: Float64Array,
  base: number,
  width: number,
  ihStart: number,
  ihEnd: number,
  dh: number,
  iwStart: number,
  iwEnd: number,
  dw: number,
  output: Float64Array,
  winner: Int32Array,
  out: number,
): void {
  let best = -Infinity;
  let bestIndex = base + ihStart * width + iwStart;
  for (let ih = ihStart; ih < ihEnd; ih += dh) {
    const row = base + ih * width;
    for (let iw = iwStart; iw < iwEnd; iw += dw) {
      const value = x[row + iw];
      // Strictly greater keeps the first maximum; value !== value is the NaN test.
      if (value > best || value !== value) {
        best = value;
        bestIndex = row + iw;
      }
    }
  }
  output[out] = best;
  winner[out] = bestIndex;
}

/**
 * `count` adjacent 2×2 windows wholly inside the input, the first at
 * x[top + firstColumn], each `stride` columns after the one before. The
 * same winner as windowMax without its branches: on real data which value
 * wins is a coin toss, and mispredicted branches took half the time. Each
 * comparison's outcome (+true is 1) moves an index instead: the winner of
 * each row's pair, then the bottom pair's replaces the top's only if
 * strictly greater or NaN, which is the row-major scan's rule.
 */
function pool2x2Row(
  x: Float64Array,
  top: number,
  width: number,
  firstColumn: number,
  stride: number,
  count: number,
  output: Float64Array,
  winner: Int32Array,
  out: number,
): void {
  for (let i = 0, left = top + firstColumn; i < count; i++, left += stride) {
    const bottom = left + width;
    const topIndex = left + (+(x[left + 1] > x[left]) | +(x[left + 1] !== x[left + 1]));
    const bottomIndex = bottom + (+(x[bottom + 1] > x[bottom]) | +(x[bottom + 1] !== x[bottom + 1]));
    const topBest = x[topIndex];
    const bottomBest = x[bottomIndex];
    const bestIndex = topIndex + (+(bottomBest > topBest) | +(bottomBest !== bottomBest)) * (bottomIndex - topIndex);
    output[out + i] = x[bestIndex];
    winner[out + i] = bestIndex;
  }
}

/** For each output position o, the first in-input kernel position and the end of the window. */
function windowBounds(
  outSize: number,
  stride: number,
  pad: number,
  k: number,
  dilation: number,
  inSize: number,
  start: Int32Array,
  end: Int32Array,
): void {
  for (let o = 0; o < outSize; o++) {
    let first = o * stride - pad;
    end[o] = Math.min(first + (k - 1) * dilation + 1, inSize);
    while (first < 0) first += dilation;
    start[o] = first;
  }
}
