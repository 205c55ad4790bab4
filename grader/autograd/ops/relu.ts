import { Tensor } from "../tensor";
import { unaryOp } from "./elementwise";

/**
 * max(x, 0). At the kink PyTorch's derivative is 0: relu'(0) = 0 (its
 * threshold_backward passes the gradient only where the input is > 0).
 */
export function relu(x: Tensor): Tensor {
  return unaryOp(
    "ReluBackward",
    x,
    (v) => (v > 0 || Number.isNaN(v) ? v : 0),
    (v) => (v > 0 ? 1 : 0),
  );
}
