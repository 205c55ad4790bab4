import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";
import { reshape } from "./reshape";

/** An output size for both spatial dimensions, or [height, width]; null keeps the input's size in that dimension. */
export type AdaptiveOutputSize = number | null | readonly [number | null, number | null];

/**
 * 2-D adaptive average pooling, as torch.nn.functional.adaptive_avg_pool2d.
 * Layout NCHW (or CHW). Output row i of oh averages input rows
 * [⌊i·H/oh⌋, ⌈(i+1)·H/oh⌉), and likewise for columns, so windows overlap
 * when oh does not divide H. The VJP spreads each output gradient, divided
 * by its window's size, over that window.
 */
export function adaptiveAvgPool2d(input: Tensor, outputSize: AdaptiveOutputSize): Tensor {
  if (input.ndim === 3) {
    const batched = adaptiveAvgPool2d(reshape(input, [1, ...input.shape]), outputSize);
    return reshape(batched, batched.shape.slice(1));
  }
  if (input.ndim !== 4) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `adaptiveAvgPool2d expects a 3-D (C, H, W) or 4-D (N, C, H, W) input, but got shape ${formatShape(input.shape)}`,
    );
  }
  const [batch, channels, height, width] = input.shape;
  if (height === 0 || width === 0) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `adaptiveAvgPool2d expects an input with non-zero height and width, but got shape ${formatShape(input.shape)}`,
    );
  }
  const [requestedHeight, requestedWidth] = Array.isArray(outputSize) ? outputSize : [outputSize, outputSize];
  const outHeight = requestedHeight ?? height;
  const outWidth = requestedWidth ?? width;
  for (const size of [outHeight, outWidth]) {
    if (!Number.isInteger(size) || size < 0) {
      throw new AutogradError(
        AutogradErrorCode.InvalidArgument,
        `adaptiveAvgPool2d: outputSize must be non-negative integers (or null to keep a dimension), but got ${JSON.stringify(outputSize)}`,
      );
    }
  }
  const rows = adaptiveWindows(outHeight, height);
  const cols = adaptiveWindows(outWidth, width);

  const planes = batch * channels;
  const x = input.data;
  const output = new Float64Array(planes * outHeight * outWidth);
  const forEachPair = (visit: (out: number, at: number, count: number) => void): void => {
    let out = 0;
    for (let plane = 0; plane < planes; plane++) {
      const base = plane * height * width;
      for (let oh = 0; oh < outHeight; oh++) {
        for (let ow = 0; ow < outWidth; ow++, out++) {
          const count = (rows.end[oh] - rows.start[oh]) * (cols.end[ow] - cols.start[ow]);
          for (let ih = rows.start[oh]; ih < rows.end[oh]; ih++) {
            for (let iw = cols.start[ow]; iw < cols.end[ow]; iw++) visit(out, base + ih * width + iw, count);
          }
        }
      }
    }
  };
  const counts = new Float64Array(output.length);
  forEachPair((out, at, count) => {
    output[out] += x[at];
    counts[out] = count;
  });
  for (let out = 0; out < output.length; out++) output[out] /= counts[out];

  return Tensor.fromOp("AdaptiveAvgPool2DBackward", output, [batch, channels, outHeight, outWidth], [input], (gradOutput) => {
    const gradInput = new Float64Array(x.length);
    forEachPair((out, at, count) => (gradInput[at] += gradOutput[out] / count));
    return [gradInput];
  });
}

/** Window [start, end) of each of outSize outputs over inSize inputs: start = ⌊o·in/out⌋, end = ⌈(o+1)·in/out⌉. */
function adaptiveWindows(outSize: number, inSize: number): { start: Int32Array; end: Int32Array } {
  const start = new Int32Array(outSize);
  const end = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    // Integer arithmetic, as PyTorch's, so no rounding can move a bound.
    start[o] = Math.floor((o * inSize) / outSize);
    end[o] = Math.floor(((o + 1) * inSize + outSize - 1) / outSize);
  }
  return { start, end };
}
