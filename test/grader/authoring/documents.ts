/**
 * Documents the authoring tests share: a document version of two parts of
 * the bank's nn-backprop (Section 07, question 2.1), and a small CNN whose
 * handout (seed 0) is the bank's cnn-shapes stack.
 */
import { DocumentError, type ProblemDocumentInput } from "@/grader/authoring";

/** The DocumentError `run` throws; fails the test if it throws nothing or something else. */
export function documentErrorOf(run: () => unknown): DocumentError {
  try {
    run();
  } catch (error) {
    if (error instanceof DocumentError) return error;
    throw error;
  }
  throw new Error("expected a DocumentError, but nothing was thrown");
}

/** The bank's known mistakes of ∂y/∂W0, shared by the formula part and the value part. */
const DW0_MISTAKES = [
  { id: "missing-sigmoid-derivative", expression: "W1.T @ x.T", message: "σ′ is missing." },
  { id: "half-sigmoid-derivative", expression: "(W1.T * z) @ x.T", message: "Only half of σ′ is there." },
];

/** nn-backprop's d.dW0 (a formula) and e.dW0 (its value), with the bank's known mistakes. */
export function nnBackpropDocument(): ProblemDocumentInput {
  return {
    slug: "nn-backprop-document",
    title: "One-hidden-layer network, as a document",
    statement: "With $d = {{d}}$ and $h = {{h}}$: $W^{(0)} = {{W0}}$, $x = {{x}}$.",
    dimensions: { d: { min: 2, max: 5 }, h: { min: 2, max: 5 } },
    constraints: [{ kind: "distinct", dimensions: ["d", "h"] }],
    variables: {
      W0: { shape: ["h", "d"], distribution: { kind: "uniform", low: -2, high: 2 }, round: 1, nonzero: true },
      b0: { shape: ["h", 1], distribution: { kind: "uniform", low: -2, high: 2 }, round: 1, nonzero: true },
      W1: { shape: [1, "h"], distribution: { kind: "uniform", low: -2, high: 2 }, round: 1, nonzero: true },
      b1: { shape: [], distribution: { kind: "uniform", low: -2, high: 2 }, round: 1, nonzero: true },
      x: { shape: ["d", 1], distribution: { kind: "uniform", low: -2, high: 2 }, round: 1, nonzero: true },
    },
    definitions: { z: "sigmoid(W0 @ x + b0)", y: "W1 @ z + b1" },
    parts: [
      {
        id: "d.dW0",
        prompt: "$\\partial y / \\partial W^{(0)}$.",
        points: 3,
        answer: { kind: "expression" },
        reference: "grad(y, W0)",
        knownMistakes: structuredClone(DW0_MISTAKES),
        samples: { correct: ["(W1.T * z * (1 - z)) @ x.T", "x @ (W1 * z.T * (1 - z.T))"], wrong: ["(W1.T * z) @ x.T", "W1.T @ x.T"] },
      },
      {
        id: "e.dW0",
        prompt: "The value of $\\partial y / \\partial W^{(0)}$ ({{h}}×{{d}}).",
        points: 2,
        answer: { kind: "matrix" },
        reference: "grad(y, W0)",
        knownMistakes: structuredClone(DW0_MISTAKES),
        samples: { correct: [{ expression: "(W1.T * z * (1 - z)) @ x.T", as: "numpy" }], wrong: [{ expression: "W1.T @ x.T" }] },
      },
    ],
  };
}

/** A CNN whose sizes are dimensions; seed 0 is the bank's cnn-shapes stack on (N, 3, 64, 64). */
export function cnnDocument(): ProblemDocumentInput {
  return {
    slug: "cnn-document",
    title: "Shapes and parameters, as a document",
    statement: "The input has shape {{cnn.input}}; the layers are\n\n{{cnn}}",
    dimensions: {
      C: { oneOf: [3, 4] },
      S: { oneOf: [32, 64] },
      c1: { oneOf: [8, 16] },
      c2: { oneOf: [16, 32] },
      c3: { oneOf: [8, 12] },
      c4: { oneOf: [4, 6] },
      classes: { oneOf: [10, 12] },
    },
    networks: {
      cnn: {
        input: ["N", "C", "S", "S"],
        layers: [
          { type: "Conv2d", inChannels: "C", outChannels: "c1", kernelSize: 3, stride: 1, padding: 1 },
          { type: "MaxPool2d", kernelSize: 2, stride: 2, padding: 0 },
          { type: "Conv2d", inChannels: "c1", outChannels: "c2", kernelSize: 3, stride: 1, padding: 0 },
          { type: "MaxPool2d", kernelSize: 2, stride: 2, padding: 1 },
          { type: "Conv2d", inChannels: "c2", outChannels: "c3", kernelSize: 1 },
          { type: "Conv2d", inChannels: "c3", outChannels: "c4", kernelSize: 5 },
          { type: "Flatten" },
          { type: "Linear", inFeatures: "auto", outFeatures: "classes" },
        ],
      },
    },
    definitions: { firstDense: "denseParams(cnn, 1)" },
    handout: { dimensions: { C: 3, S: 64, c1: 16, c2: 32, c3: 8, c4: 4, classes: 10 } },
    parts: [
      {
        id: "a.3",
        prompt: "The output shape of layer 3, `{{cnn.3}}`.",
        answer: { kind: "shape", symbols: ["N"] },
        reference: { outputShape: { network: "cnn", layer: 3 } },
        samples: { wrong: ["(N, 1, 2, 3)"] },
      },
      {
        id: "b.3",
        prompt: "Its parameters.",
        answer: { kind: "integer" },
        reference: "layerParams(cnn, 3)",
        knownMistakes: [{ id: "no-bias", expression: "c1 * c2 * 3 * 3", message: "Each output channel also has a bias." }],
      },
      { id: "b.1.dense", prompt: "A dense layer's parameters.", answer: { kind: "integer" }, reference: "firstDense" },
      {
        id: "b.8",
        prompt: "The last layer's parameters.",
        answer: { kind: "integer" },
        reference: "layerParams(cnn, 8)",
        samples: { correct: [{ expression: "outputSize(cnn, 7, 1) * classes + classes" }] },
      },
    ],
  };
}
