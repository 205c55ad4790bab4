/**
 * Section 08, question 1: the gradient of the cross-entropy with respect to
 * the logits, softmax(z) − onehot(y), as a formula (graded by random
 * evaluation against the expression language's grad of the loss), as values
 * at the variant's logits (the engine's crossEntropy and backward), and for
 * a batch's mean loss, where each sample's gradient is divided by N.
 */
import type { Rng } from "../../autograd";
import type { ExpressionContextInput } from "../../expr";
import type { KnownMistakeValue } from "../../answers";
import { randomInt } from "../../variant-tools/draw";
import { column, latexMatrix, matlabLiteral, numpyLiteral } from "../../variant-tools/format";
import type { PartDefinition, ProblemDefinition } from "../../problems/types";
import { crossEntropyAt, drawLabel, drawLogits, LABEL_CONVENTION, oneHot } from "./logits";

export interface CeLogitGradientParams {
  /** The number of classes. */
  C: number;
  /** The logits, one per class. */
  z: number[];
  /** The true class, 0-based. */
  y: number;
}

/** Seed 0: three classes, the textbook's logits (2, 1, 0.1) and the first class true. */
const HANDOUT: CeLogitGradientParams = { C: 3, z: [2, 1, 0.1], y: 0 };

function drawParams(rng: Rng, seed: number): CeLogitGradientParams {
  if (seed === 0) return { ...HANDOUT, z: [...HANDOUT.z] };
  const C = randomInt(rng, 3, 5);
  return { C, z: drawLogits(rng, C), y: drawLabel(rng, C) };
}

/** One example: logits z and the one-hot target t, with p and L as the statement defines them. */
const SINGLE_CONTEXT: ExpressionContextInput = {
  dimensions: { C: { min: 3, max: 6 } },
  variables: { z: { shape: ["C"] }, t: { shape: ["C"], distribution: { kind: "onehot" } } },
  definitions: { p: "softmax(z)", L: "-sum(t * log(p))" },
};

/** A batch of N examples as columns: logits Z (C×N) and one-hot targets Y, with the mean loss. */
const BATCH_CONTEXT: ExpressionContextInput = {
  dimensions: { C: { min: 3, max: 6 }, N: { min: 2, max: 5 } },
  variables: { Z: { shape: ["C", "N"] }, Y: { shape: ["C", "N"], distribution: { kind: "onehot" } } },
  definitions: { P: "softmax(Z)", L: "-sum(Y * log(P)) / N" },
};

const FORGOT_TARGET = "That is softmax(z) alone: the loss's −log p term of the true class also contributes −1 at that class.";
const SIGN_FLIPPED = "The sign is reversed: that is −∂L/∂z, the direction gradient descent moves the logits in.";
const STOPPED_AT_P = "That is ∂L/∂p, the gradient with respect to the probabilities; continue through the softmax's Jacobian to reach z.";

const gradientAt = (params: CeLogitGradientParams) => column(crossEntropyAt(params.z, params.y).gradient);

/** The wrong values a student reaches from the usual slips, computed from the engine's softmax. */
function valueMistakes(params: CeLogitGradientParams): KnownMistakeValue[] {
  const { probabilities } = crossEntropyAt(params.z, params.y);
  const target = oneHot(params.y, params.C);
  return [
    { id: "forgot-target", value: column(probabilities), message: FORGOT_TARGET },
    { id: "sign-flipped", value: column(probabilities.map((p, c) => target[c] - p)), message: SIGN_FLIPPED },
  ];
}

const formulaPart: PartDefinition<CeLogitGradientParams> = {
  id: "a.formula",
  prompt:
    "(a) $\\partial L / \\partial z$ for one example, in terms of `z` and the one-hot target `t` (you may use `p`). " +
    "Write it as a column, the shape of $z$.",
  points: 2,
  answer: {
    kind: "expression",
    context: SINGLE_CONTEXT,
    knownMistakes: [
      { id: "forgot-target", expression: "softmax(z)", message: FORGOT_TARGET },
      { id: "sign-flipped", expression: "t - softmax(z)", message: SIGN_FLIPPED },
      { id: "stopped-at-p", expression: "-t / softmax(z)", message: STOPPED_AT_P },
    ],
  },
  reference: () => "grad(L, z)",
  hints: ["Write $L = -z_y + \\log \\sum_c e^{z_c}$ and differentiate each term with respect to $z_c$."],
  examples: () => ({
    correct: ["softmax(z) - t", "p - t", "exp(z) / sum(exp(z)) - t", "torch.softmax(z, dim=0) - t", "\\mathrm{softmax}(z) - t"],
    wrong: ["softmax(z)", "t - p", "-t / p", "p * (1 - p) - t"],
  }),
};

const valuesPart: PartDefinition<CeLogitGradientParams> = {
  id: "b.values",
  prompt: "(b) The value of $\\partial L / \\partial z$ at the logits and label above, as a $C \\times 1$ column.",
  points: 2,
  answer: { kind: "matrix", shapeName: "C×1" },
  reference: gradientAt,
  knownMistakes: valueMistakes,
  hints: ["Evaluate your formula of (a) at these logits; the probabilities come first."],
  examples: (params) => {
    const reference = gradientAt(params);
    const [forgot, flipped] = valueMistakes(params).map((mistake) => mistake.value as number[][]);
    return {
      correct: [reference, numpyLiteral(reference), matlabLiteral(reference)],
      wrong: [forgot, flipped, reference.map(([value], c) => [c === 0 ? value + 0.5 : value])],
    };
  },
};

const lossPart: PartDefinition<CeLogitGradientParams> = {
  id: "b.loss",
  prompt: "(b) The value of the loss $L$ itself at the logits and label above (natural logarithm).",
  points: 1,
  answer: { kind: "number" },
  reference: (params) => crossEntropyAt(params.z, params.y).loss,
  knownMistakes: (params) => [
    {
      id: "sign-flipped",
      value: -crossEntropyAt(params.z, params.y).loss,
      message:
        "The loss is minus the logarithm of the true class's probability, so it is positive: a probability below 1 has a negative logarithm.",
    },
  ],
  examples: (params) => {
    const { loss } = crossEntropyAt(params.z, params.y);
    return { correct: [loss, loss.toPrecision(4)], wrong: [-loss, loss / Math.LN10] };
  },
};

const batchPart: PartDefinition<CeLogitGradientParams> = {
  id: "c.batch",
  prompt:
    "(c) Now a batch of $N$ examples, one per column: logits `Z` ($C \\times N$) and one-hot targets `Y`, " +
    "with the mean loss $L = -\\frac{1}{N} \\sum_{n} \\sum_c Y_{cn} \\log P_{cn}$ where `P = softmax(Z)` column by column " +
    "(PyTorch's default `reduction='mean'`). Write $\\partial L / \\partial Z$, a $C \\times N$ matrix.",
  points: 2,
  answer: {
    kind: "expression",
    context: BATCH_CONTEXT,
    layout: "strict",
    knownMistakes: [
      {
        id: "missing-mean",
        expression: "softmax(Z) - Y",
        message: "That is the gradient of the summed loss: the mean divides every sample's gradient by N.",
      },
    ],
  },
  reference: () => "grad(L, Z)",
  examples: () => ({
    correct: ["(softmax(Z) - Y) / N", "(P - Y) / N", "softmax(Z, 0) / N - Y / N", "(exp(Z) / (ones(C, 1) @ sum(exp(Z), 0)) - Y) / N"],
    wrong: ["softmax(Z) - Y", "(softmax(Z, 1) - Y) / N", "(P - Y) / C"],
  }),
};

export const ceLogitGradient: ProblemDefinition<CeLogitGradientParams> = {
  slug: "ce-logit-gradient",
  version: 1,
  title: "Cross-entropy: the gradient with respect to the logits",
  source: "Section 08, question 1",
  draw: drawParams,
  statement: (params) =>
    [
      `A classifier outputs logits $z \\in \\mathbb{R}^C$ for $C = ${params.C}$ classes. Its probabilities are ` +
        "$p = \\mathrm{softmax}(z)$, $p_c = e^{z_c} / \\sum_k e^{z_k}$, and its loss on an example of class $y$ is the " +
        "cross-entropy $L = -\\log p_y = -\\sum_c t_c \\log p_c$, where $t$ is the one-hot encoding of $y$ " +
        "(PyTorch's `F.cross_entropy(z, y)`).",
      "",
      "In formulas, write `z`, `t`, `p` (vectors are columns), `softmax(…)`, `exp(…)`, `log(…)`, `sum(…)`, " +
        "`*` for the elementwise product and `@` for the matrix product; `C` and `N` stand for the sizes.",
      "",
      `For the numeric parts: $z = ${latexMatrix(column(params.z))}$ and $y = ${params.y}$. ${LABEL_CONVENTION}`,
    ].join("\n"),
  displayParams: (params) => [
    { name: "C", latex: "C", description: "classes", display: { kind: "dimension", value: params.C } },
    { name: "z", latex: "z", description: "logits", display: { kind: "matrix", value: column(params.z) } },
    { name: "y", latex: "y", description: "true class (0-based)", display: { kind: "scalar", value: params.y } },
  ],
  parts: [formulaPart, valuesPart, lossPart, batchPart],
};
