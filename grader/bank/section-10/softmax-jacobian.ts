/**
 * Section 10, question 4: the attention weights of one query, p =
 * softmax(K q / √d_k), and the Jacobian of the softmax over the scores,
 * ∂p/∂s = diag(p) − p pᵀ, as a formula (graded by random evaluation against
 * the expression engine's `jacobian`) and as values at the variant's scores
 * (the engine's `jacobian` of `functional.softmax`).
 */
import { eye, functional, jacobian, tensor, type Rng, type Tensor } from "../../autograd";
import type { ExpressionContextInput } from "../../expr";
import type { KnownMistakeValue } from "../../answers";
import { pick, randomInt, roundedMatrix } from "../../variant-tools/draw";
import { latexMatrix, matlabLiteral, numpyLiteral } from "../../variant-tools/format";
import type { PartDefinition, ProblemDefinition } from "../../problems/types";

export interface SoftmaxJacobianParams {
  /** The key and query size d_k. */
  dk: number;
  /** The number of keys n. */
  n: number;
  /** The query, d_k×1. */
  q: number[][];
  /** The keys, one per row: n×d_k. */
  K: number[][];
}

/** Seed 0: the handout's query against three keys of size 4. */
export const HANDOUT_ATTENTION: SoftmaxJacobianParams = {
  dk: 4,
  n: 3,
  q: [[1], [0.5], [-1], [2]],
  K: [
    [1, 0, 1, 0],
    [0, 1, 0, 1],
    [1, 1, -1, 0.5],
  ],
};

function drawAttention(rng: Rng, seed: number): SoftmaxJacobianParams {
  if (seed === 0) return HANDOUT_ATTENTION;
  const dk = pick(rng, [2, 3, 4]);
  // At most 4 keys: the Jacobian of (c) is n×n entries to type.
  const n = randomInt(rng, 3, 4);
  return { dk, n, q: roundedMatrix(rng, dk, 1), K: roundedMatrix(rng, n, dk) };
}

/** The scaled scores s = K q / √d_k (n×1), or unscaled when `scaled` is false (a known mistake). */
export function attentionScores(params: SoftmaxJacobianParams, scaled = true): Tensor {
  const raw = tensor(params.K).matmul(tensor(params.q));
  return scaled ? raw.div(Math.sqrt(params.dk)) : raw;
}

/** The attention weights p = softmax(s) over the keys (n×1). */
export function attentionWeights(params: SoftmaxJacobianParams, scaled = true): Tensor {
  return functional.softmax(attentionScores(params, scaled), { dim: 0 });
}

/** ∂p/∂s at the variant's scores (n×n), from the engine's reverse-mode jacobian. */
export function softmaxJacobian(params: SoftmaxJacobianParams): number[][] {
  const s = attentionScores(params).reshape([params.n]);
  return jacobian((scores) => functional.softmax(scores, { dim: 0 }), s).toArray() as number[][];
}

const MISSING_SCALE = "These are the unscaled dot products: scaled dot-product attention divides each score by √dₖ.";
const DIAGONAL_ONLY = "Each pᵢ depends on every score through the normaliser Σₖ exp(sₖ), so the off-diagonal entries are not zero.";
const MISSING_OUTER = "Only diag(p) is there: the normaliser also contributes −pᵢ pⱼ to every entry.";

/** pᵀp for ppᵀ: a 1×1 number that the language spreads over the matrix. */
const INNER_PRODUCT = "p.T @ p is a 1×1 number, the sum of the pᵢ², the same in every entry; entry (i, j) needs pᵢpⱼ.";

/** The Jacobian's usual wrong forms at the variant's scores: diag(p ∘ (1 − p)) and diag(p). */
function jacobianMistakes(params: SoftmaxJacobianParams): KnownMistakeValue[] {
  const p = attentionWeights(params).reshape([1, params.n]);
  // diag(u) as the identity scaled column by column: I ∘ (1 uᵀ).
  const diag = (u: Tensor) => eye(params.n).mul(u);
  return [
    { id: "diagonal-only", value: diag(p.mul(p.neg().add(1))).toArray(), message: DIAGONAL_ONLY },
    { id: "missing-outer-product", value: diag(p).toArray(), message: MISSING_OUTER },
  ];
}

/** A formula part may use s and p = softmax(s), defined through exp and sum so that random evaluation differentiates it. */
const SOFTMAX_CONTEXT: ExpressionContextInput = {
  dimensions: { n: { min: 2, max: 6 } },
  variables: { s: { shape: ["n", 1] } },
  definitions: { p: "exp(s) / sum(exp(s))" },
};

function columnPart(
  id: string,
  prompt: string,
  value: (params: SoftmaxJacobianParams) => Tensor,
  mistake: (params: SoftmaxJacobianParams) => Tensor,
): PartDefinition<SoftmaxJacobianParams> {
  const rows = (params: SoftmaxJacobianParams) => value(params).toArray() as number[][];
  return {
    id,
    prompt,
    points: 1,
    answer: { kind: "matrix", shapeName: "n×1" },
    reference: rows,
    knownMistakes: (params) => [{ id: "unscaled", value: mistake(params).toArray(), message: MISSING_SCALE }],
    examples: (params) => {
      const reference = rows(params);
      return {
        correct: [reference, numpyLiteral(reference), matlabLiteral(reference)],
        wrong: [mistake(params).toArray() as number[][], reference.map(([entry], i) => [i === 0 ? entry + 0.5 : entry])],
      };
    },
  };
}

export const softmaxJacobianProblem: ProblemDefinition<SoftmaxJacobianParams> = {
  slug: "softmax-jacobian",
  version: 1,
  title: "Attention weights and the Jacobian of the softmax",
  source: "Section 10, question 4",
  draw: drawAttention,
  statement: (params) =>
    [
      `In scaled dot-product attention, a query $q \\in \\mathbb{R}^{d_k}$ is compared with $n$ keys, the rows of ` +
        `$K \\in \\mathbb{R}^{n \\times d_k}$; here $d_k = ${params.dk}$ and $n = ${params.n}$. The scores and the attention weights are`,
      "$$s = \\frac{K q}{\\sqrt{d_k}}, \\qquad p = \\operatorname{softmax}(s), \\quad p_i = \\frac{e^{s_i}}{\\sum_k e^{s_k}}.$$",
      `The query is $q = ${latexMatrix(params.q)}$ and the keys are $K = ${latexMatrix(params.K)}$.`,
      "",
      "In formulas, write `s` and `p` (columns of $n$ entries), `@` for the matrix product, `*` for the elementwise product, " +
        "`.T` for the transpose, `diag(…)`, `exp(…)` and `sum(…)`; `n` stands for the number of keys.",
    ].join("\n"),
  displayParams: (params) => [
    { name: "dk", latex: "d_k", description: "key size", display: { kind: "dimension", value: params.dk } },
    { name: "n", latex: "n", description: "keys", display: { kind: "dimension", value: params.n } },
    { name: "q", latex: "q", description: "query", display: { kind: "matrix", value: params.q } },
    { name: "K", latex: "K", description: "keys, one per row", display: { kind: "matrix", value: params.K } },
  ],
  parts: [
    columnPart(
      "a.scores",
      "(a) The scores $s$ at the query and keys above, as an $n \\times 1$ column.",
      (params) => attentionScores(params),
      (params) => attentionScores(params, false),
    ),
    columnPart(
      "a.weights",
      "(a) The attention weights $p = \\operatorname{softmax}(s)$, as an $n \\times 1$ column.",
      (params) => attentionWeights(params),
      (params) => attentionWeights(params, false),
    ),
    {
      id: "b.formula",
      prompt:
        "(b) The Jacobian $\\partial p / \\partial s$ (an $n \\times n$ matrix, entry $(i, j)$ being $\\partial p_i / \\partial s_j$), in terms of $p$.",
      points: 3,
      answer: {
        kind: "expression",
        context: SOFTMAX_CONTEXT,
        knownMistakes: [
          { id: "diagonal-only", expression: "diag(p * (1 - p))", message: DIAGONAL_ONLY },
          { id: "missing-outer-product", expression: "diag(p)", message: MISSING_OUTER },
          { id: "inner-product", expression: "diag(p) - p.T @ p", message: INNER_PRODUCT },
        ],
      },
      reference: () => "jacobian(p, s)",
      hints: ["Differentiate pᵢ = exp(sᵢ) / Σₖ exp(sₖ) with the quotient rule, separately for j = i and j ≠ i."],
      examples: () => ({
        correct: ["diag(p) - p @ p.T", "diag(p) - outer(p, p)", "-(p @ p.T) + diag(p)"],
        wrong: ["diag(p * (1 - p))", "diag(p)", "p @ p.T - diag(p)"],
      }),
    },
    {
      id: "c.values",
      prompt: "(c) The value of $\\partial p / \\partial s$ at the scores of (a), as an $n \\times n$ matrix.",
      points: 2,
      answer: { kind: "matrix", shapeName: "n×n" },
      reference: softmaxJacobian,
      knownMistakes: jacobianMistakes,
      hints: ["Each row of the Jacobian sums to 0: the weights always sum to 1, whatever the scores."],
      examples: (params) => {
        const reference = softmaxJacobian(params);
        const off = reference.map((row, i) => row.map((value, j) => (i === 0 && j === 1 ? value + 0.1 : value)));
        return {
          correct: [reference, numpyLiteral(reference), matlabLiteral(reference)],
          wrong: [off, ...jacobianMistakes(params).map((mistake) => mistake.value as number[][])],
        };
      },
    },
  ],
};
