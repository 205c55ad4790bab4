import { Tensor } from "../tensor";
import { unaryOp } from "./elementwise";

/** −x; derivative −1. */
export function neg(x: Tensor): Tensor {
  return unaryOp(
    "NegBackward",
    x,
    (v) => -v,
    () => -1,
  );
}
