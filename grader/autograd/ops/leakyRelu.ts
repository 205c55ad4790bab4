import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode } from "../errors";
import { unaryOp } from "./elementwise";

export interface LeakyReluOptions {
  /** The slope for x ≤ 0 (default 0.01, as PyTorch). */
  negativeSlope?: number;
}

/**
 * x for x > 0, negativeSlope·x otherwise, as torch.nn.functional.leaky_relu.
 * At the kink PyTorch's derivative is the negative slope: leakyRelu'(0) =
 * negativeSlope (its backward passes the full gradient only where x > 0).
 */
export function leakyRelu(x: Tensor, options: LeakyReluOptions = {}): Tensor {
  const slope = options.negativeSlope ?? 0.01;
  if (!Number.isFinite(slope)) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, `leakyRelu: negativeSlope must be a finite number, but got ${slope}`);
  }
  return unaryOp(
    "LeakyReluBackward",
    x,
    (v) => (v > 0 ? v : v * slope),
    (v) => (v > 0 ? 1 : slope),
  );
}
