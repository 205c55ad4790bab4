import { Tensor } from "../tensor";
import { unaryOp } from "./elementwise";

/**
 * σ(x) = 1/(1 + e⁻ˣ); derivative σ(x)(1 − σ(x)), from the output as PyTorch
 * does. For x < 0 the form eˣ/(1 + eˣ) avoids overflow of e⁻ˣ.
 */
export function sigmoid(x: Tensor): Tensor {
  return unaryOp(
    "SigmoidBackward",
    x,
    (v) => {
      if (v >= 0) return 1 / (1 + Math.exp(-v));
      const e = Math.exp(v);
      return e / (1 + e);
    },
    (_x, y) => y * (1 - y),
  );
}
