import { Tensor } from "../tensor";
import { unaryOp } from "./elementwise";

/** √x; derivative 1/(2√x), from the output (+inf at 0, as in PyTorch). */
export function sqrt(x: Tensor): Tensor {
  return unaryOp("SqrtBackward", x, Math.sqrt, (_x, y) => 1 / (2 * y));
}
