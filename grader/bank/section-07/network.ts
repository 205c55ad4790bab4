/**
 * The one-hidden-layer sigmoid network of Section 07, question 2, shared by
 * nn-backprop (2.1) and zero-init (2.2):
 *
 *   z = σ(W0 x + b0),  y = W1 z + b1,
 *
 * with W0 h×d, b0 h×1, W1 1×h, b1 a scalar (stored 1×1) and x d×1: vectors
 * are columns. Gradients are in each parameter's own shape, as PyTorch's
 * .grad.
 */
import { tensor, type Tensor } from "../../autograd";
import type { ExpressionContextInput } from "../../expr";

export interface NetworkWeights {
  W0: number[][];
  b0: number[][];
  W1: number[][];
  /** 1×1. */
  b1: number[][];
}

export interface NetworkForward {
  z: Tensor;
  y: Tensor;
  leaves: Record<keyof NetworkWeights, Tensor>;
}

/** The forward pass on the engine, with every weight a leaf that requires grad. */
export function forward(weights: NetworkWeights, x: number[][]): NetworkForward {
  const leaves = {
    W0: tensor(weights.W0, { requiresGrad: true }),
    b0: tensor(weights.b0, { requiresGrad: true }),
    W1: tensor(weights.W1, { requiresGrad: true }),
    b1: tensor(weights.b1, { requiresGrad: true }),
  };
  const z = leaves.W0.matmul(tensor(x)).add(leaves.b0).sigmoid();
  const y = leaves.W1.matmul(z).add(leaves.b1);
  return { z, y, leaves };
}

/** ∂y/∂(each weight), in the weight's shape, from the engine's backward pass. */
export function gradientsOfOutput(weights: NetworkWeights, x: number[][]): Record<keyof NetworkWeights, number[][]> {
  const { y, leaves } = forward(weights, x);
  y.backward();
  const grad = (leaf: Tensor) => leaf.grad!.toArray() as number[][];
  return { W0: grad(leaves.W0), b0: grad(leaves.b0), W1: grad(leaves.W1), b1: grad(leaves.b1) };
}

export const NETWORK_LATEX = { W0: "W^{(0)}", b0: "b^{(0)}", W1: "W^{(1)}", b1: "b^{(1)}" };

/** The forward pass as formulas: the definitions of the expression parts, and the references of 2.1(a). */
export const FORWARD_PASS = { z: "sigmoid(W0 @ x + b0)", y: "W1 @ z + b1" } as const;

/** The quantities an expression answer may use: every weight, x, and z and y as the forward pass defines them. */
export const NETWORK_CONTEXT: ExpressionContextInput = {
  dimensions: { d: { min: 2, max: 6 }, h: { min: 2, max: 6 } },
  variables: {
    W0: { shape: ["h", "d"] },
    b0: { shape: ["h", 1] },
    W1: { shape: [1, "h"] },
    b1: { shape: [] },
    x: { shape: ["d", 1] },
  },
  definitions: { ...FORWARD_PASS },
  latex: NETWORK_LATEX,
};
