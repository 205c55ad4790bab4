/**
 * Chainrule's reference autograd engine: float64, reverse mode, PyTorch's
 * names in camelCase and PyTorch 2.x's semantics, including at ties and
 * kinks. Pure TypeScript with no dependencies: every reference answer of
 * the platform is computed here.
 *
 *   import { tensor, functional as F } from "./grader/autograd";
 *   const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 *   w.matmul(tensor([2, -1])).relu().sum().backward(); // w·v = [0, 2]
 *   w.grad?.toArray(); // [[0, 0], [2, -1]]: relu'(0) = 0, as in PyTorch
 */
import "./tensor-methods"; // x.add(y), x.sum(), x.backward(): attached to Tensor once, here
export { Tensor, type GradFn, type NestedArray, type TensorOptions } from "./tensor";
export { tensor, zeros, ones, full, eye, randn } from "./creation";
export { createRng, type Rng } from "./rng";
export { AutogradError, AutogradErrorCode } from "./errors";
export * as functional from "./functional";
export { jacobian, jacobianVec, type VecOrder } from "./jacobian";
export { gradcheck, type GradcheckOptions, type GradcheckResult, type GradcheckMismatch } from "./gradcheck";
export { gradients } from "./backward";
export { measureWork, type WorkCount } from "./work";
export {
  summarize,
  pytorchConstructor,
  pytorchListing,
  layerFromCall,
  type LayerSummary,
  type Dim,
  type LayerArg,
  type LayerCall,
} from "./summarize";
export type * from "./layers";
export { LAYER_SIGNATURES, LAYER_TYPES, type ArgumentSignature, type ArgumentKind } from "./summarize/signatures";
export type { Pair } from "./geometry";
