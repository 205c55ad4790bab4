/**
 * Section 08, question 4: label smoothing's effect on the gradient. With
 * PyTorch's label_smoothing ε the target is q = (1 − ε)·onehot(y) + ε/C and
 * ∂L/∂z = softmax(z) − q: as a formula (graded against the expression
 * language's grad of the smoothed loss), as values (the engine's
 * crossEntropy with labelSmoothing), the probability of the true class at
 * which its gradient vanishes, and what descent does to an over-confident
 * logit.
 */
import type { Rng } from "../../autograd";
import type { ExpressionContextInput } from "../../expr";
import { pick, randomInt } from "../../variant-tools/draw";
import { column, formatNumber, latexMatrix, matlabLiteral, numpyLiteral } from "../../variant-tools/format";
import type { PartDefinition, ProblemDefinition } from "../../problems/types";
import { crossEntropyAt, drawLabel, drawLogits, LABEL_CONVENTION } from "./logits";

export interface LabelSmoothingParams {
  C: number;
  z: number[];
  /** The true class, 0-based. */
  y: number;
  /** PyTorch's label_smoothing, ε. */
  epsilon: number;
  /** Whether part (d)'s model is over-confident (p_y above part (c)'s value) or unsure (below it). */
  overConfident: boolean;
}

/** Seed 0: the logits of question 1 and ε = 0.1, the value most papers use. */
const HANDOUT: LabelSmoothingParams = { C: 3, z: [2, 1, 0.1], y: 0, epsilon: 0.1, overConfident: true };

const EPSILONS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3];

function drawParams(rng: Rng, seed: number): LabelSmoothingParams {
  if (seed === 0) return { ...HANDOUT, z: [...HANDOUT.z] };
  const C = randomInt(rng, 3, 5);
  // Part (d)'s model is over-confident or unsure: either way round, so that its answer is not the same for everyone.
  return { C, z: drawLogits(rng, C), y: drawLabel(rng, C), epsilon: pick(rng, EPSILONS), overConfident: rng.uniform() < 0.5 };
}

/** The smoothed loss as PyTorch defines it: the cross-entropy against q = (1 − ε)·t + ε/C (not a name here: it is half the answer). */
export const SMOOTHING_CONTEXT: ExpressionContextInput = {
  dimensions: { C: { min: 3, max: 6 } },
  variables: {
    z: { shape: ["C"] },
    t: { shape: ["C"], distribution: { kind: "onehot" } },
    eps: { shape: [], distribution: { kind: "uniform", low: 0.05, high: 0.3 } },
  },
  // ε as the statement prints it (ε, \varepsilon, \epsilon) is eps: a student who copies it is understood.
  definitions: { p: "softmax(z)", L: "-sum(((1 - eps) * t + eps / C) * log(p))", ε: "eps", epsilon: "eps", varepsilon: "eps" },
  latex: { eps: "\\varepsilon" },
};

const SMOOTHING_IGNORED = "That is the gradient without label smoothing: the target is no longer one-hot but (1 − ε)·t + ε/C.";
const UNIFORM_SHARE_MISSING = "The ε taken from the true class is spread over all classes: each also gets ε/C in the target.";
const EPSILON_NOT_SHARED = "Each class gets ε/C, not ε: the ε is shared among the C classes.";
const OTHER_CLASSES_ONLY = "PyTorch spreads ε over all C classes, the true one included (ε/C each), not over the C − 1 wrong ones.";

const gradientAt = (params: LabelSmoothingParams) => column(crossEntropyAt(params.z, params.y, params.epsilon).gradient);
const unsmoothedGradientAt = (params: LabelSmoothingParams) => column(crossEntropyAt(params.z, params.y).gradient);

/**
 * The probability of the true class at which its gradient vanishes, q_y. At
 * z = 0 every pᵢ is 1/C, so the engine's gradient there is 1/C − q: read q_y
 * off it.
 */
function balancedProbability(params: LabelSmoothingParams): number {
  const atZero = crossEntropyAt(new Array<number>(params.C).fill(0), params.y, params.epsilon).gradient;
  return 1 / params.C - atZero[params.y];
}

/**
 * Gradient descent's move on the true logit, −∂L/∂z_y, of part (d)'s model: over-confident (z_y = 10, the others 0,
 * so p_y is near 1) or unsure (all logits 0, so p_y = 1/C, below part (c)'s value).
 */
function confidentLogitMove(params: LabelSmoothingParams): "pushed-down" | "pushed-up" {
  const trueLogit = params.overConfident ? 10 : 0;
  const logits = Array.from({ length: params.C }, (_, c) => (c === params.y ? trueLogit : 0));
  return crossEntropyAt(logits, params.y, params.epsilon).gradient[params.y] > 0 ? "pushed-down" : "pushed-up";
}

const formulaPart: PartDefinition<LabelSmoothingParams> = {
  id: "a.formula",
  prompt:
    "(a) $\\partial L / \\partial z$ with label smoothing $\\varepsilon$, in terms of `z` (or `p`), the one-hot `t`, " +
    "`eps` and `C`, as a column.",
  points: 2,
  answer: {
    kind: "expression",
    context: SMOOTHING_CONTEXT,
    knownMistakes: [
      { id: "smoothing-ignored", expression: "softmax(z) - t", message: SMOOTHING_IGNORED },
      { id: "uniform-share-missing", expression: "softmax(z) - (1 - eps) * t", message: UNIFORM_SHARE_MISSING },
      { id: "epsilon-not-shared", expression: "softmax(z) - (1 - eps) * t - eps", message: EPSILON_NOT_SHARED },
      { id: "other-classes-only", expression: "softmax(z) - (1 - eps) * t - eps * (1 - t) / (C - 1)", message: OTHER_CLASSES_ONLY },
    ],
  },
  reference: () => "grad(L, z)",
  hints: ["Write L = −qᵀz + (Σ q) · logsumexp(z) with q the smoothed target, then differentiate: how much does q sum to?"],
  examples: () => ({
    correct: ["softmax(z) - (1 - eps) * t - eps / C", "p - ((1 - eps) * t + eps / C)", "p - t + eps * (t - ones(C, 1) / C)"],
    wrong: ["softmax(z) - t", "softmax(z) - (1 - eps) * t", "softmax(z) - (1 - eps) * t - eps", "p - (1 - eps) * t + eps / C"],
  }),
};

const valuesPart: PartDefinition<LabelSmoothingParams> = {
  id: "b.values",
  prompt: "(b) The value of $\\partial L / \\partial z$ at the logits, label and $\\varepsilon$ above, as a $C \\times 1$ column.",
  points: 2,
  answer: { kind: "matrix", shapeName: "C×1" },
  reference: gradientAt,
  knownMistakes: (params) => [{ id: "smoothing-ignored", value: unsmoothedGradientAt(params), message: SMOOTHING_IGNORED }],
  examples: (params) => {
    const reference = gradientAt(params);
    return {
      correct: [reference, numpyLiteral(reference), matlabLiteral(reference)],
      wrong: [unsmoothedGradientAt(params), reference.map(([value]) => [-value])],
    };
  },
};

const balancedPart: PartDefinition<LabelSmoothingParams> = {
  id: "c.balanced",
  prompt:
    "(c) Keep $\\varepsilon$ and $C$ as above. At which probability $p_y$ of the true class is $\\partial L / \\partial z_y = 0$? " +
    "(3 significant figures.)",
  points: 1,
  answer: { kind: "number" },
  reference: balancedProbability,
  knownMistakes: (params) => [
    {
      id: "no-smoothing",
      value: 1,
      message: "Without smoothing the true logit's gradient vanishes only as its probability tends to 1; with smoothing, sooner.",
    },
    { id: "uniform-share-missing", value: 1 - params.epsilon, message: UNIFORM_SHARE_MISSING },
  ],
  examples: (params) => {
    const value = balancedProbability(params);
    return { correct: [value, value.toPrecision(4)], wrong: [1, 1 - params.epsilon] };
  },
};

/** Said for either direction chosen wrongly: it must not tell part (a)'s formula or part (c)'s value. */
const DESCENT_SIGN =
  "Descent moves the true logit against the sign of its gradient: take that sign from your formula of (a) at this probability.";

const confidentPart: PartDefinition<LabelSmoothingParams> = {
  id: "d.confident",
  prompt: (params) =>
    (params.overConfident
      ? "(d) A model is over-confident: $p_y$ is above the value of (c). "
      : "(d) A model is unsure: $p_y$ is below the value of (c). ") +
    "What does one step of gradient descent on $L$ do to the true class's logit $z_y$?",
  points: 1,
  answer: {
    kind: "choice",
    options: [
      { id: "pushed-down", text: "It lowers $z_y$.", feedback: DESCENT_SIGN },
      { id: "pushed-up", text: "It raises $z_y$.", feedback: DESCENT_SIGN },
      {
        id: "unchanged",
        text: "Nothing: the gradient at $z_y$ is 0 here.",
        feedback: "The true class's gradient is 0 only at the probability of part (c), not above or below it.",
      },
    ],
  },
  reference: confidentLogitMove,
  examples: (params) => ({
    correct: [confidentLogitMove(params)],
    wrong: ["pushed-up", "pushed-down", "unchanged"].filter((id) => id !== confidentLogitMove(params)),
  }),
};

export const labelSmoothing: ProblemDefinition<LabelSmoothingParams> = {
  slug: "label-smoothing-gradient",
  version: 1,
  title: "Label smoothing: its effect on the gradient",
  source: "Section 08, question 4",
  draw: drawParams,
  statement: (params) =>
    [
      "Label smoothing with $\\varepsilon \\in [0, 1]$ (PyTorch's `F.cross_entropy(z, y, label_smoothing=ε)`) replaces the " +
        "one-hot target $t$ of class $y$ by $q = (1 - \\varepsilon)\\, t + \\varepsilon / C$, and the loss is " +
        "$L = -\\sum_c q_c \\log p_c$ with $p = \\mathrm{softmax}(z)$.",
      "",
      "In formulas, write `z`, `p`, `t` (columns), `eps` for $\\varepsilon$, `C` for the number of classes, `softmax(…)`, " +
        "`ones(C, 1)` and `*` for the elementwise product.",
      "",
      `For the numeric parts: $C = ${params.C}$, $z = ${latexMatrix(column(params.z))}$, $y = ${params.y}$ and ` +
        `$\\varepsilon = ${formatNumber(params.epsilon)}$. ${LABEL_CONVENTION}`,
    ].join("\n"),
  displayParams: (params) => [
    { name: "C", latex: "C", description: "classes", display: { kind: "dimension", value: params.C } },
    { name: "z", latex: "z", description: "logits", display: { kind: "matrix", value: column(params.z) } },
    { name: "y", latex: "y", description: "true class (0-based)", display: { kind: "scalar", value: params.y } },
    { name: "eps", latex: "\\varepsilon", description: "label smoothing", display: { kind: "scalar", value: params.epsilon } },
  ],
  parts: [formulaPart, valuesPart, balancedPart, confidentPart],
};
