import { readFileSync } from "node:fs";
import path from "node:path";
import { compileDocument, DocumentErrorCode, DOCUMENT_LIMITS, type DocumentProblem, type ProblemDocumentInput } from "@/grader/authoring";
import { validationCost } from "@/grader/authoring/cost";
import { measureWork } from "@/grader/autograd";
import { matrixProductCost, workCost } from "@/grader/expr/cost";
import { buildVariant, validateProblem } from "@/grader/problems";
import { heaviestAllowedChain, issueAttackText, matmulChainDocument } from "../../support/heavy-documents";
import { cnnDocument, documentErrorOf, nnBackpropDocument } from "./documents";

/**
 * A document's cost estimate (grader/authoring/cost.ts) must bound the work
 * it really causes. Work is counted, not timed: the engine's meter counts
 * every multiply-add and every entry an op writes (grader/autograd/work.ts),
 * and workCost prices them at the least the estimate charges for each, so
 * measured ≤ estimate is a like-for-like comparison in cost units.
 */

function tanhDocument(): ProblemDocumentInput {
  const document = JSON.parse(readFileSync(path.join(__dirname, "../../../grader/bank/examples/two-layer-tanh.json"), "utf8"));
  delete document.$schema;
  return document;
}

/** A jacobian and a grad through a chain of definitions, in a value part and an expression part. */
function derivativeDocument(): ProblemDocumentInput {
  return {
    slug: "derivatives",
    title: "Derivatives",
    statement: "Sizes {{n}}; W = {{W}}; h = {{h}}.",
    dimensions: { n: { min: 8, max: 12 } },
    variables: { W: { shape: ["n", "n"] }, x: { shape: ["n"] } },
    definitions: { h: "tanh(W @ x)", g: "sigmoid(W @ h + x)", L: "sum(g * g)" },
    parts: [
      {
        id: "jac",
        prompt: "The Jacobian of g in x.",
        answer: { kind: "matrix" },
        reference: "jacobian(g, x)",
        knownMistakes: [{ expression: "jacobian(h, x)", message: "that is h's" }],
        samples: { correct: [{ expression: "jacobian(g, x)", as: "numpy" }], wrong: [{ expression: "W" }] },
      },
      {
        id: "grad",
        prompt: "∂L/∂W.",
        answer: { kind: "expression", instances: 16 },
        reference: "grad(L, W)",
        knownMistakes: [
          { expression: "grad(L, W).T", message: "transposed" },
          { expression: "W", message: "no" },
        ],
        samples: { correct: ["grad(L, W)"], wrong: ["W @ W", "x @ x.T"] },
      },
    ],
  } as ProblemDocumentInput;
}

const DOCUMENTS: [string, () => ProblemDocumentInput][] = [
  ["the two-layer tanh example", tanhDocument],
  ["nn-backprop as a document", nnBackpropDocument],
  ["the CNN document", cnnDocument],
  ["jacobians and grads through definitions", derivativeDocument],
  ["the heaviest matrix chain allowed (value part, 30×30)", () => heaviestAllowedChain(compileDocument, { size: 30 })],
  [
    "the heaviest matrix chain allowed (expression part, 8×8)",
    () => heaviestAllowedChain(compileDocument, { size: 8, kind: "expression" }),
  ],
  [
    "the heaviest long chain without mistakes (20×20)",
    () => heaviestAllowedChain(compileDocument, { size: 20, knownMistakes: 0, samples: 2 }),
  ],
  [
    "the heaviest chain written into the statement",
    () => heaviestAllowedChain(compileDocument, { size: 20, knownMistakes: 0, samples: 2, statementPlaceholders: 40 }),
  ],
];

describe("a document's cost estimate bounds the work it causes", () => {
  it.each(DOCUMENTS)("%s: compiling, a variant and two seeds of validation stay within the estimate", (_name, make) => {
    const document = make();
    const compiled = measureWork(() => compileDocument(document));
    const problem: DocumentProblem = compiled.result;
    expect(workCost(compiled.work)).toBeLessThanOrEqual(problem.cost.compile);
    expect(problem.cost.seed).toBeLessThanOrEqual(DOCUMENT_LIMITS.maxSeedCost);

    const variant = measureWork(() => buildVariant(problem, 7));
    expect(workCost(variant.work)).toBeLessThanOrEqual(problem.cost.variant);

    const validation = measureWork(() => validateProblem(problem, 2));
    expect(workCost(validation.work)).toBeLessThanOrEqual(validationCost(problem.cost, 2));
    // The meter saw real work: the comparison is not vacuous.
    expect(validation.work.entries).toBeGreaterThan(0);
  });

  it("bounds the work of the issue's own 2 KB document too, measured with the caps lifted (a seed's samples are computed once)", () => {
    const problem = compileDocument(matmulChainDocument(), { costCaps: { compile: Infinity, variant: Infinity, seed: Infinity } });
    expect(workCost(measureWork(() => buildVariant(problem, 1)).work)).toBeLessThanOrEqual(problem.cost.variant);
    expect(workCost(measureWork(() => validateProblem(problem, 2)).work)).toBeLessThanOrEqual(validationCost(problem.cost, 2));
  });

  it("counts every evaluation of a shared definition: 20 mistakes reading one chain cost 20 chains", () => {
    const one = compileDocument(matmulChainDocument({ size: 10, products: 5, knownMistakes: 1, samples: 2 })).cost.variant;
    const twenty = compileDocument(matmulChainDocument({ size: 10, products: 5, knownMistakes: 20, samples: 2 })).cost.variant;
    const measured = measureWork(() =>
      buildVariant(compileDocument(matmulChainDocument({ size: 10, products: 5, knownMistakes: 20, samples: 2 })), 3),
    );
    expect(twenty - one).toBeGreaterThanOrEqual(19 * 5 * matrixProductCost(10, 10, 10));
    expect(workCost(measured.work)).toBeLessThanOrEqual(twenty);
    // 20 mistakes and the reference each compute the 5 products of 10×10×10 multiply-adds.
    expect(measured.work.multiplyAdds).toBe(21 * 5 * 1000);
  });
});

describe("a document over budget is refused, naming its costliest place", () => {
  it("refuses the issue's 2 KB document (30 products of 100×100, 20 mistakes, 40 samples) before computing anything", () => {
    const text = issueAttackText();
    expect(text.length).toBeLessThan(3_000);
    const refused = measureWork(() => documentErrorOf(() => compileDocument(JSON.parse(text))));
    const error = refused.result;
    expect(error.code).toBe(DocumentErrorCode.TooLarge);
    expect(error.path).toEqual(["parts", 0, "knownMistakes", 0, "expression"]);
    expect(error.message).toContain("building one variant would cost about 4.0e+8 units of work, over the limit of 5.0e+7");
    expect(refused.work).toEqual({ multiplyAdds: 0, entries: 0 });
  });

  it("refuses an expression part whose check would compute the chain on 64 instances, before the check runs", () => {
    const document = matmulChainDocument({ size: 60, products: 20, knownMistakes: 0, samples: 2, kind: "expression" });
    (document.parts[0].answer as { instances?: number }).instances = 64;
    const refused = measureWork(() => documentErrorOf(() => compileDocument(document)));
    expect(refused.result.code).toBe(DocumentErrorCode.TooLarge);
    expect(refused.result.path).toEqual(["parts", 0, "reference"]);
    expect(refused.result.message).toMatch(/^parts\[0\]\.reference: compiling the document would cost about .* over the limit of 5\.0e\+7/);
    expect(refused.work).toEqual({ multiplyAdds: 0, entries: 0 });
  });

  it("refuses a statement that writes a computed matrix out hundreds of times", () => {
    const error = documentErrorOf(() =>
      compileDocument(matmulChainDocument({ size: 100, products: 1, knownMistakes: 0, samples: 2, statementPlaceholders: 300 })),
    );
    expect(error.code).toBe(DocumentErrorCode.TooLarge);
    expect(error.path).toEqual(["statement"]);
    expect(error.message).toContain("building one variant would cost");
  });

  it("refuses a seed that grades forty samples of a 100×100 matrix, at the samples", () => {
    const error = documentErrorOf(() => compileDocument(matmulChainDocument({ size: 100, products: 0, knownMistakes: 0 })));
    expect(error.path).toEqual(["parts", 0, "samples"]);
    expect(error.message).toContain("validating one seed would cost");
  });
});
