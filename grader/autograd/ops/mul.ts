import { Tensor } from "../tensor";
import { binaryOp } from "./elementwise";

/** a · b elementwise with broadcasting; ∂/∂a = b, ∂/∂b = a. */
export function mul(a: Tensor | number, b: Tensor | number): Tensor {
  return binaryOp(
    "MulBackward",
    a,
    b,
    (x, y) => x * y,
    (_x, y) => y,
    (x) => x,
  );
}
