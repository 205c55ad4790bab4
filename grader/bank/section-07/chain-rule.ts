/**
 * Section 07, question 1: the chain rule for Jacobians. The dimension and
 * shape parts are symbolic, as in the handout; their references are the
 * shapes of Jacobians the engine computes for concrete maps with the
 * symbols bound to distinct primes (grader/variant-tools/symbolic-shape.ts). Part (c)
 * asks for the Jacobian of a concrete f∘g at a point, computed by the
 * engine's `jacobian`.
 */
import { jacobian, jacobianVec, tensor, type Rng, type Tensor } from "../../autograd";
import { distinctInts, roundedMatrix } from "../../variant-tools/draw";
import { latexMatrix, matlabLiteral, numpyLiteral } from "../../variant-tools/format";
import { primeBindings, symbolicShape } from "../../variant-tools/symbolic-shape";
import type { ProblemDefinition } from "../../problems/types";

/** Part (c): g(x) = tanh(A x) with A n×ℓ, f(u) = B u with B m×n, at the point x0. */
export interface ChainRuleParams {
  l: number;
  n: number;
  m: number;
  A: number[][];
  B: number[][];
  x0: number[][];
}

function drawChainRule(rng: Rng): ChainRuleParams {
  // Three distinct sizes, so that a product in the wrong order or a transpose never fits.
  const [l, n, m] = distinctInts(rng, 3, 2, 4);
  return { l, n, m, A: roundedMatrix(rng, n, l, 1), B: roundedMatrix(rng, m, n, 1), x0: roundedMatrix(rng, l, 1, 1) };
}

/** A smooth map between spaces of the given sizes, for computing Jacobian shapes: x ↦ tanh(M x) with a fixed M. */
function smoothMap(outputs: number, inputs: number): (x: Tensor) => Tensor {
  const M = tensor(Array.from({ length: outputs }, (_, i) => Array.from({ length: inputs }, (_, j) => Math.sin(1 + i * inputs + j))));
  return (x) => M.matmul(x).tanh();
}

/** ∂(f∘g)/∂x for f: R^n → R^m and g: R^ℓ → R^n, with each size a distinct prime. */
function compositionJacobianShape(): string[] {
  const bindings = primeBindings(["n", "m", "l"]);
  const f = smoothMap(bindings.m, bindings.n);
  const g = smoothMap(bindings.n, bindings.l);
  const x = tensor(Array.from({ length: bindings.l }, (_, i) => 0.1 * (i + 1)));
  return symbolicShape(jacobian((input) => f(g(input)), x).shape, bindings);
}

/** g: R^{p×q} → R^n, g(W) = tanh(C tanh(W c)) with C n×p and c ∈ R^q; its Jacobian shapes, full and with respect to vec(W). */
function matrixInputJacobianShapes(): { full: string[]; vec: string[] } {
  const bindings = primeBindings(["n", "p", "q"]);
  const c = tensor(Array.from({ length: bindings.q }, (_, i) => Math.cos(i)));
  const inner = smoothMap(bindings.n, bindings.p);
  const g = (W: Tensor) => inner(W.matmul(c).tanh());
  const W = tensor(Array.from({ length: bindings.p }, (_, i) => Array.from({ length: bindings.q }, (_, j) => 0.01 * (i - j))));
  return {
    full: symbolicShape(jacobian(g, W).shape, bindings),
    vec: symbolicShape(jacobianVec(g, W, "column-major").shape, bindings),
  };
}

function compositionAt(params: ChainRuleParams) {
  const A = tensor(params.A);
  const B = tensor(params.B);
  const x0 = tensor(params.x0.map((row) => row[0]));
  return {
    jacobian: jacobian((x) => B.matmul(A.matmul(x).tanh()), x0).toArray() as number[][],
    /** The chain rule without tanh′: B A. */
    withoutInnerDerivative: B.matmul(A).toArray() as number[][],
  };
}

// 1(b) as the handout asks it: whether ∂g/∂W is a matrix, then why, before
// the shapes. The options are of similar length and the right one is not the
// longest; their display order is shuffled per variant (choice.ts).
const MATRIX_OPTIONS = [
  { id: "yes", text: "Yes, an $n \\times p$ matrix, as for a vector input." },
  { id: "yes-shape-of-w", text: "Yes, a $p \\times q$ matrix, the shape of $W$." },
  { id: "no", text: "No, not without rearranging its entries." },
];

const WHY_OPTIONS = [
  { id: "three-indices", text: "An entry $\\partial g_i / \\partial W_{jk}$ needs three indices, not two." },
  {
    id: "nonlinear",
    text: "$g$ is nonlinear in $W$, so its derivative is not a linear map at all.",
    feedback: "The derivative of a differentiable map is always a linear map, whatever g is; what matters is how its entries are indexed.",
  },
  {
    id: "not-square",
    text: "$W$ is not square when $p \\ne q$, so its derivative cannot be inverted.",
    feedback: "Nothing is inverted here, and p = q would change nothing: count the indices of one entry of the derivative.",
  },
  {
    id: "vec-only",
    text: "The derivative is defined only once $W$ is flattened to $\\mathrm{vec}(W)$.",
    feedback: "The derivative exists with respect to W itself; flattening only rearranges its entries.",
  },
];

export const chainRule: ProblemDefinition<ChainRuleParams> = {
  slug: "chain-rule",
  // 2: 1(b) asks the handout's question (a matrix or not, and why) before the shapes.
  version: 2,
  title: "The chain rule",
  source: "Section 07, question 1",
  draw: (rng) => drawChainRule(rng),
  statement: (params) =>
    [
      "Let $f: \\mathbb{R}^n \\to \\mathbb{R}^m$ and $g: \\mathbb{R}^\\ell \\to \\mathbb{R}^n$. " +
        "Write the Jacobian of $f \\circ g$ as a matrix in terms of the Jacobian $J_f = \\frac{\\partial f}{\\partial y}$ of $f$ " +
        "and the Jacobian $J_g = \\frac{\\partial g}{\\partial x}$ of $g$, making sure the dimensions line up, " +
        "and say when the formula makes sense.",
      "",
      "Then consider $g: \\mathbb{R}^{p \\times q} \\to \\mathbb{R}^n$, whose input is a matrix $W$.",
      "",
      `Finally, for part (c): $g(x) = \\tanh(A x)$ and $f(u) = B u$ with $\\ell = ${params.l}$, $n = ${params.n}$, $m = ${params.m}$,`,
      `$A = ${latexMatrix(params.A)}$, $B = ${latexMatrix(params.B)}$ and the point $x_0 = ${latexMatrix(params.x0)}$.`,
    ].join("\n"),
  displayParams: (params) => [
    { name: "A", latex: "A", description: "n×ℓ", display: { kind: "matrix", value: params.A } },
    { name: "B", latex: "B", description: "m×n", display: { kind: "matrix", value: params.B } },
    { name: "x0", latex: "x_0", display: { kind: "matrix", value: params.x0 } },
  ],
  parts: [
    {
      id: "a.dims",
      prompt: "(a) The dimensions of $\\frac{\\partial (f \\circ g)}{\\partial x}$, in terms of $n$, $m$ and $\\ell$ (write `l` or `ℓ`).",
      points: 1,
      answer: { kind: "dimensions", symbols: ["n", "m", "l"] },
      reference: compositionJacobianShape,
      knownMistakes: () => [
        {
          id: "transposed",
          value: ["l", "m"],
          message: "A Jacobian has one row per output and one column per input: f∘g has m outputs and ℓ inputs.",
        },
      ],
      examples: () => ({ correct: ["m x l", "m × ℓ", "(m, l)"], wrong: ["l x m", "m x n"] }),
    },
    {
      id: "a.formula",
      prompt:
        "(a) The Jacobian of $f \\circ g$ at $x$, in terms of `Jf` ($m \\times n$, " +
        "evaluated at $g(x)$) and `Jg` ($n \\times \\ell$, evaluated at $x$).",
      points: 2,
      answer: {
        kind: "expression",
        context: {
          dimensions: { n: { min: 2, max: 6 }, m: { min: 2, max: 6 }, l: { min: 2, max: 6 } },
          variables: { Jf: { shape: ["m", "n"] }, Jg: { shape: ["n", "l"] } },
          latex: { Jf: "J_f", Jg: "J_g", l: "\\ell" },
        },
        layout: "strict",
      },
      // The chain rule itself; test/grader/bank/section-07.test.ts checks it against the engine's jacobian of composed maps.
      reference: () => "Jf @ Jg",
      examples: () => ({ correct: ["Jf @ Jg", "Jf·Jg", "(Jg.T @ Jf.T).T"], wrong: ["Jg @ Jf", "Jf * Jg", "Jg.T @ Jf.T"] }),
    },
    {
      id: "a.conditions",
      prompt: "(a) What must hold for this formula to make sense? Choose all that apply.",
      points: 1,
      answer: {
        kind: "choice",
        multiple: true,
        options: [
          { id: "f-at-gx", text: "$f$ is differentiable at $g(x)$." },
          { id: "g-at-x", text: "$g$ is differentiable at $x$." },
          {
            id: "f-everywhere",
            text: "$f$ is differentiable at every point of $\\mathbb{R}^n$.",
            feedback: "Only the point g(x) matters: differentiability elsewhere is not needed.",
          },
          {
            id: "same-size",
            text: "$m = \\ell$, so that the product is square.",
            feedback: "The product of an m×n and an n×ℓ matrix is defined for any m and ℓ.",
          },
          {
            id: "invertible",
            text: "$J_g$ is invertible.",
            feedback: "Nothing is inverted in the chain rule; the Jacobian of g need not even be square.",
          },
        ],
      },
      reference: () => ["f-at-gx", "g-at-x"],
      examples: () => ({ correct: [["f-at-gx", "g-at-x"], "g-at-x, f-at-gx"], wrong: [["f-at-gx"], ["f-at-gx", "g-at-x", "invertible"]] }),
    },
    {
      id: "b.matrix",
      prompt:
        "(b) Can the derivative $\\frac{\\partial g}{\\partial W}$ of " +
        "$g: \\mathbb{R}^{p \\times q} \\to \\mathbb{R}^n$ still be written as a matrix (an array with two indices)?",
      points: 1,
      answer: { kind: "choice", options: MATRIX_OPTIONS },
      // The handout's answer, which b.shape's reference (three dimensions, from the engine's jacobian) confirms.
      reference: () => (matrixInputJacobianShapes().full.length === 2 ? "yes" : "no"),
      examples: () => ({ correct: ["no"], wrong: ["yes", "yes-shape-of-w"] }),
    },
    {
      id: "b.why",
      prompt: "(b) What decides the answer to the previous question?",
      points: 1,
      answer: { kind: "choice", options: WHY_OPTIONS },
      reference: () => "three-indices",
      examples: () => ({ correct: ["three-indices"], wrong: ["nonlinear", "not-square", "vec-only"] }),
    },
    {
      id: "b.shape",
      prompt:
        "(b) The shape of $\\frac{\\partial g}{\\partial W}$ for " +
        "$g: \\mathbb{R}^{p \\times q} \\to \\mathbb{R}^n$, as a tuple in $n$, $p$, $q$.",
      points: 1,
      answer: { kind: "shape", symbols: ["n", "p", "q"] },
      reference: () => matrixInputJacobianShapes().full,
      knownMistakes: () => [
        {
          id: "flattened",
          value: ["n", "p*q"],
          message: "With respect to W itself the derivative keeps both of W's dimensions, p and q, as axes of their own.",
        },
      ],
      examples: () => ({ correct: ["(n, p, q)", "[n, p, q]"], wrong: ["(p, q, n)", "(n, p*q)"] }),
    },
    {
      id: "b.vec",
      prompt: "(b) The dimensions of the Jacobian with respect to $\\mathrm{vec}(W) \\in \\mathbb{R}^{pq}$.",
      points: 1,
      answer: { kind: "dimensions", symbols: ["n", "p", "q"] },
      reference: () => matrixInputJacobianShapes().vec,
      examples: () => ({ correct: ["n x pq", "n × p·q", "(n, p*q)"], wrong: ["pq x n", "n x p"] }),
    },
    {
      id: "c.value",
      prompt: "(c) The Jacobian of $f \\circ g$ at $x_0$, as an $m \\times \\ell$ matrix.",
      points: 2,
      answer: { kind: "matrix" },
      reference: (params) => compositionAt(params).jacobian,
      knownMistakes: (params) => [
        {
          id: "missing-inner-derivative",
          value: compositionAt(params).withoutInnerDerivative,
          message: "That is B A: the Jacobian of g is diag(1 − tanh²(A x₀)) A, not A.",
        },
      ],
      examples: (params) => {
        const { jacobian: reference, withoutInnerDerivative } = compositionAt(params);
        return { correct: [reference, numpyLiteral(reference), matlabLiteral(reference)], wrong: [withoutInnerDerivative] };
      },
    },
  ],
};
