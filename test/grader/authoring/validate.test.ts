import { createRng } from "@/grader/autograd";
import { compileDocument, type DocumentParams, type ProblemDocumentInput } from "@/grader/authoring";
import { getBankProblem } from "@/grader/bank";
import { validateProblem } from "@/grader/problems";

/**
 * Two deliberately broken documents, each right on some seeds only, as an
 * author's real mistakes are: a count that is a whole number only for even
 * sizes, and a derivative outside its domain for negative draws.
 */
const halfCount: ProblemDocumentInput = {
  slug: "half-count",
  title: "Pairs",
  statement: "How many pairs do {{n}} units make?",
  dimensions: { n: { min: 2, max: 9 } },
  parts: [{ id: "pairs", prompt: "The number of pairs.", answer: { kind: "integer" }, reference: "n / 2" }],
};

const rootSlope: ProblemDocumentInput = {
  slug: "root-slope",
  title: "Slope of a square root",
  statement: "What is the slope of $\\sqrt{a}$ at $a = {{a}}$?",
  variables: { a: { shape: [], distribution: { kind: "uniform", low: -1, high: 3 }, round: 2, nonzero: true } },
  parts: [{ id: "slope", prompt: "The slope.", answer: { kind: "number" }, reference: "grad(sqrt(a), a)" }],
};

const SEEDS = 40;

/** The seeds on which `broken` holds of the drawn parameters: computed from the draw alone, not from validation. */
function seedsWhere(document: ProblemDocumentInput, broken: (params: DocumentParams) => boolean): number[] {
  const problem = compileDocument(document);
  return Array.from({ length: SEEDS }, (_, seed) => seed).filter((seed) => broken(problem.draw(createRng(seed), seed)));
}

describe("validating a document on many seeds", () => {
  it("catches a count that is not a whole number and names exactly the seeds with an odd size", () => {
    const expected = seedsWhere(halfCount, (params) => params.dimensions.n % 2 === 1);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(SEEDS);
    const report = validateProblem(compileDocument(halfCount), SEEDS);
    expect(report.failures.map((failure) => failure.seed)).toEqual(expected);
    expect(report.failures[0]).toEqual({
      slug: "half-count",
      seed: expected[0],
      message: expect.stringMatching(/^the variant does not build: parts\[0\]\.reference: is \d\.5 on this variant, not a whole number$/),
    });
  });

  it("catches a reference that is not finite on the seeds whose draw leaves its domain", () => {
    const expected = seedsWhere(rootSlope, (params) => params.variables.a[0][0] < 0);
    expect(expected.length).toBeGreaterThan(0);
    const report = validateProblem(compileDocument(rootSlope), SEEDS);
    expect(report.failures.map((failure) => failure.seed)).toEqual(expected);
    expect(report.failures[0].message).toMatch(/parts\[0\]\.reference: is not finite on this variant: \[\[null\]\]/);
  });

  it("catches a sample answer that is listed as correct but is not, on every seed, naming the part", () => {
    const wrongSample: ProblemDocumentInput = {
      ...rootSlope,
      variables: { a: { shape: [], distribution: { kind: "uniform", low: 1, high: 3 }, round: 2 } },
      parts: [{ ...rootSlope.parts[0], samples: { correct: [{ expression: "1 / sqrt(a)" }] } }],
    };
    const report = validateProblem(compileDocument(wrongSample), 5);
    expect(report.failures.map((failure) => [failure.seed, failure.part])).toEqual([0, 1, 2, 3, 4].map((seed) => [seed, "slope"]));
    expect(report.failures[0].message).toMatch(/^the correct answer \d.* scores 0/);
  });

  it("passes the bank's own document problem on 50 seeds", () => {
    expect(validateProblem(getBankProblem("two-layer-tanh"), 50).failures).toEqual([]);
  });
});
