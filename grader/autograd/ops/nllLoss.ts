import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";
import { sameShape } from "../shape";
import { dimLines, type DimLines } from "./softmax";
import { sum } from "./sum";
import { mean } from "./mean";

export type LossReduction = "mean" | "sum" | "none";

export interface NllLossOptions {
  /** "mean" over the batch (PyTorch's default), "sum", or "none" (one loss per sample). */
  reduction?: LossReduction;
}

/**
 * The negative log-likelihood of class indices, −input[n, target[n]], as
 * torch.nn.functional.nll_loss without class weights or an ignored index.
 * `input` holds log-probabilities of shape (C), (N, C) or (N, C, d₁, …);
 * `target` holds class indices (integral values in [0, C)) of the same shape
 * without the class dimension. The mean divides by the number of targets.
 * The VJP sends −g to the chosen log-probability of each sample.
 */
export function nllLoss(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  const reduction = checkReduction(options.reduction, "nllLoss");
  const lines = classLines(input, target, "nllLoss");
  const classes = classIndices(target, lines.size, "nllLoss");
  const losses = pickNegated(input, classes, lines);
  return reduceLoss(losses, reduction);
}

/** "mean" when omitted; anything else than the three reductions is refused. */
export function checkReduction(reduction: LossReduction | undefined, opName: string): LossReduction {
  const value = reduction ?? "mean";
  if (value !== "mean" && value !== "sum" && value !== "none") {
    throw new AutogradError(
      AutogradErrorCode.InvalidArgument,
      `${opName}: reduction must be "mean", "sum" or "none", but got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

export function reduceLoss(losses: Tensor, reduction: LossReduction): Tensor {
  if (reduction === "none") return losses;
  return reduction === "sum" ? sum(losses) : mean(losses);
}

/** The class dimension of a loss input: 0 for an unbatched (C) input, 1 otherwise. */
export function classDim(input: Tensor, opName: string): number {
  if (input.ndim === 0) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `${opName} expects an input of shape (C), (N, C) or (N, C, d1, ...), but got a 0-d tensor`,
    );
  }
  return input.ndim === 1 ? 0 : 1;
}

/** The input's lines along its class dimension, after checking that target's shape is input's without it. */
export function classLines(input: Tensor, target: Tensor, opName: string): DimLines {
  const dim = classDim(input, opName);
  const expected = input.shape.filter((_, d) => d !== dim);
  if (!sameShape(target.shape, expected)) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `${opName}: class-index target of shape ${formatShape(target.shape)} does not match input of shape ${formatShape(input.shape)}; expected target shape ${formatShape(expected)}`,
    );
  }
  return dimLines(input.shape, dim, opName);
}

/** The target's values as class indices, each checked to be an integer in [0, classes). */
export function classIndices(target: Tensor, classes: number, opName: string): Int32Array {
  const indices = new Int32Array(target.numel);
  target.data.forEach((value, i) => {
    if (!Number.isInteger(value) || value < 0 || value >= classes) {
      throw new AutogradError(
        AutogradErrorCode.InvalidArgument,
        `${opName}: target ${value} at position ${i} is out of bounds: class indices must be integers in [0, ${classes - 1}] for ${classes} classes`,
      );
    }
    indices[i] = value;
  });
  return indices;
}

/** −input at each sample's class, in the target's shape. */
function pickNegated(input: Tensor, classes: Int32Array, lines: DimLines): Tensor {
  const { size, inner } = lines;
  const position = (n: number) => Math.floor(n / inner) * size * inner + (n % inner) + classes[n] * inner;
  const output = new Float64Array(classes.length);
  for (let n = 0; n < classes.length; n++) output[n] = -input.data[position(n)];
  const shape = input.ndim === 1 ? [] : input.shape.filter((_, d) => d !== 1);
  return Tensor.fromOp("NllLossBackward", output, shape, [input], (g) => {
    const gx = new Float64Array(input.numel);
    for (let n = 0; n < classes.length; n++) gx[position(n)] = -g[n];
    return [gx];
  });
}
