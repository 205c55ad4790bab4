/**
 * Everything a user (an instructor writing a reference, or a student's
 * answer fed to the engine) can trigger fails with an AutogradError carrying
 * a code, so that callers can tell a shape mismatch from a refused layer
 * configuration without parsing messages. Messages name the shapes and
 * numbers involved, in PyTorch's vocabulary.
 */
import { TypedError } from "../errors";

export enum AutogradErrorCode {
  /** Nested arrays that are ragged or hold something other than finite-or-not numbers. */
  InvalidData = "INVALID_DATA",
  /** An argument out of range: a dimension, a negative size, an unknown option. */
  InvalidArgument = "INVALID_ARGUMENT",
  /** Two shapes that cannot be broadcast, multiplied or reshaped into each other. */
  ShapeMismatch = "SHAPE_MISMATCH",
  /** backward() on a tensor that does not require grad, or without a gradient on a non-scalar. */
  InvalidBackward = "INVALID_BACKWARD",
  /** A convolution whose input channels differ from the weight's (or a Linear whose features differ). */
  ChannelMismatch = "CHANNEL_MISMATCH",
  /** A kernel (after dilation) larger than the padded input. */
  KernelTooLarge = "KERNEL_TOO_LARGE",
  /** Pooling padding larger than half the kernel size. */
  PoolPaddingTooLarge = "POOL_PADDING_TOO_LARGE",
  /** A layer whose computed output size is below 1. */
  OutputTooSmall = "OUTPUT_TOO_SMALL",
  /** A torch.nn layer (or one of its arguments' values) that the shape tables do not model. */
  UnsupportedLayer = "UNSUPPORTED_LAYER",
}

export class AutogradError extends TypedError {
  readonly code: AutogradErrorCode;

  constructor(code: AutogradErrorCode, message: string) {
    super("AutogradError", message);
    this.code = code;
  }
}

/** Formats a shape the way PyTorch prints torch.Size: [2, 3, 4]. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
