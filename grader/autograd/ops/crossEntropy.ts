import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";
import { sameShape } from "../shape";
import { logSoftmax } from "./logSoftmax";
import { add } from "./add";
import { mul } from "./mul";
import { neg } from "./neg";
import { sum } from "./sum";
import { mean } from "./mean";
import { checkReduction, classDim, classIndices, nllLoss, reduceLoss, type NllLossOptions } from "./nllLoss";

export interface CrossEntropyOptions extends NllLossOptions {
  /** ε in [0, 1]: the target becomes (1 − ε)·target + ε/C (default 0). */
  labelSmoothing?: number;
}

/**
 * Cross-entropy of logits, as torch.nn.functional.cross_entropy without
 * class weights or an ignored index: the log-softmax over the class
 * dimension (a stable log-sum-exp), then
 *   - class indices (target shaped as input without the class dimension):
 *     (1 − ε)·nll + ε·(−mean over classes of the log-probabilities);
 *   - class probabilities (target shaped as input):
 *     −Σ_c ((1 − ε)·target_c + ε/C)·log p_c, differentiable in the target too.
 * Input is (C), (N, C) or (N, C, d₁, …); "mean" divides by the number of
 * samples N·d₁·…, as PyTorch does for both kinds of target. Built from
 * logSoftmax and nllLoss, so its gradient is softmax − smoothed target by
 * the chain rule.
 */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const reduction = checkReduction(options.reduction, "crossEntropy");
  const smoothing = options.labelSmoothing ?? 0;
  if (!(smoothing >= 0 && smoothing <= 1)) {
    throw new AutogradError(
      AutogradErrorCode.InvalidArgument,
      `crossEntropy: labelSmoothing must be between 0.0 and 1.0, but got ${smoothing}`,
    );
  }
  const dim = classDim(input, "crossEntropy");
  const logProbabilities = logSoftmax(input, { dim });

  if (sameShape(target.shape, input.shape)) {
    const classes = input.shape[dim];
    const smoothed = smoothing === 0 ? target : add(mul(target, 1 - smoothing), smoothing / classes);
    return reduceLoss(neg(sum(mul(logProbabilities, smoothed), dim)), reduction);
  }

  const indexShape = input.shape.filter((_, d) => d !== dim);
  if (!sameShape(target.shape, indexShape)) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `crossEntropy: target of shape ${formatShape(target.shape)} does not match input of shape ${formatShape(input.shape)}; expected ${formatShape(indexShape)} for class indices or ${formatShape(input.shape)} for class probabilities`,
    );
  }
  classIndices(target, input.shape[dim], "crossEntropy");
  const nll = nllLoss(logProbabilities, target, { reduction: "none" });
  if (smoothing === 0) return reduceLoss(nll, reduction);
  const uniform = neg(mean(logProbabilities, dim));
  return reduceLoss(add(mul(nll, 1 - smoothing), mul(uniform, smoothing)), reduction);
}
