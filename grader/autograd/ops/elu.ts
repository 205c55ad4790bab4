import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode } from "../errors";
import { unaryOp } from "./elementwise";

export interface EluOptions {
  /** The scale of the negative branch (default 1). */
  alpha?: number;
}

/**
 * x for x > 0, α(eˣ − 1) for x ≤ 0, as torch.nn.functional.elu. At the kink
 * PyTorch takes the negative branch (x ≤ 0), so elu'(0) = α, not 1. The
 * negative branch is computed as exp(x) − 1, as PyTorch's CPU kernel does
 * (not expm1), so that tiny negative inputs round as in PyTorch.
 */
export function elu(x: Tensor, options: EluOptions = {}): Tensor {
  const alpha = options.alpha ?? 1;
  if (!Number.isFinite(alpha)) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, `elu: alpha must be a finite number, but got ${alpha}`);
  }
  return unaryOp(
    "EluBackward",
    x,
    (v) => (v <= 0 ? (Math.exp(v) - 1) * alpha : v),
    (v) => (v <= 0 ? alpha * Math.exp(v) : 1),
  );
}
