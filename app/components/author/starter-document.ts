/**
 * The document a new problem starts from: small, complete, and valid on
 * every seed (test/lib/authoring/editor-checks.test.ts validates it), so
 * that an author changes a working problem rather than facing a blank page.
 */
export const STARTER_DOCUMENT = `# A problem document (YAML; JSON works too). The format is
# grader/authoring/problem-document.schema.json.
slug: linear-layer-gradient
title: Gradient of a linear layer
statement: |
  Let $y = W x$ with $W \\in \\mathbb{R}^{m \\times d}$ and $x \\in \\mathbb{R}^d$, and
  $L = \\tfrac{1}{2} \\lVert y \\rVert^2$; here $d = {{d}}$ and $m = {{m}}$.

  In formulas write \`W\`, \`x\`, \`y\`, \`L\`, \`@\` for the matrix product and \`.T\`
  for the transpose. For the numeric part: $W = {{W}}$ and $x = {{x}}$.
dimensions:
  d: { min: 2, max: 4, description: inputs }
  m: { min: 2, max: 4, description: outputs }
constraints:
  - { kind: distinct, dimensions: [d, m] }
variables:
  W: { shape: [m, d], distribution: { kind: integers, min: -3, max: 3 }, nonzero: true }
  x: { shape: [d], distribution: { kind: integers, min: -3, max: 3 }, nonzero: true }
definitions:
  y: W @ x
  L: sum(y * y) / 2
parts:
  - id: a
    prompt: $\\partial L / \\partial W$ as a formula, in the shape of $W$.
    points: 2
    answer: { kind: expression }
    reference: grad(L, W)
    knownMistakes:
      - { expression: 2 * y @ x.T, message: "L has the factor ½: ∂L/∂y is y, not 2y." }
    samples:
      correct: [y @ x.T, W @ x @ x.T]
      wrong: [2 * y @ x.T]
  - id: b
    prompt: The value of $\\partial L / \\partial W$ for your $W$ and $x$.
    answer: { kind: matrix }
    reference: grad(L, W)
    samples:
      correct: [{ expression: y @ x.T, as: numpy }]
      wrong: [{ expression: 2 * y @ x.T }]
`;
