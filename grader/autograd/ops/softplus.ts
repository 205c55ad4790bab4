import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode } from "../errors";
import { unaryOp } from "./elementwise";

export interface SoftplusOptions {
  /** Sharpness, > 0 (default 1). */
  beta?: number;
  /** Above beta·x > threshold the function is taken as linear (default 20). */
  threshold?: number;
}

/**
 * log(1 + e^(βx))/β, as torch.nn.functional.softplus, with PyTorch's linear
 * region: where βx > threshold the output is x and the derivative 1. At
 * βx == threshold exactly PyTorch still takes the log1p branch, derivative
 * e^(βx)/(1 + e^(βx)); so does this op (the comparison is strict).
 */
export function softplus(x: Tensor, options: SoftplusOptions = {}): Tensor {
  const beta = options.beta ?? 1;
  const threshold = options.threshold ?? 20;
  if (!(beta > 0) || !Number.isFinite(beta)) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, `softplus: beta must be a positive finite number, but got ${beta}`);
  }
  if (Number.isNaN(threshold)) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, `softplus: threshold must be a number, but got ${threshold}`);
  }
  return unaryOp(
    "SoftplusBackward",
    x,
    (v) => (v * beta > threshold ? v : Math.log1p(Math.exp(v * beta)) / beta),
    (v) => {
      if (v * beta > threshold) return 1;
      const z = Math.exp(v * beta);
      return z / (z + 1);
    },
  );
}
