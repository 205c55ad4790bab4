import { evaluateFormula, expectClose, goldenAnswers, goldenTorchVersion, grade, reference, seed0, variant } from "./golden";

interface Golden {
  gradient: number[][];
  loss: number;
  batch: { Z: number[][]; Y: number[][]; gradient: number[][] };
}

const golden = goldenAnswers<Golden>("ce-logit-gradient");
const v = seed0("ce-logit-gradient");

describe("ce-logit-gradient against PyTorch", () => {
  it("was pinned with PyTorch 2.13", () => {
    expect(goldenTorchVersion).toMatch(/^2\.13/);
  });

  it("gives seed 0 the textbook logits (2, 1, 0.1) with class 0 true", () => {
    expect(v.params).toEqual({ C: 3, z: [2, 1, 0.1], y: 0 });
  });

  it("computes ∂L/∂z and the loss as F.cross_entropy does", () => {
    expectClose(reference(v, "b.values"), golden.gradient);
    expectClose(reference(v, "b.loss"), golden.loss);
  });

  it("has a formula reference that is softmax(z) − t, as torch's gradient at the seed-0 logits", () => {
    const t = [[1], [0], [0]];
    expectClose(evaluateFormula(v, "a.formula", { C: 3 }, { z: [[2], [1], [0.1]], t }), golden.gradient);
  });

  it("has a batch formula reference equal to torch's gradient of the mean loss on a 3×4 batch", () => {
    const { Z, Y, gradient } = golden.batch;
    expectClose(evaluateFormula(v, "c.batch", { C: 3, N: 4 }, { Z, Y }), gradient);
  });
});

describe("ce-logit-gradient grading", () => {
  it.each(["p - t", "softmax(z) - t", "exp(z) / sum(exp(z)) - t", "F.softmax(z, dim=0) - t", "\\operatorname{softmax}(z) - t"])(
    "accepts %s for (a)",
    (answer) => {
      expect(grade(v, "a.formula", answer).score).toBe(1);
    },
  );

  it.each([
    ["softmax(z)", /contributes −1 at that class/],
    ["t - p", /sign is reversed/],
    ["-t / p", /with respect to the probabilities/],
  ])("answers the known mistake %s with its message", (answer, message) => {
    expect(grade(v, "a.formula", answer)).toMatchObject({ score: 0, feedback: expect.stringMatching(message) });
  });

  it("accepts the values rounded to 3 significant figures and in NumPy notation, and names a forgotten target", () => {
    expect(grade(v, "b.values", "[[-0.341], [0.242], [0.0986]]").score).toBe(1);
    expect(grade(v, "b.values", "np.array([[-0.341], [0.242], [0.0986]])").score).toBe(1);
    expect(grade(v, "b.values", "[0.659; 0.242; 0.0986]")).toMatchObject({
      score: 0,
      feedback: expect.stringMatching(/softmax\(z\) alone/),
    });
    expect(grade(v, "b.values", "[[-0.341], [0.242], [0.2]]").score).toBe(0);
  });

  it("grades the loss to 3 significant figures and explains a negative one", () => {
    expect(grade(v, "b.loss", "0.417").score).toBe(1);
    expect(grade(v, "b.loss", "-0.417")).toMatchObject({ score: 0, feedback: expect.stringMatching(/positive/) });
  });

  it("names the missing 1/N of the batch mean", () => {
    expect(grade(v, "c.batch", "(P - Y) / N").score).toBe(1);
    expect(grade(v, "c.batch", "softmax(Z) - Y")).toMatchObject({
      score: 0,
      feedback: expect.stringMatching(/divides every sample's gradient by N/),
    });
  });

  it("draws other seeds with 3 to 5 classes, a label among them and distinct logits", () => {
    for (const seed of [1, 2, 3, 99]) {
      const params = variant("ce-logit-gradient", seed).params as { C: number; z: number[]; y: number };
      expect(params.z).toHaveLength(params.C);
      expect(new Set(params.z).size).toBe(params.C);
      expect(params.y).toBeGreaterThanOrEqual(0);
      expect(params.y).toBeLessThan(params.C);
    }
  });
});
