/**
 * Section 09, question 3: vanishing gradients. The same deep stack
 * h_k = act(W_k h_{k−1}) (no biases) is run with sigmoid and with ReLU on
 * the variant's weights; each layer's Jacobian ∂h_k/∂h_{k−1} comes from the
 * engine's `jacobian` at the forward pass's h_{k−1}, and the parts ask for
 * the product of their Frobenius norms over depth, a bound on the norm of
 * ∂h_L/∂x that shrinks geometrically for sigmoid (σ′ ≤ 1/4).
 */
import { jacobian, tensor, type Rng, type Tensor } from "../../autograd";
import type { KnownMistakeValue } from "../../answers";
import { randomInt, redrawUntil, roundedMatrix } from "../../variant-tools/draw";
import { latexMatrix, matlabLiteral, numpyLiteral } from "../../variant-tools/format";
import type { PartDefinition, ProblemDefinition } from "../../problems/types";

export interface VanishingGradientsParams {
  /** Width of every layer. */
  n: number;
  /** The input, n×1. */
  x: number[][];
  /** W_1 … W_L, each n×n; the depth L is their number. */
  weights: number[][][];
}

export type Activation = "sigmoid" | "relu";

/** Seed 0: a stack small enough to work by hand, 2 units wide and 3 layers deep. */
const HANDOUT_SIZES = { n: 2, depth: 3 };

/** ReLU pre-activations closer to 0 than this are redrawn: a kink there would make the answer hang on rounding. */
const KINK_MARGIN = 0.05;

const activate = (a: Tensor, activation: Activation) => (activation === "sigmoid" ? a.sigmoid() : a.relu());

/** The forward pass: h_0 = x, h_k = act(W_k h_{k−1}), each h_k a vector of n entries. */
function hiddenStates(params: VanishingGradientsParams, activation: Activation): Tensor[] {
  const states = [tensor(params.x.map((row) => row[0]))];
  for (const W of params.weights) states.push(activate(tensor(W).matmul(states[states.length - 1]), activation));
  return states;
}

/** Each layer's Jacobian ∂h_k/∂h_{k−1} (n×n) at the forward pass, from the engine. */
export function layerJacobians(params: VanishingGradientsParams, activation: Activation): number[][][] {
  const states = hiddenStates(params, activation);
  return params.weights.map((W, k) => {
    const layer = (h: Tensor) => activate(tensor(W).matmul(h), activation);
    return jacobian(layer, states[k]).toArray() as number[][];
  });
}

const frobenius = (matrix: number[][]) => tensor(matrix).pow(2).sum().sqrt().item();

/** ∏_k ‖∂h_k/∂h_{k−1}‖_F over the depth. */
export function jacobianNormProduct(params: VanishingGradientsParams, activation: Activation): number {
  return layerJacobians(params, activation).reduce((product, J) => product * frobenius(J), 1);
}

/** ∏_k ‖W_k‖_F: the product with the activation's derivative left out. */
function weightNormProduct(params: VanishingGradientsParams): number {
  return params.weights.reduce((product, W) => product * frobenius(W), 1);
}

/** σ′ at its peak t = 0, by the engine's backward pass. */
function sigmoidSlopeAtZero(): number {
  const t = tensor(0, { requiresGrad: true });
  t.sigmoid().backward();
  return t.grad!.item();
}

function reluPreActivations(params: VanishingGradientsParams): number[] {
  const states = hiddenStates(params, "relu");
  return params.weights.flatMap((W, k) => tensor(W).matmul(states[k]).toArray() as number[]);
}

function drawStack(rng: Rng, seed: number): VanishingGradientsParams {
  const { n, depth } = seed === 0 ? HANDOUT_SIZES : { n: randomInt(rng, 2, 3), depth: randomInt(rng, 3, 5) };
  return redrawUntil(() => {
    const params = { n, x: roundedMatrix(rng, n, 1), weights: Array.from({ length: depth }, () => roundedMatrix(rng, n, n)) };
    // Every ReLU layer keeps a live unit (else the product is 0 for a reason unrelated to depth) and no pre-activation sits at the kink.
    const preActivations = reluPreActivations(params);
    if (preActivations.some((a) => Math.abs(a) < KINK_MARGIN)) return null;
    const relu = jacobianNormProduct(params, "relu");
    // Part (e) compares the two: the sigmoid's product must be the smaller one.
    if (relu === 0 || jacobianNormProduct(params, "sigmoid") >= relu) return null;
    return params;
  }, "a stack with no ReLU unit at its kink, a live unit in every layer, and a sigmoid product below ReLU's");
}

/** The first layer's Jacobian written the usual wrong ways: W_1 alone, and diag(σ(a)) W_1 with σ in place of σ′. */
function firstLayerMistakes(params: VanishingGradientsParams): KnownMistakeValue[] {
  const W1 = tensor(params.weights[0]);
  const a = W1.matmul(tensor(params.x));
  return [
    {
      id: "missing-activation-derivative",
      value: params.weights[0],
      message: "That is W₁ alone: the chain rule also multiplies row i by σ′ at unit i's pre-activation.",
    },
    {
      id: "sigmoid-not-derivative",
      value: a.sigmoid().mul(W1).toArray() as number[][],
      message: "Those rows are scaled by σ(a), the activation itself; the Jacobian needs its derivative σ′(a) = σ(a)(1 − σ(a)).",
    },
    {
      id: "transposed",
      value: tensor(layerJacobians(params, "sigmoid")[0]).T.toArray() as number[][],
      message:
        "That is the transpose of the Jacobian: its entry (i, j) is the derivative of output i with respect to input j, one row per output.",
    },
  ];
}

function productMistakes(params: VanishingGradientsParams, activation: Activation): KnownMistakeValue[] {
  const reference = jacobianNormProduct(params, activation);
  const withoutDerivative = weightNormProduct(params);
  // With every ReLU unit live, J_k = W_k and the two products agree: then the slip is no mistake.
  if (Math.abs(withoutDerivative - reference) <= 1e-9 * Math.abs(reference)) return [];
  return [
    {
      id: "missing-activation-derivative",
      value: withoutDerivative,
      message:
        activation === "sigmoid"
          ? "That is the product of the weights' norms: each layer's Jacobian also has the factor diag(σ′(a))."
          : "That is the product of the weights' norms: a ReLU unit that is off (a < 0) has derivative 0 and removes its row.",
    },
  ];
}

/** How far a product may be from the reference after the statement's own rounding (see productPart). */
const PRODUCT_RTOL = 6e-3;

function productPart(id: string, activation: Activation, prompt: string): PartDefinition<VanishingGradientsParams> {
  return {
    id,
    prompt,
    points: 2,
    // The statement has students keep 5 significant figures in intermediate results, then give 3: rounding
    // twice can land one unit off in the 3rd figure (0.044251 → 0.0443 against 0.0442482), up to 0.5 % at a
    // leading 1. So 0.6 % relative, still far inside the known slip's distance (tested on every seed).
    answer: { kind: "number", tolerance: { type: "relative", rtol: PRODUCT_RTOL } },
    reference: (params) => jacobianNormProduct(params, activation),
    knownMistakes: (params) => productMistakes(params, activation),
    hints: [
      "Run the forward pass first: each layer's Jacobian is $\\operatorname{diag}(\\phi'(W_k h_{k-1}))\\, W_k$ at that layer's own input $h_{k-1}$.",
    ],
    examples: (params) => {
      const reference = jacobianNormProduct(params, activation);
      return { correct: [reference, reference.toPrecision(4), reference.toExponential(5)], wrong: [reference * 1.1, -reference] };
    },
  };
}

const WHY_OPTIONS = [
  {
    id: "small-slope",
    text: "Every sigmoid Jacobian is scaled down by $\\operatorname{diag}(\\sigma'(a))$, which is small for every $a$.",
  },
  {
    id: "saturation-only",
    text: "The sigmoid's outputs saturate at 0 or 1 in the deeper layers, and only there does its Jacobian become small.",
    feedback: "Even at its steepest point σ′ is well below 1, so every sigmoid layer shrinks the norm, saturated or not.",
  },
  {
    id: "weights-shrink",
    text: "The weights of a sigmoid network are smaller than a ReLU network's, so each $W_k$ has a smaller norm.",
    feedback: "Both networks use the very same weights here; the difference is in the activation's derivative.",
  },
  {
    id: "relu-linear",
    text: "ReLU is a linear function, so every Jacobian of the ReLU network is exactly its weight matrix $W_k$.",
    feedback: "ReLU is linear only piece by piece: a unit that is off has derivative 0 and zeroes its row of the Jacobian.",
  },
];

export const vanishingGradients: ProblemDefinition<VanishingGradientsParams> = {
  slug: "vanishing-gradients",
  // 2: the products accept what the statement's own rounding gives (0.6 % relative, was 3 significant figures).
  version: 2,
  title: "Vanishing gradients: sigmoid against ReLU",
  source: "Section 09, question 3",
  draw: drawStack,
  statement: (params) =>
    [
      `A deep network of ${params.weights.length} layers, each $n = ${params.n}$ units wide and without biases, computes`,
      "$$h_0 = x, \\qquad h_k = \\phi(W_k h_{k-1}), \\quad k = 1, \\dots, L,$$",
      `with $L = ${params.weights.length}$ and the activation $\\phi$ either the sigmoid $\\sigma$ or ReLU. ` +
        "By the chain rule $\\partial h_L / \\partial x = J_L \\cdots J_1$ with the layer Jacobians " +
        "$J_k = \\partial h_k / \\partial h_{k-1}$, so $\\|\\partial h_L / \\partial x\\| \\le \\prod_k \\|J_k\\|$: " +
        "when every factor is below 1 the gradient reaching the input vanishes with depth.",
      "",
      "Use the Frobenius norm $\\|J\\|_F = \\sqrt{\\sum_{ij} J_{ij}^2}$, and keep 5 significant figures in intermediate results: " +
        "a product of several rounded factors loses precision. Both networks use the same weights and input:",
      "",
      `$x = ${latexMatrix(params.x)}$, ` + params.weights.map((W, k) => `$W_${k + 1} = ${latexMatrix(W)}$`).join(", ") + ".",
    ].join("\n"),
  displayParams: (params) => [
    { name: "n", latex: "n", description: "units per layer", display: { kind: "dimension", value: params.n } },
    { name: "L", latex: "L", description: "layers", display: { kind: "dimension", value: params.weights.length } },
    { name: "x", latex: "x", display: { kind: "matrix", value: params.x } },
    ...params.weights.map((W, k) => ({ name: `W${k + 1}`, latex: `W_${k + 1}`, display: { kind: "matrix" as const, value: W } })),
  ],
  parts: [
    {
      id: "a.slope",
      prompt: "(a) The largest value of the sigmoid's derivative $\\sigma'(t)$ over all real $t$.",
      points: 1,
      answer: { kind: "number" },
      reference: () => sigmoidSlopeAtZero(),
      knownMistakes: () => [
        { id: "sigmoid-value", value: 0.5, message: "That is σ(0), the sigmoid's value; its derivative is σ(t)(1 − σ(t))." },
        { id: "one", value: 1, message: "σ′(t) = σ(t)(1 − σ(t)) is a product of two numbers between 0 and 1 that add to 1." },
      ],
      examples: () => {
        const slope = sigmoidSlopeAtZero();
        return { correct: [slope, "1/4", String(slope)], wrong: [0.5, 1] };
      },
    },
    {
      id: "b.J1",
      prompt:
        "(b) The Jacobian $J_1 = \\partial h_1 / \\partial x$ of the sigmoid network's first layer at $x$, as an $n \\times n$ matrix " +
        "whose entry $(i, j)$ is $\\partial (h_1)_i / \\partial x_j$.",
      points: 2,
      answer: { kind: "matrix", shapeName: "n×n" },
      reference: (params) => layerJacobians(params, "sigmoid")[0],
      knownMistakes: firstLayerMistakes,
      examples: (params) => {
        const J1 = layerJacobians(params, "sigmoid")[0];
        return {
          correct: [J1, numpyLiteral(J1), matlabLiteral(J1)],
          wrong: firstLayerMistakes(params).map((mistake) => mistake.value as number[][]),
        };
      },
    },
    productPart(
      "c.sigmoid",
      "sigmoid",
      "(c) The product $\\prod_{k=1}^{L} \\|J_k\\|_F$ for the sigmoid network, each $J_k$ at the forward pass of that network.",
    ),
    productPart(
      "d.relu",
      "relu",
      "(d) The same product $\\prod_{k=1}^{L} \\|J_k\\|_F$ for the ReLU network, with the same weights and input.",
    ),
    {
      id: "e.why",
      prompt: "(e) What makes the sigmoid network's product so much smaller than the ReLU network's?",
      points: 1,
      answer: { kind: "choice", options: WHY_OPTIONS },
      reference: () => "small-slope",
      examples: () => ({ correct: ["small-slope"], wrong: ["saturation-only", "weights-shrink", "relu-linear"] }),
    },
  ],
};
