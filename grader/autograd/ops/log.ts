import { Tensor } from "../tensor";
import { unaryOp } from "./elementwise";

/** Natural logarithm; derivative 1/x (so +inf at 0, and NaN values below 0 as in PyTorch). */
export function log(x: Tensor): Tensor {
  return unaryOp("LogBackward", x, Math.log, (v) => 1 / v);
}
