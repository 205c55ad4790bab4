import { Tensor } from "../tensor";
import { unaryOp } from "./elementwise";

/** tanh x; derivative 1 − tanh²x, from the output as PyTorch does. */
export function tanh(x: Tensor): Tensor {
  return unaryOp("TanhBackward", x, Math.tanh, (_x, y) => 1 - y * y);
}
