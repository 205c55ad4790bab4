import { Tensor } from "../tensor";
import { checkReduction, reduceLoss, type NllLossOptions } from "./nllLoss";
import { checkSameShape } from "./binaryCrossEntropy";

export type BinaryCrossEntropyWithLogitsOptions = NllLossOptions;

/**
 * binaryCrossEntropy of sigmoid(x), computed from the logits as
 * torch.nn.functional.binary_cross_entropy_with_logits without weights or
 * pos_weight: max(x, 0) − x·t + log(1 + e^(−|x|)), which never overflows
 * (a logit of ±1000 gives a finite loss). `target` has the input's shape.
 * The VJPs: g·(σ(x) − t) for the input and −g·x for the target.
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, options: BinaryCrossEntropyWithLogitsOptions = {}): Tensor {
  const reduction = checkReduction(options.reduction, "binaryCrossEntropyWithLogits");
  checkSameShape(input, target, "binaryCrossEntropyWithLogits");
  const x = input.data;
  const t = target.data;
  const losses = x.map((v, i) => Math.max(v, 0) - v * t[i] + Math.log1p(Math.exp(-Math.abs(v))));
  const elementwise = Tensor.fromOp("BinaryCrossEntropyWithLogitsBackward", losses, input.shape, [input, target], (g) => [
    input.requiresGrad ? g.map((gi, i) => gi * (sigmoid(x[i]) - t[i])) : null,
    target.requiresGrad ? g.map((gi, i) => -gi * x[i]) : null,
  ]);
  return reduceLoss(elementwise, reduction);
}

function sigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}
