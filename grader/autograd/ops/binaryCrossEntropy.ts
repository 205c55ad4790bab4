import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";
import { sameShape } from "../shape";
import { checkReduction, reduceLoss, type NllLossOptions } from "./nllLoss";

export type BinaryCrossEntropyOptions = NllLossOptions;

/** PyTorch clamps each log at −100, so that a probability of exactly 0 or 1 gives a finite loss. */
const LOG_FLOOR = -100;
/** PyTorch's floor on x(1 − x) in the input's gradient: 1e-12 as a C++ float (Loss.cpp), so 1e-12 rounded to float32. */
const EPSILON = Math.fround(1e-12);

/**
 * −(t·log x + (1 − t)·log(1 − x)) elementwise, reduced, as
 * torch.nn.functional.binary_cross_entropy without weights. `input` holds
 * probabilities in [0, 1] and `target` has its shape ("mean" divides by the
 * number of elements). PyTorch's conventions at the edges: each log is
 * clamped at −100, and the input's gradient g·(x − t)/max(x(1 − x), ε),
 * with ε the float32 1e-12, stays finite at 0 and 1. The target's gradient
 * is g·(log(1 − x) − log x), unclamped (infinite at 0 and 1) as in PyTorch.
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: BinaryCrossEntropyOptions = {}): Tensor {
  const reduction = checkReduction(options.reduction, "binaryCrossEntropy");
  checkSameShape(input, target, "binaryCrossEntropy");
  const x = input.data;
  const t = target.data;
  x.forEach((value, i) => {
    if (!(value >= 0 && value <= 1)) {
      throw new AutogradError(
        AutogradErrorCode.InvalidArgument,
        `binaryCrossEntropy: all elements of input should be between 0 and 1, but input[${i}] is ${value}; use binaryCrossEntropyWithLogits for logits`,
      );
    }
  });
  const losses = x.map((v, i) => -(t[i] * Math.max(Math.log(v), LOG_FLOOR) + (1 - t[i]) * Math.max(Math.log1p(-v), LOG_FLOOR)));
  const elementwise = Tensor.fromOp("BinaryCrossEntropyBackward", losses, input.shape, [input, target], (g) => [
    input.requiresGrad ? g.map((gi, i) => (gi * (x[i] - t[i])) / Math.max(x[i] * (1 - x[i]), EPSILON)) : null,
    target.requiresGrad ? g.map((gi, i) => gi * (Math.log1p(-x[i]) - Math.log(x[i]))) : null,
  ]);
  return reduceLoss(elementwise, reduction);
}

/** Input and target of an elementwise loss must have one shape: a broadcast loss is nearly always a mistake. */
export function checkSameShape(input: Tensor, target: Tensor, opName: string): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `${opName}: target of shape ${formatShape(target.shape)} differs from input of shape ${formatShape(input.shape)}; they must have the same shape`,
    );
  }
}
