import { Tensor } from "../tensor";
import { binaryOp } from "./elementwise";

/** a − b with broadcasting; ∂/∂a = 1, ∂/∂b = −1. */
export function sub(a: Tensor | number, b: Tensor | number): Tensor {
  return binaryOp(
    "SubBackward",
    a,
    b,
    (x, y) => x - y,
    () => 1,
    () => -1,
  );
}
