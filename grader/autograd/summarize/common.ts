/**
 * What every family of layers in the shape table shares: the row type, the
 * symbolic sizes it carries, and the checks that name the layer in their
 * messages ("layer 2 (LSTM): …").
 */
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";

/**
 * A size in a shape: a number, or a symbol such as "N" (the batch, or a
 * sequence length) that the table carries through unchanged. A layer that
 * computes with a size (channels, features, spatial sizes) refuses a symbol
 * there.
 */
export type Dim = number | string;

export interface LayerSummary<D extends Dim = number> {
  outputShape: D[];
  /** Trainable parameters of the layer (weights and biases): sum(p.numel() for p in m.parameters()). */
  params: number;
  /**
   * Elements of the layer's buffers, sum(b.numel() for b in m.buffers()):
   * BatchNorm2d's running_mean, running_var and num_batches_tracked when it
   * tracks running statistics; 0 for every other layer.
   */
  buffers: number;
  /**
   * For a Conv2d: in·out + out, with in = C·H·W of its input and out =
   * C'·H'·W' of its output (per example): the parameter count of a fully
   * connected layer mapping the same input to the same output. null for
   * every other layer, where the comparison is not asked.
   */
  denseParams: number | null;
}

export function fail(code: AutogradErrorCode, where: string, message: string): AutogradError {
  return new AutogradError(code, `${where}: ${message}`);
}

/** A shape as PyTorch prints it, symbols included: [N, 3, 32, 32]. */
export function showShape(shape: readonly Dim[]): string {
  return formatShape(shape as number[]);
}

/** A row for a layer without parameters or buffers. */
export function plainRow(outputShape: Dim[], params = 0): LayerSummary<Dim> {
  return { outputShape, params, buffers: 0, denseParams: null };
}

/**
 * The sizes of `dims` (negative counts from the end), which must be
 * numbers: a symbolic size cannot be a layer's channels or features.
 */
export function numericSizes(shape: readonly Dim[], dims: readonly number[], where: string): number[] {
  return dims.map((dim) => {
    const size = shape[dim < 0 ? shape.length + dim : dim];
    if (typeof size !== "number") {
      throw fail(
        AutogradErrorCode.InvalidArgument,
        where,
        `size ${JSON.stringify(size)} at dimension ${dim} of the input ${showShape(shape)} must be a number: the layer computes with it`,
      );
    }
    return size;
  });
}

/** The sizes after the batch dimension of a 4-D (N, C, H, W) input, which must all be numbers. */
export function planes(shape: readonly Dim[], where: string): [number, number, number] {
  if (shape.length !== 4) {
    throw fail(AutogradErrorCode.ShapeMismatch, where, `expected a 4-D input (N, C, H, W), but got shape ${showShape(shape)}`);
  }
  const [channels, height, width] = numericSizes(shape, [1, 2, 3], where);
  return [channels, height, width];
}

/** Counts (channels, features, sizes) must be positive integers: PyTorch's constructors refuse the rest. */
export function checkCounts(layer: object, names: readonly string[], where: string): void {
  for (const name of names) {
    const value = (layer as Record<string, unknown>)[name];
    if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
      throw fail(AutogradErrorCode.InvalidArgument, where, `${name} must be a positive integer, but got ${JSON.stringify(value)}`);
    }
  }
}

/** A probability in [0, 1], as nn.Dropout and the recurrent layers' dropout require. */
export function checkProbability(p: number, name: string, where: string): void {
  if (!(p >= 0 && p <= 1)) {
    throw fail(AutogradErrorCode.InvalidArgument, where, `${name} probability has to be between 0 and 1, but got ${p}`);
  }
}

/** `divisor` must divide `value`, as PyTorch's constructors require of groups and heads. */
export function checkDivisible(value: number, valueName: string, divisor: number, divisorName: string, where: string): void {
  if (value % divisor !== 0) {
    throw fail(AutogradErrorCode.InvalidArgument, where, `${valueName} (${value}) must be divisible by ${divisorName} (${divisor})`);
  }
}

export function product(sizes: readonly number[]): number {
  return sizes.reduce((a, b) => a * b, 1);
}
