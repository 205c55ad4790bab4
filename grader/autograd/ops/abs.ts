import { Tensor } from "../tensor";
import { unaryOp } from "./elementwise";

/** |x|; derivative sign(x), which PyTorch takes to be 0 at the kink x = 0. */
export function abs(x: Tensor): Tensor {
  return unaryOp("AbsBackward", x, Math.abs, (v) => (v > 0 ? 1 : v < 0 ? -1 : 0));
}
