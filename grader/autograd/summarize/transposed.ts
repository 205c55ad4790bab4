/**
 * Output size of a transposed convolution, until geometry.ts has one
 * shared with the op: out = (in − 1)·stride − 2·padding + dilation·(k − 1)
 * + outputPadding + 1 (PyTorch's ConvTranspose2d docs), with outputPadding
 * smaller than stride or dilation.
 */
import { AutogradErrorCode } from "../errors";
import { toPair, type Pair } from "../geometry";
import { fail } from "./common";

export interface TransposedOptions {
  kernelSize: Pair;
  stride?: Pair;
  padding?: Pair;
  outputPadding?: Pair;
  dilation?: Pair;
}

export function transposedSize(
  height: number,
  width: number,
  options: TransposedOptions,
  where: string,
): { outHeight: number; outWidth: number } {
  const kernel = toPair(options.kernelSize, "kernel_size", where);
  const stride = toPair(options.stride ?? 1, "stride", where);
  const padding = toPair(options.padding ?? 0, "padding", where);
  const outputPadding = toPair(options.outputPadding ?? 0, "output_padding", where);
  const dilation = toPair(options.dilation ?? 1, "dilation", where);
  for (const [pair, name] of [
    [kernel, "kernel_size"],
    [stride, "stride"],
    [dilation, "dilation"],
  ] as const) {
    if (pair[0] <= 0 || pair[1] <= 0) {
      throw fail(AutogradErrorCode.InvalidArgument, where, `${name} should be greater than zero, but got ${name} (${pair[0]}, ${pair[1]})`);
    }
  }
  if (padding[0] < 0 || padding[1] < 0 || outputPadding[0] < 0 || outputPadding[1] < 0) {
    throw fail(AutogradErrorCode.InvalidArgument, where, `negative padding (${padding[0]}, ${padding[1]}) is not supported`);
  }
  for (let d = 0; d < 2; d++) {
    if (outputPadding[d] >= stride[d] && outputPadding[d] >= dilation[d]) {
      throw fail(
        AutogradErrorCode.InvalidArgument,
        where,
        `output padding must be smaller than either stride or dilation, but got output_padding (${outputPadding[0]}, ${outputPadding[1]}), ` +
          `stride (${stride[0]}, ${stride[1]}) and dilation (${dilation[0]}, ${dilation[1]})`,
      );
    }
  }
  const size = (input: number, d: number): number =>
    (input - 1) * stride[d] - 2 * padding[d] + dilation[d] * (kernel[d] - 1) + outputPadding[d] + 1;
  const outHeight = size(height, 0);
  const outWidth = size(width, 1);
  if (outHeight < 1 || outWidth < 1) {
    throw fail(
      AutogradErrorCode.OutputTooSmall,
      where,
      `given input size: (${height}x${width}). Calculated output size: (${outHeight}x${outWidth}). Output size is too small`,
    );
  }
  return { outHeight, outWidth };
}
