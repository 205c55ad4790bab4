import { Tensor } from "../tensor";
import { binaryOp } from "./elementwise";

/** a + b with broadcasting; ∂/∂a = ∂/∂b = 1. */
export function add(a: Tensor | number, b: Tensor | number): Tensor {
  return binaryOp(
    "AddBackward",
    a,
    b,
    (x, y) => x + y,
    () => 1,
    () => 1,
  );
}
