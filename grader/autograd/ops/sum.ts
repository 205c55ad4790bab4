import { Tensor } from "../tensor";
import { planReduction, reduceSum } from "./reduce";

/**
 * Σ over `dim` (a dimension or a list; all of them when omitted, giving a
 * 0-d tensor). keepdim keeps reduced dimensions as size 1. The VJP
 * broadcasts the output gradient back over the summed dimensions.
 */
export function sum(x: Tensor, dim?: number | number[], keepdim = false): Tensor {
  return reduceSum("SumBackward", x, planReduction(x, dim, keepdim, "sum"), 1);
}
