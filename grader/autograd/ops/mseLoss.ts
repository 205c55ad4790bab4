import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";
import { sameShape } from "../shape";
import { sub } from "./sub";
import { pow } from "./pow";
import { sum } from "./sum";
import { mean } from "./mean";

export interface MseLossOptions {
  /** "mean" (PyTorch's default), "sum", or "none" (the elementwise squares). */
  reduction?: "mean" | "sum" | "none";
}

/**
 * Squared error (input − target)², reduced, as torch.nn.functional.mse_loss.
 * Built from the primitive ops, so its gradient (2(input − target)/n for the
 * mean) flows to both arguments by the chain rule. Unlike PyTorch, which
 * broadcasts with a warning, different shapes are refused: in grading a
 * broadcast loss is nearly always a mistake.
 */
export function mseLoss(input: Tensor, target: Tensor, options: MseLossOptions = {}): Tensor {
  if (!sameShape(input.shape, target.shape)) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `mseLoss: input shape ${formatShape(input.shape)} and target shape ${formatShape(target.shape)} differ`,
    );
  }
  const squares = pow(sub(input, target), 2);
  const reduction = options.reduction ?? "mean";
  if (reduction === "none") return squares;
  return reduction === "sum" ? sum(squares) : mean(squares);
}
