import { Tensor } from "../tensor";
import { unaryOp } from "./elementwise";

/** eˣ; its derivative is the output itself. */
export function exp(x: Tensor): Tensor {
  return unaryOp("ExpBackward", x, Math.exp, (_x, y) => y);
}
