/**
 * The handout's 2.1 network as an expression context: W0 (h×d), b0 (h),
 * W1 (1×h), b1 (scalar), x (d), with z = σ(W0 x + b0) and y = W1 z + b1
 * as definitions. Shared by the expression and answer-kind tests.
 */
import type { ExpressionContextInput } from "../../../grader/expr";

export const nnContext: ExpressionContextInput = {
  dimensions: { d: { min: 2, max: 7 }, h: { min: 2, max: 7 } },
  variables: {
    W0: { shape: ["h", "d"] },
    b0: { shape: ["h"] },
    W1: { shape: [1, "h"] },
    b1: { shape: [] },
    x: { shape: ["d"] },
  },
  definitions: { z: "sigmoid(W0 @ x + b0)", y: "W1 @ z + b1" },
  latex: { W0: "W^{(0)}", W1: "W^{(1)}", b0: "b^{(0)}", b1: "b^{(1)}" },
};

/** The reference for ∂y/∂W0, computed by the engine's backward. */
export const dW0Reference = "grad(y, W0)";
