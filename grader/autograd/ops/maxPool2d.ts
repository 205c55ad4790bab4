import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";
import { poolGeometry, type PoolGeometryOptions, type WindowGeometry } from "../geometry";
import { reshape } from "./reshape";
import { gradientBuffer } from "../gradient-buffers";
import { withStagedArrays } from "../kernels/gemm";

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

  poolForward({ x, planes, height, width, g }, output, winner);

  return Tensor.fromOp("MaxPool2DWithIndicesBackward", output, [batch, channels, outHeight, outWidth], [input], (gradOutput) => {
    const gradInput = gradientBuffer(x.length);
    for (let i = 0; i < gradOutput.length; i++) gradInput[winner[i]] += gradOutput[i];
    return [gradInput];
  });
}

/** What is pooled: `planes` planes of height × width in x, and the windows' geometry. */
interface PoolInput {
  x: Float64Array;
  planes: number;
  height: number;
  width: number;
  g: WindowGeometry;
}

/**
 * `count` adjacent 2×2 windows wholly inside the input along one row (see
 * pool2x2Row), their outputs from `out`.
 */
type Row2x2 = (top: number, firstColumn: number, stride: number, count: number, out: number) => void;

/**
 * The forward loop. With 2×2 windows of stride 2 and WebAssembly's kernel,
 * the input is staged in its memory, whose pool2x2 takes the windows wholly
 * inside the input two at a time without a branch: 0.42 of the time of
 * pool2x2Row (BENCHMARKS.md). The results are the same either way.
 */
function poolForward(input: PoolInput, output: Float64Array, winner: Int32Array): void {
  const { x, width, g } = input;
  const inJs: Row2x2 = (top, firstColumn, stride, count, out) => pool2x2Row(x, top, width, firstColumn, stride, count, output, winner, out);
  const pairwise = g.kernel[0] === 2 && g.kernel[1] === 2 && g.stride[1] === 2 && g.dilation[0] === 1 && g.dilation[1] === 1;
  if (!pairwise) return poolWindows(input, output, winner, inJs);
  withStagedArrays([x, output.length, Math.ceil(winner.length / 2)], (staged) => {
    if (!staged) return poolWindows(input, output, winner, inJs);
    const { kernel, addresses } = staged;
    const [xAt, outputAt, winnerAt] = addresses;
    // The results are written in the kernel's memory, windows at the edges too, and copied out once.
    const stagedOutput = new Float64Array(kernel.heap.buffer, outputAt, output.length);
    const stagedWinner = new Int32Array(kernel.heap.buffer, winnerAt, winner.length);
    poolWindows(input, stagedOutput, stagedWinner, (top, firstColumn, stride, count, out) => {
      const pairs = count >> 1;
      const first = top + firstColumn;
      kernel.pool2x2(xAt + first * 8, width * 8, pairs, outputAt + out * 8, winnerAt + out * 4, first, width);
      if (count % 2 === 1)
        pool2x2Row(x, top, width, firstColumn + 2 * pairs * stride, stride, 1, stagedOutput, stagedWinner, out + 2 * pairs);
    });
    output.set(stagedOutput);
    winner.set(stagedWinner);
  });
}

/** Every window's maximum, and where it was; `row2x2` takes the rows of 2×2 windows wholly inside the input. */
function poolWindows({ x, planes, height, width, g }: PoolInput, output: Float64Array, winner: Int32Array, row2x2: Row2x2): void {
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
      row2x2(base + ihStart * width, colStart[fullFirst] ?? 0, sw, fullEnd - fullFirst, rowOut + fullFirst);
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
