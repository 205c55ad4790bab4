/**
 * Section 07, question 2.1: the forward pass of a one-hidden-layer sigmoid
 * network and the derivatives of its output, as formulas (graded by random
 * evaluation against the engine's `grad`) and as numbers at the variant's
 * weights (the engine's backward pass).
 */
import { tensor, type Rng, type Tensor } from "../../autograd";
import type { ExpressionContextInput } from "../../expr";
import type { AnswerSpecInput, KnownMistakeValue } from "../../answers";
import { distinctInts, roundedMatrix } from "../../variant-tools/draw";
import { latexMatrix, matlabLiteral, numpyLiteral } from "../../variant-tools/format";
import type { PartDefinition, ProblemDefinition } from "../../problems/types";
import { forward, FORWARD_PASS, gradientsOfOutput, NETWORK_CONTEXT, NETWORK_LATEX, type NetworkWeights } from "./network";

export interface NnBackpropParams extends NetworkWeights {
  d: number;
  h: number;
  x: number[][];
}

/** Seed 0: the handout's network, d = 2 inputs and h = 4 hidden units. */
const HANDOUT_SIZES = { d: 2, h: 4 };

function drawNetwork(rng: Rng, seed: number): NnBackpropParams {
  // d ≠ h, so that a missing transpose is a shape error, never a lucky match.
  const [d, h] = seed === 0 ? [HANDOUT_SIZES.d, HANDOUT_SIZES.h] : distinctInts(rng, 2, 2, 5);
  return {
    d,
    h,
    W0: roundedMatrix(rng, h, d),
    b0: roundedMatrix(rng, h, 1),
    W1: roundedMatrix(rng, 1, h),
    b1: roundedMatrix(rng, 1, 1),
    x: roundedMatrix(rng, d, 1),
  };
}

/** A part whose context hides z and y: they are what it asks for. */
const FORWARD_CONTEXT: ExpressionContextInput = { ...NETWORK_CONTEXT, definitions: {} };

function expressionPart(
  id: string,
  prompt: string,
  reference: string,
  answer: Omit<Extract<AnswerSpecInput, { kind: "expression" }>, "kind">,
  correct: string[],
  wrong: string[],
  points = 2,
): PartDefinition<NnBackpropParams> {
  return {
    id,
    prompt,
    points,
    answer: { kind: "expression", ...answer },
    reference: () => reference,
    examples: () => ({ correct, wrong }),
  };
}

const MISSING_SIGMOID_PRIME =
  "The sigmoid's derivative is missing: σ′(a) = σ(a)(1 − σ(a)) = z ∘ (1 − z) multiplies each hidden unit's term.";
const HALF_SIGMOID_PRIME = "Only half of σ′ is there: σ′(a) = z ∘ (1 − z), so the (1 − z) factor is needed as well.";

/**
 * The gradient's usual wrong forms at the variant's weights, computed with
 * the engine: without σ′ (W1ᵀ xᵀ, or W1ᵀ for b0) and with only its z factor.
 */
function gradientMistakes(params: NnBackpropParams, weight: "W0" | "b0"): KnownMistakeValue[] {
  const W1t = tensor(params.W1).T;
  const z = forward(params, params.x).z.detach();
  const times = (upstream: Tensor) => (weight === "W0" ? upstream.matmul(tensor(params.x).T) : upstream);
  return [
    { id: "missing-sigmoid-derivative", value: times(W1t).toArray(), message: MISSING_SIGMOID_PRIME },
    { id: "half-sigmoid-derivative", value: times(W1t.mul(z)).toArray(), message: HALF_SIGMOID_PRIME },
  ];
}

/** Numeric gradient parts: matrices at the variant's weights, from the engine's backward pass. */
function numericGradientPart(id: string, weight: "W0" | "b0", prompt: string): PartDefinition<NnBackpropParams> {
  return {
    id,
    prompt,
    points: 2,
    answer: { kind: "matrix", shapeName: weight === "W0" ? "h×d" : "h×1" },
    reference: (params) => gradientsOfOutput(params, params.x)[weight],
    knownMistakes: (params) => gradientMistakes(params, weight),
    examples: (params) => {
      const reference = gradientsOfOutput(params, params.x)[weight];
      const off = reference.map((row, i) => row.map((value, j) => (i === 0 && j === 0 ? value + 1 : value)));
      const transposed = reference[0].map((_, j) => reference.map((row) => row[j]));
      return {
        correct: [reference, numpyLiteral(reference), matlabLiteral(reference)],
        wrong: [off, gradientMistakes(params, weight)[0].value as number[][], ...(weight === "b0" ? [] : [transposed])],
      };
    },
  };
}

const DW0_MISTAKES = [
  { id: "missing-sigmoid-derivative", expression: "W1.T @ x.T", message: MISSING_SIGMOID_PRIME },
  { id: "half-sigmoid-derivative", expression: "(W1.T * z) @ x.T", message: HALF_SIGMOID_PRIME },
];
const DB0_MISTAKES = [
  { id: "missing-sigmoid-derivative", expression: "W1.T", message: MISSING_SIGMOID_PRIME },
  { id: "half-sigmoid-derivative", expression: "W1.T * z", message: HALF_SIGMOID_PRIME },
];

const GRADIENT_LAYOUT =
  "Write gradients in the shape of the quantity they are taken with respect " +
  "to (as PyTorch's `.grad`); the transposed layout is accepted with a note.";

export const nnBackprop: ProblemDefinition<NnBackpropParams> = {
  slug: "nn-backprop",
  // 2: entries are graded to 3 significant figures (was about 1e-3 relative), so a regrade re-scores older work.
  version: 2,
  title: "One-hidden-layer network: forward and backward pass",
  source: "Section 07, question 2.1",
  draw: drawNetwork,
  statement: (params) =>
    [
      "Consider a 1-hidden-layer neural network with a single output unit, with parameters",
      `$W^{(0)} \\in \\mathbb{R}^{h \\times d}$, $b^{(0)} \\in \\mathbb{R}^h$, $W^{(1)} \\in \\mathbb{R}^{1 \\times h}$ ` +
        `and $b^{(1)} \\in \\mathbb{R}$, here with $d = ${params.d}$ and $h = ${params.h}$.`,
      "The input is $x \\in \\mathbb{R}^d$. The hidden layer $z$ uses the " +
        "sigmoid activation $\\sigma$, and the output $y$ has no activation.",
      "",
      "In formulas, write `W0`, `b0`, `W1`, `b1`, `x`, `z`, `y` (vectors are columns), `@` for the matrix product, " +
        "`*` for the elementwise product, `.T` for the transpose, and `sigmoid(…)`; `d` and `h` stand for the sizes.",
      "",
      `For the numeric parts: $W^{(0)} = ${latexMatrix(params.W0)}$, $b^{(0)} = ${latexMatrix(params.b0)}$, ` +
        `$W^{(1)} = ${latexMatrix(params.W1)}$, $b^{(1)} = ${params.b1[0][0]}$, $x = ${latexMatrix(params.x)}$.`,
    ].join("\n"),
  displayParams: (params) => [
    { name: "d", latex: "d", description: "inputs", display: { kind: "dimension", value: params.d } },
    { name: "h", latex: "h", description: "hidden units", display: { kind: "dimension", value: params.h } },
    { name: "W0", latex: NETWORK_LATEX.W0, display: { kind: "matrix", value: params.W0 } },
    { name: "b0", latex: NETWORK_LATEX.b0, display: { kind: "matrix", value: params.b0 } },
    { name: "W1", latex: NETWORK_LATEX.W1, display: { kind: "matrix", value: params.W1 } },
    { name: "b1", latex: NETWORK_LATEX.b1, display: { kind: "scalar", value: params.b1[0][0] } },
    { name: "x", latex: "x", display: { kind: "matrix", value: params.x } },
  ],
  parts: [
    expressionPart(
      "a.z",
      "(a) The forward pass: write $z$ in terms of $x$, $W^{(0)}$, $b^{(0)}$ and $\\sigma$.",
      FORWARD_PASS.z,
      {
        context: FORWARD_CONTEXT,
        layout: "strict",
        knownMistakes: [
          { id: "missing-sigmoid", expression: "W0 @ x + b0", message: "z is the hidden layer's activation: apply σ to W0 x + b0." },
        ],
      },
      ["sigmoid(W0 @ x + b0)", "σ(W0·x + b0)", "1 / (1 + exp(-(W0 @ x + b0)))"],
      ["W0 @ x + b0", "sigmoid(W0 @ x)"],
    ),
    expressionPart(
      "a.y",
      "(a) The forward pass: write $y$ in terms of $z$, $W^{(1)}$ and $b^{(1)}$.",
      FORWARD_PASS.y,
      { context: { ...NETWORK_CONTEXT, definitions: { z: FORWARD_PASS.z } }, layout: "strict" },
      ["W1 @ z + b1", "W1 @ sigmoid(W0 @ x + b0) + b1", "z.T @ W1.T + b1"],
      ["W1 @ z", "sigmoid(W1 @ z + b1)"],
    ),
    expressionPart(
      "b.dW1",
      `(b) $\\partial y / \\partial W^{(1)}$. ${GRADIENT_LAYOUT}`,
      "grad(y, W1)",
      { context: NETWORK_CONTEXT },
      ["z.T", "z"],
      ["W1", "ones(1, h)"],
    ),
    expressionPart(
      "b.db1",
      "(b) $\\partial y / \\partial b^{(1)}$.",
      "grad(y, b1)",
      { context: NETWORK_CONTEXT },
      ["1", "1.0"],
      ["0", "b1"],
      1,
    ),
    expressionPart(
      "c.dz",
      `(c) $\\partial y / \\partial z$, the derivative of the output with respect to the hidden layer. ${GRADIENT_LAYOUT}`,
      "grad(y, z)",
      { context: NETWORK_CONTEXT },
      ["W1.T", "W1"],
      ["z", "W1.T * z * (1 - z)"],
    ),
    expressionPart(
      "d.dW0",
      `(d) $\\partial y / \\partial W^{(0)}$. ${GRADIENT_LAYOUT}`,
      "grad(y, W0)",
      { context: NETWORK_CONTEXT, knownMistakes: DW0_MISTAKES },
      [
        "(W1.T * z * (1 - z)) @ x.T",
        "diag(z * (1 - z)) @ W1.T @ x.T",
        "(W1.T * sigmoid(W0 @ x + b0) * (1 - sigmoid(W0 @ x + b0))) @ x.T",
        "x @ (W1 * z.T * (1 - z.T))",
      ],
      ["(W1.T * z) @ x.T", "W1.T @ x.T"],
      3,
    ),
    expressionPart(
      "d.db0",
      `(d) $\\partial y / \\partial b^{(0)}$. ${GRADIENT_LAYOUT}`,
      "grad(y, b0)",
      { context: NETWORK_CONTEXT, knownMistakes: DB0_MISTAKES },
      ["W1.T * z * (1 - z)", "diag(z * (1 - z)) @ W1.T", "W1 * z.T * (1 - z.T)"],
      ["W1.T * z", "W1.T"],
      3,
    ),
    numericGradientPart(
      "e.dW0",
      "W0",
      "(e) The value of $\\partial y / \\partial W^{(0)}$ at the weights and input above, as an $h \\times d$ matrix.",
    ),
    numericGradientPart(
      "e.db0",
      "b0",
      "(e) The value of $\\partial y / \\partial b^{(0)}$ at the weights and input above, as an $h \\times 1$ column.",
    ),
  ],
};
