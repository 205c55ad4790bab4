/**
 * Output sizes of convolution and pooling windows, and the configurations
 * PyTorch refuses, in one place: conv2d and maxPool2d call these before
 * computing, and summarize() calls them to fill its table, so a layer is
 * refused by the table exactly when the op would refuse it.
 *
 * Sizes follow PyTorch 2.x (ATen's ConvUtils.h and Pool.h):
 *   convolution: out = ⌊(in + padBefore + padAfter − dilation·(k−1) − 1) / stride⌋ + 1
 *   pooling:     out = ⌊(in + 2·pad − dilation·(k−1) − 1 + (ceilMode ? stride−1 : 0)) / stride⌋ + 1,
 *                then, with ceilMode, one fewer if the last window would start
 *                at or past in + pad (it must start inside the input or the
 *                left padding).
 */
import { AutogradError, AutogradErrorCode } from "./errors";

/** A size given once for both spatial dimensions, or as [height, width]. */
export type Pair = number | readonly [number, number];

export function toPair(value: Pair, name: string, where: string): [number, number] {
  const pair: [number, number] = typeof value === "number" ? [value, value] : [value[0], value[1]];
  if (!Number.isInteger(pair[0]) || !Number.isInteger(pair[1])) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, `${where}: ${name} must be integers, but got ${JSON.stringify(value)}`);
  }
  return pair;
}

/** Padding of each side of each spatial dimension. */
export interface Padding2d {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface ConvGeometryOptions {
  kernelSize: Pair;
  stride?: Pair;
  padding?: Pair | "same" | "valid";
  dilation?: Pair;
}

export interface WindowGeometry {
  kernel: [number, number];
  stride: [number, number];
  dilation: [number, number];
  padding: Padding2d;
  outHeight: number;
  outWidth: number;
}

function checkPositive(pair: [number, number], name: string, where: string): void {
  if (pair[0] <= 0 || pair[1] <= 0) {
    throw new AutogradError(
      AutogradErrorCode.InvalidArgument,
      `${where}: ${name} should be greater than zero, but got ${name} (${pair[0]}, ${pair[1]})`,
    );
  }
}

/** Geometry of a 2-D convolution on an input of spatial size height×width. */
export function convGeometry(height: number, width: number, options: ConvGeometryOptions, where: string): WindowGeometry {
  const kernel = toPair(options.kernelSize, "kernel_size", where);
  const stride = toPair(options.stride ?? 1, "stride", where);
  const dilation = toPair(options.dilation ?? 1, "dilation", where);
  checkPositive(kernel, "kernel_size", where);
  checkPositive(stride, "stride", where);
  checkPositive(dilation, "dilation", where);
  const span = [dilation[0] * (kernel[0] - 1) + 1, dilation[1] * (kernel[1] - 1) + 1];

  let padding: Padding2d;
  const pad = options.padding ?? 0;
  if (pad === "valid") {
    padding = { top: 0, bottom: 0, left: 0, right: 0 };
  } else if (pad === "same") {
    if (stride[0] !== 1 || stride[1] !== 1) {
      throw new AutogradError(AutogradErrorCode.InvalidArgument, `${where}: padding='same' is not supported for strided convolutions`);
    }
    // PyTorch pads span−1 in total, the odd one out going after (bottom/right).
    const totalH = span[0] - 1;
    const totalW = span[1] - 1;
    padding = {
      top: Math.floor(totalH / 2),
      bottom: totalH - Math.floor(totalH / 2),
      left: Math.floor(totalW / 2),
      right: totalW - Math.floor(totalW / 2),
    };
  } else {
    const [ph, pw] = toPair(pad, "padding", where);
    if (ph < 0 || pw < 0) {
      throw new AutogradError(AutogradErrorCode.InvalidArgument, `${where}: negative padding (${ph}, ${pw}) is not supported`);
    }
    padding = { top: ph, bottom: ph, left: pw, right: pw };
  }

  const paddedH = height + padding.top + padding.bottom;
  const paddedW = width + padding.left + padding.right;
  if (paddedH < span[0] || paddedW < span[1]) {
    throw new AutogradError(
      AutogradErrorCode.KernelTooLarge,
      `${where}: calculated padded input size per channel: (${paddedH} x ${paddedW}). ` +
        `Kernel size: (${span[0]} x ${span[1]}). Kernel size can't be greater than actual input size`,
    );
  }
  return {
    kernel,
    stride,
    dilation,
    padding,
    outHeight: Math.floor((paddedH - span[0]) / stride[0]) + 1,
    outWidth: Math.floor((paddedW - span[1]) / stride[1]) + 1,
  };
}

export interface PoolGeometryOptions {
  kernelSize: Pair;
  /** Defaults to kernelSize, as in PyTorch. */
  stride?: Pair | null;
  padding?: Pair;
  dilation?: Pair;
  ceilMode?: boolean;
}

/** Geometry of 2-D max pooling over `channels` planes of height×width. */
export function poolGeometry(channels: number, height: number, width: number, options: PoolGeometryOptions, where: string): WindowGeometry {
  const kernel = toPair(options.kernelSize, "kernel_size", where);
  const stride = toPair(options.stride ?? options.kernelSize, "stride", where);
  const [ph, pw] = toPair(options.padding ?? 0, "padding", where);
  const dilation = toPair(options.dilation ?? 1, "dilation", where);
  checkPositive(kernel, "kernel_size", where);
  checkPositive(stride, "stride", where);
  checkPositive(dilation, "dilation", where);
  if (ph < 0 || pw < 0) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, `${where}: negative padding (${ph}, ${pw}) is not supported`);
  }
  // PyTorch 2.x compares with half the effective (dilated) kernel size,
  // (k − 1)·dilation + 1; with dilation 1 this is 1.13's ⌊k/2⌋ rule.
  for (const [pad, k, d] of [
    [ph, kernel[0], dilation[0]],
    [pw, kernel[1], dilation[1]],
  ]) {
    if (pad > Math.floor(((k - 1) * d + 1) / 2)) {
      throw new AutogradError(
        AutogradErrorCode.PoolPaddingTooLarge,
        `${where}: pad should be at most half of effective kernel size, but got pad=${pad}, kernel_size=${k} and dilation=${d}`,
      );
    }
  }
  const ceilMode = options.ceilMode ?? false;
  const size = (input: number, k: number, s: number, p: number, d: number): number => {
    const span = d * (k - 1) + 1;
    let out = Math.floor((input + 2 * p - span + (ceilMode ? s - 1 : 0)) / s) + 1;
    if (ceilMode && (out - 1) * s >= input + p) out--;
    return out;
  };
  const outHeight = size(height, kernel[0], stride[0], ph, dilation[0]);
  const outWidth = size(width, kernel[1], stride[1], pw, dilation[1]);
  if (outHeight < 1 || outWidth < 1) {
    throw new AutogradError(
      AutogradErrorCode.OutputTooSmall,
      `${where}: given input size: (${channels}x${height}x${width}). ` +
        `Calculated output size: (${channels}x${outHeight}x${outWidth}). Output size is too small`,
    );
  }
  return { kernel, stride, dilation, padding: { top: ph, bottom: ph, left: pw, right: pw }, outHeight, outWidth };
}

export interface ConvTransposeGeometryOptions {
  kernelSize: Pair;
  stride?: Pair;
  /** Removed from each side of the full transposed output (PyTorch allows no "same"/"valid" here). */
  padding?: Pair;
  /** Extra rows/columns added to the bottom/right; each must be below its stride or its dilation. */
  outputPadding?: Pair;
  dilation?: Pair;
}

export interface TransposeWindowGeometry {
  kernel: [number, number];
  stride: [number, number];
  dilation: [number, number];
  padding: [number, number];
  outputPadding: [number, number];
  outHeight: number;
  outWidth: number;
}

/**
 * Geometry of a 2-D transposed convolution (ConvTranspose2d) on an input of
 * spatial size height×width, with PyTorch's output size per dimension:
 *   out = (in − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1.
 * Refuses, as PyTorch 2.x does: non-positive kernel, stride or dilation;
 * negative padding or output padding; an output padding not smaller than
 * either the stride or the dilation; an output size below 1.
 */
export function convTransposeGeometry(
  height: number,
  width: number,
  options: ConvTransposeGeometryOptions,
  where: string,
): TransposeWindowGeometry {
  const kernel = toPair(options.kernelSize, "kernel_size", where);
  const stride = toPair(options.stride ?? 1, "stride", where);
  const dilation = toPair(options.dilation ?? 1, "dilation", where);
  const padding = toPair(options.padding ?? 0, "padding", where);
  const outputPadding = toPair(options.outputPadding ?? 0, "output_padding", where);
  checkPositive(kernel, "kernel_size", where);
  checkPositive(stride, "stride", where);
  checkPositive(dilation, "dilation", where);
  if (padding[0] < 0 || padding[1] < 0) {
    throw new AutogradError(
      AutogradErrorCode.InvalidArgument,
      `${where}: negative padding (${padding[0]}, ${padding[1]}) is not supported`,
    );
  }
  if (outputPadding[0] < 0 || outputPadding[1] < 0) {
    throw new AutogradError(
      AutogradErrorCode.InvalidArgument,
      `${where}: negative output_padding (${outputPadding[0]}, ${outputPadding[1]}) is not supported`,
    );
  }
  // The extra rows must come from a stride step or a dilation gap that the
  // input does not determine; otherwise they would be ambiguous (PyTorch's rule).
  const allowed = (d: 0 | 1): boolean => outputPadding[d] < stride[d] || outputPadding[d] < dilation[d];
  if (!allowed(0) || !allowed(1)) {
    throw new AutogradError(
      AutogradErrorCode.InvalidArgument,
      `${where}: output padding must be smaller than either stride or dilation, but got ` +
        `output_padding (${outputPadding[0]}, ${outputPadding[1]}), stride (${stride[0]}, ${stride[1]}) ` +
        `and dilation (${dilation[0]}, ${dilation[1]})`,
    );
  }
  const size = (input: number, d: 0 | 1): number =>
    (input - 1) * stride[d] - 2 * padding[d] + dilation[d] * (kernel[d] - 1) + outputPadding[d] + 1;
  const outHeight = size(height, 0);
  const outWidth = size(width, 1);
  if (outHeight < 1 || outWidth < 1) {
    throw new AutogradError(
      AutogradErrorCode.OutputTooSmall,
      `${where}: given input size per channel: (${height} x ${width}). ` +
        `Calculated output size per channel: (${outHeight} x ${outWidth}). Output size is too small`,
    );
  }
  return { kernel, stride, dilation, padding, outputPadding, outHeight, outWidth };
}
