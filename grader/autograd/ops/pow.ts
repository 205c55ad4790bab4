import { Tensor } from "../tensor";
import { unaryOp } from "./elementwise";

/**
 * xᵖ for a constant exponent p; derivative p·xᵖ⁻¹. PyTorch sets the
 * derivative to 0 when p = 0 (even at x = 0, where 0·0⁻¹ would be NaN).
 */
export function pow(x: Tensor, exponent: number): Tensor {
  return unaryOp(
    "PowBackward",
    x,
    (v) => Math.pow(v, exponent),
    (v) => (exponent === 0 ? 0 : exponent * Math.pow(v, exponent - 1)),
  );
}
