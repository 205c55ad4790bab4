/**
 * Section 08, question 2: why softmax is computed through log-sum-exp.
 * Which of the variant's logits overflow exp, and so a naive softmax, in
 * float32 and in float64; the overflow thresholds, computed from the
 * formats' largest finite numbers (never typed in); what the naive formula
 * gives in float64; and, from the engine's stable log-sum-exp and softmax,
 * how far logsumexp(z) lies above max(z) and the largest probability (both
 * of a size that 3 significant figures grade fairly, unlike logsumexp(z)
 * itself, about 800, where the excess is in the fourth figure).
 */
import { functional as F, tensor, type Rng } from "../../autograd";
import type { KnownMistakeValue } from "../../answers";
import { randomInt } from "../../variant-tools/draw";
import { column, latexMatrix } from "../../variant-tools/format";
import type { PartDefinition, ProblemDefinition } from "../../problems/types";

export interface LogSumExpParams {
  /** Logits, some past float32's overflow threshold and some past float64's; the runner-up has one decimal. */
  z: number[];
}

/**
 * The largest finite float32: (2 − 2⁻²³)·2¹²⁷, from its 23 fraction bits and
 * largest exponent 127. Math.fround returns it unchanged, which checks that
 * it is a float32 and not one ulp past.
 */
const FLOAT32_MAX = Math.fround((2 - 2 ** -23) * 2 ** 127);

/** exp(x) overflows to infinity in a format above log(largest finite number): float32's and float64's thresholds. */
export const OVERFLOW_THRESHOLD = { float32: Math.log(FLOAT32_MAX), float64: Math.log(Number.MAX_VALUE) } as const;

export type FloatFormat = keyof typeof OVERFLOW_THRESHOLD;

/** Whether exp(x), computed in the format, is infinite: float64's Math.exp, rounded to float32 by Math.fround for float32. */
export function expOverflows(x: number, format: FloatFormat): boolean {
  const value = Math.exp(x);
  return (format === "float32" ? Math.fround(value) : value) === Infinity;
}

/** Seed 0: one ordinary logit, one past float32's threshold only, and two past float64's, close to each other. */
const HANDOUT: LogSumExpParams = { z: [3, 150, 800, 801] };

/**
 * Each variant has a logit of each kind, all at least 10 from a threshold
 * (so no rounding of the thresholds changes an answer), and two large ones
 * within 3 of each other, so that the stable softmax has two entries that
 * are not 0 to three decimals. Their gap has one decimal (0.2 to 3.0): a
 * whole-number gap of 1, 2 or 3 gave every student one of three answers
 * to part (e).
 */
function drawParams(rng: Rng, seed: number): LogSumExpParams {
  if (seed === 0) return { z: [...HANDOUT.z] };
  // From 723, so that the runner-up, up to 3 below, is still 10 past float64's threshold (709.78).
  const large = randomInt(rng, 723, 900);
  const runnerUp = (10 * large - randomInt(rng, 2, 30)) / 10;
  const logits = [randomInt(rng, -10, 40), randomInt(rng, 100, 650), large, runnerUp];
  // A Fisher–Yates shuffle, so that the kinds do not always come in the same order.
  for (let i = logits.length - 1; i > 0; i--) {
    const j = randomInt(rng, 0, i);
    [logits[i], logits[j]] = [logits[j], logits[i]];
  }
  return { z: logits };
}

/** The stable log-sum-exp and softmax from the engine (its logSoftmax shifts by the maximum). */
function stableValues(params: LogSumExpParams): { logSumExp: number; softmax: number[] } {
  const z = tensor(params.z);
  const logProbabilities = F.logSoftmax(z, { dim: 0 });
  return { logSumExp: params.z[0] - logProbabilities.data[0], softmax: Array.from(z.softmax(0).data) };
}

/** The naive softmax exp(z) / Σ exp(z), in float64, entry by entry. */
export function naiveSoftmax(z: readonly number[]): number[] {
  const exps = z.map(Math.exp);
  const total = exps.reduce((sum, value) => sum + value, 0);
  return exps.map((value) => value / total);
}

const entryId = (index: number) => `z${index + 1}`;

function overflowPart(format: FloatFormat): PartDefinition<LogSumExpParams> {
  const reference = (params: LogSumExpParams) => params.z.flatMap((x, i) => (expOverflows(x, format) ? [entryId(i)] : []));
  return {
    id: `b.${format}`,
    prompt: `(b) Which entries of $z$ make $e^{z_i}$ overflow to infinity in ${format}, so that a naive softmax in ${format} fails? Choose all that apply.`,
    points: 1,
    answer: (params) => ({
      kind: "choice",
      multiple: true,
      shuffle: false,
      options: params.z.map((x, i) => ({ id: entryId(i), text: `$z_{${i + 1}} = ${x}$` })),
    }),
    reference,
    hints: [`Compare each entry with the threshold of part (a) for ${format}.`],
    examples: (params) => {
      const right = reference(params);
      const all = params.z.map((_, i) => entryId(i));
      return { correct: [right, right.join(", ")], wrong: [all.filter((id) => !right.includes(id)), all] };
    },
  };
}

const THRESHOLD_PROMPT = {
  float32: "(a) Above which value $x$ does $e^x$ overflow in float32 (single precision)? Give $x$ to 3 significant figures.",
  float64: "(a) And in float64 (double precision, what NumPy and this engine use)?",
};

function thresholdPart(format: FloatFormat): PartDefinition<LogSumExpParams> {
  const largest = format === "float32" ? FLOAT32_MAX : Number.MAX_VALUE;
  const mistakes: KnownMistakeValue[] = [
    {
      id: "log10",
      value: Math.log10(largest),
      message: "That is the base-10 logarithm of the largest number; e^x needs the natural logarithm.",
    },
  ];
  return {
    id: `a.${format}`,
    prompt: THRESHOLD_PROMPT[format],
    points: 1,
    answer: { kind: "number" },
    reference: () => OVERFLOW_THRESHOLD[format],
    knownMistakes: () => mistakes,
    hints: ["e^x overflows where it exceeds the largest finite number of the format: take its natural logarithm."],
    examples: () => ({
      correct: [OVERFLOW_THRESHOLD[format], OVERFLOW_THRESHOLD[format].toPrecision(3)],
      wrong: [Math.log10(largest), OVERFLOW_THRESHOLD[format === "float32" ? "float64" : "float32"]],
    }),
  };
}

/** What the naive float64 softmax gives at the variant's logits, read off the computed values. */
function naiveOutcome(params: LogSumExpParams): string {
  const values = naiveSoftmax(params.z);
  if (values.every((value) => Number.isNaN(value))) return "all-nan";
  if (values.some((value) => Number.isNaN(value))) return "nan-and-zeros";
  if (values.some((value) => value === Infinity)) return "infinite";
  return "fine";
}

const NAIVE_OPTIONS = [
  { id: "nan-and-zeros", text: "NaN for the entries whose exponential overflows, and 0 for the others." },
  {
    id: "infinite",
    text: "Infinity for the entries whose exponential overflows, and 0 for the others.",
    feedback: "The denominator overflows too: what is ∞ / ∞ in floating point?",
  },
  {
    id: "all-nan",
    text: "NaN in every entry.",
    feedback: "Look at an entry whose own exponential is finite: what is a finite number divided by ∞?",
  },
  {
    id: "fine",
    text: "The right probabilities: float64's range is wide enough.",
    feedback: "Compare the largest entries with the float64 threshold of part (a).",
  },
];

const LSE_MAX_ONLY =
  "The maximum is only part of it: the stable value adds the log of a sum whose largest term is e⁰ = 1, and the others add to it.";
const ONE_HOT = "Only entries far below the maximum vanish: the runner-up logit is within a few units of it and keeps a visible share.";

export const logSumExp: ProblemDefinition<LogSumExpParams> = {
  slug: "log-sum-exp",
  // 2: (d) is checked on logits that overflow, so the naive formula is wrong, and refuses logsumexp itself.
  version: 2,
  title: "Why log-sum-exp: overflow in a naive softmax",
  source: "Section 08, question 2",
  draw: drawParams,
  statement: (params) =>
    [
      "The softmax $p_i = e^{z_i} / \\sum_k e^{z_k}$ and the log-sum-exp $\\operatorname{logsumexp}(z) = \\log \\sum_k e^{z_k}$ " +
        "can be computed naively, exactly as written, or stably, by first subtracting $m = \\max_k z_k$.",
      "",
      `Take the logits $z = ${latexMatrix(column(params.z))}$ (entries $z_1$ to $z_{${params.z.length}}$).`,
    ].join("\n"),
  displayParams: (params) => [{ name: "z", latex: "z", description: "logits", display: { kind: "matrix", value: column(params.z) } }],
  parts: [
    thresholdPart("float32"),
    thresholdPart("float64"),
    overflowPart("float32"),
    overflowPart("float64"),
    {
      id: "c.naive",
      prompt: "(c) What does the naive formula $e^{z_i} / \\sum_k e^{z_k}$ give at these logits in float64?",
      points: 1,
      answer: { kind: "choice", options: NAIVE_OPTIONS },
      reference: naiveOutcome,
      examples: (params) => ({
        correct: [naiveOutcome(params)],
        wrong: NAIVE_OPTIONS.map((option) => option.id).filter((id) => id !== naiveOutcome(params)),
      }),
    },
    {
      id: "d.shift",
      prompt:
        "(d) Write $\\operatorname{logsumexp}(z)$ in terms of `z` and a scalar `m` so that no exponential overflows when " +
        "$m = \\max_k z_k$, written out with `exp`, `log` and `sum`. (Your formula must hold for any `m`.)",
      points: 2,
      answer: {
        kind: "expression",
        // Logits far past float64's exp threshold (709.78), so that a formula that exponentiates z or m
        // unshifted overflows here as it would in practice; m is drawn as widely, since the formula must hold
        // for any m. The engine's own logsumexp, the reference, is the stable one.
        context: {
          dimensions: { C: { min: 3, max: 6 } },
          variables: {
            z: { shape: ["C"], distribution: { kind: "uniform", low: 750, high: 1000 } },
            m: { shape: [], distribution: { kind: "uniform", low: 750, high: 1000 } },
          },
        },
        forbid: ["logsumexp", "softmax"],
        knownMistakes: [
          {
            id: "forgot-shift-back",
            expression: "log(sum(exp(z - m)))",
            message: "That is logsumexp(z) − m: the shift comes out of the logarithm and must be added back.",
          },
          {
            id: "naive",
            expression: "log(sum(exp(z)))",
            message: "That is the formula as written: for logits this large exp(z) overflows to ∞ in float64.",
          },
        ],
      },
      reference: () => "logsumexp(z)",
      examples: () => ({
        correct: ["m + log(sum(exp(z - m)))", "log(sum(exp(z - m))) + m", "m + log(sum(exp(-(m - z))))"],
        wrong: ["log(sum(exp(z - m)))", "m + log(sum(exp(z)))", "m", "log(sum(exp(z)))", "log(sum(exp(z - m)) * exp(m))"],
      }),
    },
    {
      id: "e.excess",
      prompt:
        "(e) Computed stably, by how much does $\\operatorname{logsumexp}(z)$ exceed $\\max_k z_k$ at these logits? " +
        "(3 significant figures.)",
      points: 1,
      answer: { kind: "number" },
      reference: (params) => stableValues(params).logSumExp - Math.max(...params.z),
      knownMistakes: () => [{ id: "max-only", value: 0, message: LSE_MAX_ONLY }],
      hints: ["Only the terms within a few units of the maximum matter: e^(−30) is already below 1e-13."],
      examples: (params) => {
        const excess = stableValues(params).logSumExp - Math.max(...params.z);
        return { correct: [excess, excess.toPrecision(3)], wrong: [0, 2 * excess] };
      },
    },
    {
      id: "e.largest",
      prompt: "(e) The largest entry of the softmax of $z$, computed stably (3 significant figures).",
      points: 1,
      answer: { kind: "number" },
      reference: (params) => Math.max(...stableValues(params).softmax),
      knownMistakes: () => [{ id: "one-hot", value: 1, message: ONE_HOT }],
      examples: (params) => {
        const largest = Math.max(...stableValues(params).softmax);
        return { correct: [largest, largest.toPrecision(3)], wrong: [1, 1 - largest] };
      },
    },
  ],
};
