import { Tensor } from "../tensor";
import { planReduction, reduceSum } from "./reduce";

/**
 * The mean over `dim` (all dimensions when omitted): the sum divided by the
 * number of elements reduced, so each input receives gradient/count.
 * Over zero elements the result is NaN, as in PyTorch.
 */
export function mean(x: Tensor, dim?: number | number[], keepdim = false): Tensor {
  const plan = planReduction(x, dim, keepdim, "mean");
  return reduceSum("MeanBackward", x, plan, 1 / plan.count);
}
