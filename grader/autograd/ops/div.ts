import { Tensor } from "../tensor";
import { binaryOp } from "./elementwise";

/**
 * a / b elementwise with broadcasting; ∂/∂a = 1/b, ∂/∂b = −a/b², computed as
 * −(a/b)/b like PyTorch, so b = 0 gives ±inf or NaN exactly where it does.
 */
export function div(a: Tensor | number, b: Tensor | number): Tensor {
  return binaryOp(
    "DivBackward",
    a,
    b,
    (x, y) => x / y,
    (_x, y) => 1 / y,
    (x, y) => -(x / y) / y,
  );
}
