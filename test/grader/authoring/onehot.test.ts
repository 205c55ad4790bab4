import { compileDocument, DocumentErrorCode, type ProblemDocumentInput } from "@/grader/authoring";
import { buildVariant, gradePart, validateProblem } from "@/grader/problems";
import { documentErrorOf } from "./documents";

/** A cross-entropy problem an instructor writes without code: logits z and a one-hot target t for a batch of N. */
function crossEntropyDocument(): ProblemDocumentInput {
  return {
    slug: "onehot-cross-entropy",
    title: "Cross-entropy over a batch",
    version: 1,
    statement: "Logits $Z$ for $C$ classes, one sample per column, and one-hot targets $Y$.",
    dimensions: { C: { min: 3, max: 5 }, N: { min: 2, max: 4 } },
    constraints: [{ kind: "distinct", dimensions: ["C", "N"] }],
    variables: {
      Z: { shape: ["C", "N"], distribution: { kind: "uniform", low: -2, high: 2 }, round: 1 },
      Y: { shape: ["C", "N"], distribution: { kind: "onehot" } },
    },
    definitions: { L: "-sum(Y * log(softmax(Z))) / N" },
    parts: [
      {
        id: "a.dZ",
        prompt: "$\\partial L / \\partial Z$.",
        points: 2,
        answer: { kind: "expression", layout: "strict" },
        reference: "grad(L, Z)",
        knownMistakes: [{ id: "missing-mean", expression: "softmax(Z) - Y", message: "The mean divides by N." }],
        samples: { correct: ["(softmax(Z) - Y) / N"], wrong: ["softmax(Z) - Y"] },
      },
      {
        id: "b.dZ",
        prompt: "Its value.",
        points: 1,
        answer: { kind: "matrix" },
        reference: "grad(L, Z)",
        samples: { correct: [{ expression: "(softmax(Z) - Y) / N" }], wrong: [{ expression: "softmax(Z) - Y" }] },
      },
    ],
  };
}

describe("one-hot variables in problem documents", () => {
  const problem = compileDocument(crossEntropyDocument());

  it("draw each column as the one-hot encoding of a class", () => {
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      const { variables, dimensions } = buildVariant(problem, seed).params as {
        variables: { Y: number[][] };
        dimensions: { C: number; N: number };
      };
      expect(variables.Y).toHaveLength(dimensions.C);
      for (let j = 0; j < dimensions.N; j++) {
        const column = variables.Y.map((row) => row[j]);
        expect(column.filter((entry) => entry === 1)).toHaveLength(1);
        expect(column.filter((entry) => entry === 0)).toHaveLength(dimensions.C - 1);
      }
    }
  });

  it("grade formulas on one-hot random instances, so that softmax(Z) − Y is the summed loss's gradient", () => {
    const variant = buildVariant(problem, 3);
    expect(gradePart(variant, "a.dZ", "(softmax(Z) - Y) / N").score).toBe(1);
    expect(gradePart(variant, "a.dZ", "softmax(Z) - Y")).toMatchObject({ score: 0, feedback: "The mean divides by N." });
  });

  it("pass validation on 50 seeds", () => {
    const report = validateProblem(problem, 50);
    expect(report.failures).toEqual([]);
  });

  it("refuses nonzero on a one-hot variable, naming it", () => {
    const document = crossEntropyDocument();
    (document.variables as Record<string, unknown>).Y = { shape: ["C", "N"], distribution: { kind: "onehot" }, nonzero: true };
    const error = documentErrorOf(() => compileDocument(document));
    expect(error.code).toBe(DocumentErrorCode.InvalidDistribution);
    expect(error.message).toMatch(/variables\.Y\.nonzero.*one-hot/);
  });
});
