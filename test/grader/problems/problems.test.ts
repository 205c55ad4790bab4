import { createRng } from "@/grader/autograd";
import { getBankProblem } from "@/grader/bank";
import { buildVariant, gradeSubmission, ProblemError, validateProblem, type ProblemDefinition } from "@/grader/problems";

/** A tiny problem: add two numbers drawn from the seed. */
function sumProblem(reference: (p: { a: number; b: number }) => number): ProblemDefinition<{ a: number; b: number }> {
  return {
    slug: "sum",
    version: 1,
    title: "Sum",
    statement: ({ a, b }) => `What is $${a} + ${b}$?`,
    draw: (rng) => ({ a: rng.nextUint32() % 10, b: rng.nextUint32() % 10 }),
    displayParams: ({ a, b }) => [
      { name: "a", latex: "a", display: { kind: "scalar", value: a } },
      { name: "b", latex: "b", display: { kind: "scalar", value: b } },
    ],
    parts: [
      {
        id: "total",
        prompt: "The sum.",
        points: 3,
        answer: { kind: "integer" },
        reference,
        examples: ({ a, b }) => ({ correct: [a + b], wrong: [a + b + 1] }),
      },
      {
        id: "other",
        prompt: "Twice a.",
        points: 1,
        answer: { kind: "integer" },
        reference: ({ a }) => 2 * a,
        examples: ({ a }) => ({ correct: [2 * a], wrong: [] }),
      },
    ],
  };
}

describe("validateProblem", () => {
  it("passes a sound problem on every seed", () => {
    const report = validateProblem(
      sumProblem(({ a, b }) => a + b),
      20,
    );
    expect(report).toMatchObject({ slug: "sum", seeds: 20, failures: [] });
    expect(report.checks).toBe(20 * 5);
  });

  it("catches a broken reference and names the seeds and the part where it fails", () => {
    // Wrong only when a = 7: a bug that few seeds reveal.
    const broken = sumProblem(({ a, b }) => (a === 7 ? a * b : a + b));
    const report = validateProblem(broken, 50);
    const failingSeeds = Array.from({ length: 50 }, (_, seed) => seed).filter((seed) => createRng(seed).nextUint32() % 10 === 7);
    expect(failingSeeds.length).toBeGreaterThan(0);
    expect(report.failures.map((failure) => failure.seed)).toEqual(failingSeeds);
    expect(report.failures[0]).toMatchObject({
      slug: "sum",
      part: "total",
      message: expect.stringMatching(/the correct answer \d+ scores 0/),
    });
  });

  it("reports a variant that does not build instead of throwing", () => {
    const throwing = {
      ...sumProblem(({ a, b }) => a + b),
      draw: () => {
        throw new Error("no luck");
      },
    };
    const report = validateProblem(throwing, 3);
    expect(report.failures).toEqual([0, 1, 2].map((seed) => ({ slug: "sum", seed, message: "the variant does not build: no luck" })));
  });
});

describe("gradeSubmission", () => {
  const variant = buildVariant(
    sumProblem(({ a, b }) => a + b),
    5,
  );
  const { a, b } = variant.params as { a: number; b: number };

  it("weights part scores by points and scores a part left out as 0", () => {
    const result = gradeSubmission(variant, { total: String(a + b) });
    expect(result.score).toBeCloseTo(3 / 4, 15);
    expect(result.parts.map((part) => [part.id, part.score, part.feedback])).toEqual([
      ["total", 1, "correct"],
      ["other", 0, "not answered"],
    ]);
  });

  it("marks unreadable answers invalid rather than wrong", () => {
    const result = gradeSubmission(variant, { total: "a lot", other: String(2 * a) });
    expect(result.invalidParts).toEqual(["total"]);
    expect(result.parts[0].result?.status).toBe("invalid");
  });

  it("refuses answers for parts the problem does not have, listing the real ones", () => {
    expect(() => gradeSubmission(variant, { totl: "3" })).toThrow(ProblemError);
    expect(() => gradeSubmission(variant, { totl: "3" })).toThrow(/unknown part totl for sum; its parts are total, other/);
  });
});

describe("the student's view of a variant", () => {
  it("carries the parts' specs but neither references nor known mistakes nor option feedback", () => {
    const variant = buildVariant(getBankProblem("zero-init"), 2);
    const shown = JSON.stringify(variant.public);
    expect(variant.public.parts.map((part) => part.id)).toEqual(variant.parts.map((part) => part.id));
    expect(shown).not.toMatch(/"reference"|"knownMistakes":\[\{|"feedback"/);
    const insight = variant.public.parts.find((part) => part.id === "c.pairs")!.answer;
    expect(insight.kind === "choice" && insight.options.every((option) => option.feedback === undefined)).toBe(true);
  });

  it("says how precise each numeric part must be, and nothing for other kinds", () => {
    const precisionOf = (slug: string) =>
      Object.fromEntries(buildVariant(getBankProblem(slug), 0).public.parts.map((part) => [part.id, part.precision]));
    expect(precisionOf("nn-backprop")).toMatchObject({
      "e.dW0": "to 3 significant figures",
      "e.db0": "to 3 significant figures",
      "a.y": undefined,
    });
    expect(precisionOf("cnn-shapes")).toMatchObject({ "b.1.dense": "exactly, as a whole number", "a.1": undefined });
  });
});
