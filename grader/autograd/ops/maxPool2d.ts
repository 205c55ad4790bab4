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

  // Kernel 2×2 without dilation (the handout's pooling): windows wholly inside take the unrolled path.
  const whole2x2 = kh === 2 && kw === 2 && dh === 1 && dw === 1;

  let out = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * height * width;
    for (let oh = 0; oh < outHeight; oh++) {
      const ihStart = rowStart[oh];
      const ihEnd = rowEnd[oh];
      for (let ow = 0; ow < outWidth; ow++, out++) {
        const iwStart = colStart[ow];
        const iwEnd = colEnd[ow];
        if (whole2x2 && ihEnd - ihStart === 2 && iwEnd - iwStart === 2) {
          // The common 2×2 window wholly inside the input, unrolled: the same
          // scan order and comparisons as the loop below (the first value
          // always wins against −∞ or is −∞ itself, kept at the same index).
          const top = base + ihStart * width + iwStart;
          const bottom = top + width;
          let best = x[top];
          let bestIndex = top;
          let value = x[top + 1];
          if (value > best || value !== value) {
            best = value;
            bestIndex = top + 1;
          }
          value = x[bottom];
          if (value > best || value !== value) {
            best = value;
            bestIndex = bottom;
          }
          value = x[bottom + 1];
          if (value > best || value !== value) {
            best = value;
            bestIndex = bottom + 1;
          }
          output[out] = best;
          winner[out] = bestIndex;
          continue;
        }
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
    }
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
