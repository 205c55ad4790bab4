import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";
import { poolGeometry, type Pair, type PoolGeometryOptions } from "../geometry";
import { reshape } from "./reshape";

export interface AvgPool2dOptions extends Omit<PoolGeometryOptions, "kernelSize" | "dilation"> {
  /** Count padded positions in the divisor (default true, as PyTorch). */
  countIncludePad?: boolean;
  /** Divide every window's sum by this instead (default: none). */
  divisorOverride?: number | null;
}

/**
 * 2-D average pooling, as torch.nn.functional.avg_pool2d. Layout NCHW (or
 * CHW); padding is implicit zeros.
 *
 * Divisor, as PyTorch's CPU kernel: a window covers rows
 * [o·stride − pad, o·stride − pad + k), cut at the end of the padded input
 * (in + pad). With countIncludePad the divisor is the size of that cut
 * window, padding included but not the part that ceilMode lets run past the
 * padded input; without it, the number of real input positions in it;
 * divisorOverride replaces both. The VJP spreads each output gradient
 * divided by the same divisor over the window's input positions.
 */
export function avgPool2d(input: Tensor, kernelSize: Pair, options: AvgPool2dOptions = {}): Tensor {
  if (input.ndim === 3) {
    const batched = avgPool2d(reshape(input, [1, ...input.shape]), kernelSize, options);
    return reshape(batched, batched.shape.slice(1));
  }
  if (input.ndim !== 4) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `avgPool2d expects a 3-D (C, H, W) or 4-D (N, C, H, W) input, but got shape ${formatShape(input.shape)}`,
    );
  }
  const { countIncludePad = true, divisorOverride = null } = options;
  if (divisorOverride !== null && (!Number.isInteger(divisorOverride) || divisorOverride === 0)) {
    throw new AutogradError(
      AutogradErrorCode.InvalidArgument,
      `avgPool2d: divisorOverride must be a non-zero integer, but got ${divisorOverride}`,
    );
  }
  const [batch, channels, height, width] = input.shape;
  const g = poolGeometry(
    channels,
    height,
    width,
    { kernelSize, stride: options.stride, padding: options.padding, ceilMode: options.ceilMode },
    "avgPool2d",
  );
  const { outHeight, outWidth } = g;
  const rows = windows(outHeight, g.stride[0], g.padding.top, g.kernel[0], height);
  const cols = windows(outWidth, g.stride[1], g.padding.left, g.kernel[1], width);
  // One divisor per output position, shared by every plane.
  const divisor = new Float64Array(outHeight * outWidth);
  for (let oh = 0; oh < outHeight; oh++) {
    for (let ow = 0; ow < outWidth; ow++) {
      divisor[oh * outWidth + ow] =
        divisorOverride ??
        (countIncludePad ? rows.padded[oh] * cols.padded[ow] : (rows.end[oh] - rows.start[oh]) * (cols.end[ow] - cols.start[ow]));
    }
  }

  const planes = batch * channels;
  const x = input.data;
  const output = new Float64Array(planes * outHeight * outWidth);
  // Visits every (output, input) pair of a window; a window wholly in padding has none, and its output stays 0.
  const forEachPair = (visit: (out: number, at: number, divide: number) => void): void => {
    let out = 0;
    for (let plane = 0; plane < planes; plane++) {
      const base = plane * height * width;
      for (let oh = 0; oh < outHeight; oh++) {
        for (let ow = 0; ow < outWidth; ow++, out++) {
          const divide = divisor[oh * outWidth + ow];
          for (let ih = rows.start[oh]; ih < rows.end[oh]; ih++) {
            for (let iw = cols.start[ow]; iw < cols.end[ow]; iw++) visit(out, base + ih * width + iw, divide);
          }
        }
      }
    }
  };
  forEachPair((out, at) => (output[out] += x[at]));
  // Without countIncludePad an empty window would divide 0 by 0; PyTorch leaves its output 0.
  for (let out = 0; out < output.length; out++)
    output[out] = divisor[out % divisor.length] === 0 ? 0 : output[out] / divisor[out % divisor.length];

  return Tensor.fromOp("AvgPool2DBackward", output, [batch, channels, outHeight, outWidth], [input], (gradOutput) => {
    const gradInput = new Float64Array(x.length);
    forEachPair((out, at, divide) => (gradInput[at] += gradOutput[out] / divide));
    return [gradInput];
  });
}

/**
 * For each output position along one dimension: the size of its window cut
 * at the end of the padded input (`padded`), and its span [start, end)
 * within the real input.
 */
function windows(
  outSize: number,
  stride: number,
  pad: number,
  k: number,
  inSize: number,
): { padded: Int32Array; start: Int32Array; end: Int32Array } {
  const padded = new Int32Array(outSize);
  const start = new Int32Array(outSize);
  const end = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const first = o * stride - pad;
    const last = Math.min(first + k, inSize + pad);
    padded[o] = last - first;
    start[o] = Math.max(first, 0);
    end[o] = Math.max(Math.min(last, inSize), start[o]);
  }
  return { padded, start, end };
}
