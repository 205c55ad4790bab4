// Small problem documents for the authoring tests: quick to validate on 50
// seeds (the tanh example takes about a second; these a tenth of that).
import type { ProblemDocumentInput } from "@/grader/authoring";

/** y = W x, L = ½‖y‖²: ∂L/∂W = y xᵀ, as a formula and as numbers. */
export function linearLayerDocument(slug: string, overrides: Partial<ProblemDocumentInput> = {}): ProblemDocumentInput {
  return {
    slug,
    title: "Gradient of a linear layer",
    statement: "Let $y = W x$ and $L = \\tfrac12 \\lVert y \\rVert^2$, with $d = {{d}}$ and $m = {{m}}$. Here $W = {{W}}$ and $x = {{x}}$.",
    dimensions: { d: { min: 2, max: 4 }, m: { min: 2, max: 4 } },
    constraints: [{ kind: "distinct", dimensions: ["d", "m"] }],
    variables: {
      W: { shape: ["m", "d"], distribution: { kind: "integers", min: -3, max: 3 }, nonzero: true },
      x: { shape: ["d"], distribution: { kind: "integers", min: -3, max: 3 }, nonzero: true },
    },
    definitions: { y: "W @ x", L: "sum(y * y) / 2" },
    parts: [
      {
        id: "a",
        prompt: "$\\partial L / \\partial W$ as a formula, in the shape of $W$.",
        points: 2,
        answer: { kind: "expression" },
        reference: "grad(L, W)",
        knownMistakes: [{ expression: "2 * y @ x.T", message: "L has the factor ½: ∂L/∂y is y, not 2y." }],
        samples: { correct: ["y @ x.T", "W @ x @ x.T"], wrong: ["x.T"] },
      },
      {
        id: "b",
        prompt: "The value of $\\partial L / \\partial W$.",
        answer: { kind: "matrix" },
        reference: "grad(L, W)",
        samples: { correct: [{ expression: "y @ x.T", as: "numpy" }], wrong: [{ expression: "2 * y @ x.T" }] },
      },
    ],
    ...overrides,
  };
}

/**
 * Compiles, but fails on the seeds that draw d = 3: part "n" lists 3 as a
 * wrong answer for "how many inputs", which is right whenever d is 3.
 */
export function brokenOnSomeSeedsDocument(slug: string): ProblemDocumentInput {
  const document = linearLayerDocument(slug);
  return {
    ...document,
    parts: [
      ...document.parts,
      {
        id: "n",
        prompt: "How many inputs has the layer?",
        answer: { kind: "integer" },
        reference: "d",
        samples: { correct: [{ expression: "d" }], wrong: [3] },
      },
    ],
  };
}

export const asText = (document: ProblemDocumentInput) => JSON.stringify(document, null, 2);

/**
 * The linear layer as an author writes it by hand: compact flow style,
 * comments, an anchor and its alias, non-ASCII text, CRLF line endings and
 * a final newline. Its canonical form has none of these.
 */
export function commentedLinearLayerYaml(slug: string): string {
  return [
    "# Linear layer — ∂L/∂W for L = ½‖y‖²; kept in git, diffed by hand.",
    `slug: ${slug}`,
    "title: Gradient of a linear layer (∂L/∂W)",
    "statement: Let $y = W x$ and $L = \\tfrac12 \\lVert y \\rVert^2$, with $d = {{d}}$ and $m = {{m}}$. Here $W = {{W}}$ and $x = {{x}}$.",
    "dimensions: {d: {min: 2, max: 4}, m: {min: 2, max: 4}}   # d ≠ m: a missing transpose shows",
    "constraints: [{kind: distinct, dimensions: [d, m]}]",
    "variables:",
    "  W: {shape: [m, d], distribution: &small {kind: integers, min: -3, max: 3}, nonzero: true}",
    "  x: {shape: [d], distribution: *small, nonzero: true}  # the same draw as W",
    "definitions: {y: W @ x, L: sum(y * y) / 2}",
    "parts:",
    '  - {id: a, prompt: "∂L/∂W as a formula, in the shape of W.", points: 2, answer: {kind: expression}, reference: "grad(L, W)",',
    '     knownMistakes: [{expression: 2 * y @ x.T, message: "L has the factor ½: ∂L/∂y is y, not 2y."}],',
    "     samples: {correct: [y @ x.T, W @ x @ x.T], wrong: [x.T]}}",
    "  - id: b",
    "    prompt: The value of ∂L/∂W.",
    "    answer: {kind: matrix}",
    "    reference: grad(L, W)",
    "    samples: {correct: [{expression: y @ x.T, as: numpy}], wrong: [{expression: 2 * y @ x.T}]}",
    "",
  ].join("\r\n");
}
