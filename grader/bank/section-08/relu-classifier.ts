/**
 * Section 08, question 3: a two-layer ReLU classifier on a small batch,
 *
 *   A = W1 X + b1 1ᵀ,  H = relu(A),  Z = W2 H + b2 1ᵀ,  P = softmax(Z),
 *   L = −(1/N) Σₙ log P[yₙ, n]   (F.cross_entropy's default mean),
 *
 * with the batch's N samples as the columns of X (d×N), W1 h×d, b1 h×1,
 * W2 C×h and b2 C×1. The gradient of L with respect to each weight and bias,
 * as formulas (graded against the expression language's grad of L) and as
 * values, from the engine's linear, relu, crossEntropy and backward on the
 * batch in PyTorch's layout (one sample per row).
 */
import { functional as F, tensor, type Rng, type Tensor } from "../../autograd";
import type { ExpressionContextInput } from "../../expr";
import type { AnswerSpecInput, KnownMistakeValue } from "../../answers";
import { distinctInts, randomInt, redrawUntil, roundedMatrix } from "../../variant-tools/draw";
import { matlabLiteral, numpyLiteral } from "../../variant-tools/format";
import type { PartDefinition, ProblemDefinition } from "../../problems/types";
import { BATCH_LABEL_CONVENTION } from "./logits";

export interface ReluClassifierParams {
  d: number;
  h: number;
  C: number;
  N: number;
  /** d×N: sample n is column n. */
  X: number[][];
  W1: number[][];
  /** h×1. */
  b1: number[][];
  W2: number[][];
  /** C×1. */
  b2: number[][];
  /** The N samples' classes, 0-based. */
  labels: number[];
}

type Weight = "W1" | "b1" | "W2" | "b2";

/** Every |P − Y| entry is at least this: a sample's gradient is not lost in the third significant figure. */
const MIN_ERROR = 0.02;
/** Every gradient entry is at least this in size: none is a cancellation that 3 significant figures cannot grade. */
const MIN_GRADIENT = 1e-3;
/** A known mistake differs from the reference by at least this much in some entry, far above 3 significant figures. */
const MISTAKE_GAP = 0.05;

function distinctEnough(params: ReluClassifierParams): boolean {
  const pass = classifierGradients(params);
  if (pass.errors.some((e) => Math.abs(e) < MIN_ERROR)) return false;
  if (Object.values(pass.gradients).some((rows) => rows.flat().some((g) => Math.abs(g) < MIN_GRADIENT))) return false;
  return (["W1", "b1", "W2", "b2"] as const).every((weight) => {
    const reference = pass.gradients[weight].flat();
    return valueMistakes(params, weight).every((mistake) =>
      (mistake.value as number[][]).flat().some((value, i) => Math.abs(value - reference[i]) >= MISTAKE_GAP),
    );
  });
}

/** A pre-activation closer to 0 than this is redrawn: no answer should turn on relu′(0). */
const KINK_MARGIN = 0.05;

/** Seed 0: d = 2 inputs, h = 4 hidden units, C = 3 classes, a batch of N = 2. */
const HANDOUT_SIZES = { d: 2, h: 4, C: 3, N: 2 };

const preActivations = (p: Pick<ReluClassifierParams, "W1" | "b1" | "X" | "N">) =>
  tensor(p.W1).matmul(tensor(p.X)).add(tensor(p.b1)).toArray() as number[][];

/**
 * Redraws until no pre-activation is near relu's kink, every hidden unit is
 * on for some sample (so no row of the gradient is trivially 0), some unit
 * is off (so that forgetting relu′ changes the answer), no sample is
 * classified so confidently that its gradient all but vanishes, no
 * gradient entry is tiny (MIN_GRADIENT), and each
 * known mistake is far from the reference (MISTAKE_GAP).
 */
function drawParams(rng: Rng, seed: number): ReluClassifierParams {
  const [d, h, C] = seed === 0 ? [HANDOUT_SIZES.d, HANDOUT_SIZES.h, HANDOUT_SIZES.C] : distinctInts(rng, 3, 2, 4);
  const N = seed === 0 ? HANDOUT_SIZES.N : randomInt(rng, 2, 3);
  return redrawUntil(() => {
    const draw = {
      d,
      h,
      C,
      N,
      X: roundedMatrix(rng, d, N),
      W1: roundedMatrix(rng, h, d),
      b1: roundedMatrix(rng, h, 1),
      W2: roundedMatrix(rng, C, h),
      b2: roundedMatrix(rng, C, 1),
      labels: Array.from({ length: N }, () => randomInt(rng, 0, C - 1)),
    };
    const A = preActivations(draw);
    const entries = A.flat();
    if (entries.some((a) => Math.abs(a) < KINK_MARGIN)) return null;
    if (A.some((row) => row.every((a) => a < 0)) || entries.every((a) => a > 0)) return null;
    return distinctEnough(draw) ? draw : null;
  }, "a classifier with no pre-activation near 0");
}

interface ClassifierPass {
  gradients: Record<Weight, number[][]>;
  /** W2ᵀ ∂L/∂Z with ∂L/∂Z = (P − Y)/N: the hidden layer's upstream gradient, before relu′ (h×N). */
  dH: Tensor;
  /** The entries of P − Y, every sample's error. */
  errors: number[];
}

/** The engine's forward and backward pass, on the batch in PyTorch's layout (N×d rows); gradients back in the statement's shapes. */
export function classifierGradients(params: ReluClassifierParams): ClassifierPass {
  const leaves = {
    W1: tensor(params.W1, { requiresGrad: true }),
    b1: tensor(
      params.b1.map(([value]) => value),
      { requiresGrad: true },
    ),
    W2: tensor(params.W2, { requiresGrad: true }),
    b2: tensor(
      params.b2.map(([value]) => value),
      { requiresGrad: true },
    ),
  };
  const hidden = F.relu(F.linear(tensor(params.X).T, leaves.W1, leaves.b1));
  const logits = F.linear(hidden, leaves.W2, leaves.b2);
  F.crossEntropy(logits, tensor(params.labels)).backward();
  const asMatrix = (t: Tensor) => t.toArray() as number[][];
  const asColumn = (t: Tensor) => Array.from(t.data, (value) => [value]);
  // (P − Y)/N from the engine's softmax, the gradient every formula of the problem starts from.
  const onehot = tensor(params.labels.map((label) => Array.from({ length: params.C }, (_, c) => (c === label ? 1 : 0))));
  const errors = logits.detach().softmax(1).sub(onehot);
  const dZ = errors.div(params.N).T;
  return {
    gradients: {
      W1: asMatrix(leaves.W1.grad!),
      b1: asColumn(leaves.b1.grad!),
      W2: asMatrix(leaves.W2.grad!),
      b2: asColumn(leaves.b2.grad!),
    },
    dH: tensor(params.W2).T.matmul(dZ),
    errors: Array.from(errors.data),
  };
}

const MISSING_MEAN = "That is the gradient of the summed loss: F.cross_entropy averages over the batch, which divides it by N.";
const MISSING_RELU_DERIVATIVE =
  "relu′ is missing: a hidden unit passes gradient back only where it is on, so multiply by step(A) (1 where A > 0) elementwise.";

/** The usual wrong values, computed with the engine: the summed loss's gradient, and (for W1, b1) relu′ left out. */
function valueMistakes(params: ReluClassifierParams, weight: Weight): KnownMistakeValue[] {
  const pass = classifierGradients(params);
  const reference = tensor(pass.gradients[weight]);
  const mistakes: KnownMistakeValue[] = [{ id: "missing-mean", value: reference.mul(params.N).toArray(), message: MISSING_MEAN }];
  if (weight === "W1" || weight === "b1") {
    const withoutDerivative = weight === "W1" ? pass.dH.matmul(tensor(params.X).T) : pass.dH.sum(1, true);
    mistakes.push({ id: "missing-relu-derivative", value: withoutDerivative.toArray(), message: MISSING_RELU_DERIVATIVE });
  }
  return mistakes;
}

const SHAPES: Record<Weight, string> = { W1: "h×d", b1: "h×1", W2: "C×h", b2: "C×1" };
const LATEX: Record<Weight, string> = { W1: "W_1", b1: "b_1", W2: "W_2", b2: "b_2" };

function valuePart(weight: Weight, points: number): PartDefinition<ReluClassifierParams> {
  return {
    id: `c.d${weight}`,
    prompt: `(c) The value of $\\partial L / \\partial ${LATEX[weight]}$ on the batch above, as a $${SHAPES[weight].replace("×", " \\times ")}$ matrix.`,
    points,
    answer: { kind: "matrix", shapeName: SHAPES[weight] },
    reference: (params) => classifierGradients(params).gradients[weight],
    knownMistakes: (params) => valueMistakes(params, weight),
    examples: (params) => {
      const reference = classifierGradients(params).gradients[weight];
      return {
        correct: [reference, numpyLiteral(reference), matlabLiteral(reference)],
        wrong: valueMistakes(params, weight).map((mistake) => mistake.value as number[][]),
      };
    },
  };
}

export const CLASSIFIER_CONTEXT: ExpressionContextInput = {
  dimensions: { d: { min: 2, max: 5 }, h: { min: 2, max: 5 }, C: { min: 2, max: 5 }, N: { min: 2, max: 5 } },
  variables: {
    X: { shape: ["d", "N"] },
    W1: { shape: ["h", "d"] },
    b1: { shape: ["h"] },
    W2: { shape: ["C", "h"] },
    b2: { shape: ["C"] },
    Y: { shape: ["C", "N"], distribution: { kind: "onehot" } },
  },
  definitions: {
    A: "W1 @ X + b1 @ ones(1, N)",
    H: "relu(A)",
    Z: "W2 @ H + b2 @ ones(1, N)",
    P: "softmax(Z)",
    L: "-sum(Y * log(P)) / N",
  },
  latex: { W1: "W_1", b1: "b_1", W2: "W_2", b2: "b_2" },
};

function formulaPart(
  weight: Weight,
  points: number,
  answer: Omit<Extract<AnswerSpecInput, { kind: "expression" }>, "kind" | "context">,
  correct: string[],
  wrong: string[],
  hints?: string[],
): PartDefinition<ReluClassifierParams> {
  const section = weight === "W2" || weight === "b2" ? "a" : "b";
  return {
    id: `${section}.d${weight}`,
    prompt: `(${section}) $\\partial L / \\partial ${LATEX[weight]}$, in the shape of $${LATEX[weight]}$ (as PyTorch's \`.grad\`).`,
    points,
    answer: { kind: "expression", context: CLASSIFIER_CONTEXT, ...answer },
    reference: () => `grad(L, ${weight})`,
    hints,
    examples: () => ({ correct, wrong }),
  };
}

const UPSTREAM = "W2.T @ (P - Y)";

export const reluClassifier: ProblemDefinition<ReluClassifierParams> = {
  slug: "relu-classifier-gradient",
  version: 1,
  title: "A two-layer ReLU classifier: gradients of the mean cross-entropy",
  source: "Section 08, question 3",
  draw: drawParams,
  statement: (params) =>
    [
      `A classifier with $d = ${params.d}$ inputs, $h = ${params.h}$ ReLU hidden units and $C = ${params.C}$ classes ` +
        `is evaluated on a batch of $N = ${params.N}$ samples, the columns of $X \\in \\mathbb{R}^{d \\times N}$:`,
      "",
      "$$A = W_1 X + b_1 \\mathbf{1}^\\top, \\quad H = \\mathrm{relu}(A), \\quad Z = W_2 H + b_2 \\mathbf{1}^\\top, " +
        "\\quad P = \\mathrm{softmax}(Z), \\quad L = -\\frac{1}{N} \\sum_{n} \\sum_c Y_{cn} \\log P_{cn},$$",
      "",
      "where the softmax is taken in each column, $\\mathbf{1}$ is a column of $N$ ones, and column $n$ of $Y$ is the " +
        "one-hot encoding of sample $n$'s class $y_n$: $L$ is `F.cross_entropy` of the logits with its default mean.",
      "",
      "In formulas, write `X`, `W1`, `b1`, `W2`, `b2`, `Y` and the definitions `A`, `H`, `Z`, `P`, `L`; " +
        "`@` for the matrix product, `*` for the elementwise product, `.T`, `ones(N, 1)`, `sum(M, 1)` for the sum of each row, " +
        "and `step(A)` for relu′(A) (1 where $A > 0$, else 0). `d`, `h`, `C` and `N` stand for the sizes.",
      "",
      `For the numeric parts the labels are $y = (${params.labels.join(", ")})$. ${BATCH_LABEL_CONVENTION}`,
    ].join("\n"),
  displayParams: (params) => [
    { name: "d", latex: "d", description: "inputs", display: { kind: "dimension", value: params.d } },
    { name: "h", latex: "h", description: "hidden units", display: { kind: "dimension", value: params.h } },
    { name: "C", latex: "C", description: "classes", display: { kind: "dimension", value: params.C } },
    { name: "N", latex: "N", description: "samples", display: { kind: "dimension", value: params.N } },
    { name: "X", latex: "X", description: "one sample per column", display: { kind: "matrix", value: params.X } },
    { name: "W1", latex: "W_1", display: { kind: "matrix", value: params.W1 } },
    { name: "b1", latex: "b_1", display: { kind: "matrix", value: params.b1 } },
    { name: "W2", latex: "W_2", display: { kind: "matrix", value: params.W2 } },
    { name: "b2", latex: "b_2", display: { kind: "matrix", value: params.b2 } },
    { name: "y", latex: "y", description: "labels (0-based)", display: { kind: "matrix", value: [params.labels] } },
  ],
  parts: [
    formulaPart(
      "W2",
      2,
      { knownMistakes: [{ id: "missing-mean", expression: "(P - Y) @ H.T", message: MISSING_MEAN }] },
      ["(P - Y) @ H.T / N", "(softmax(Z) - Y) @ relu(A).T / N", "((P - Y) / N) @ H.T"],
      ["(P - Y) @ H.T", "(P - Y) @ A.T / N", "P @ H.T / N"],
    ),
    formulaPart(
      "b2",
      1,
      { knownMistakes: [{ id: "missing-mean", expression: "sum(P - Y, 1)", message: MISSING_MEAN }] },
      ["sum(P - Y, 1) / N", "(P - Y) @ ones(N, 1) / N", "mean(P - Y, 1)"],
      ["sum(P - Y, 1)", "sum(P, 1) / N"],
    ),
    formulaPart(
      "W1",
      3,
      {
        knownMistakes: [
          { id: "missing-relu-derivative", expression: `${UPSTREAM} @ X.T / N`, message: MISSING_RELU_DERIVATIVE },
          { id: "missing-mean", expression: `(${UPSTREAM} * step(A)) @ X.T`, message: MISSING_MEAN },
        ],
      },
      [
        `(${UPSTREAM} * step(A)) @ X.T / N`,
        `((W2.T @ (softmax(Z) - Y)) * relu(A) / A) @ X.T / N`,
        `(W2.T @ ((P - Y) / N) * step(A)) @ X.T`,
      ],
      [`${UPSTREAM} @ X.T / N`, `(${UPSTREAM} * step(A)) @ X.T`, `(${UPSTREAM} * H) @ X.T / N`],
      ["Work backwards from ∂L/∂Z = (P − Y)/N: through W2 to H, through relu to A, then to W1."],
    ),
    formulaPart(
      "b1",
      2,
      { knownMistakes: [{ id: "missing-relu-derivative", expression: `sum(${UPSTREAM}, 1) / N`, message: MISSING_RELU_DERIVATIVE }] },
      [`sum(${UPSTREAM} * step(A), 1) / N`, `(${UPSTREAM} * step(A)) @ ones(N, 1) / N`],
      [`sum(${UPSTREAM}, 1) / N`, `sum(${UPSTREAM} * step(A), 1)`],
    ),
    valuePart("W2", 2),
    valuePart("b2", 1),
    valuePart("W1", 2),
    valuePart("b1", 1),
  ],
};
