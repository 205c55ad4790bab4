import { evaluateFormula, expectClose, goldenAnswers, grade, reference, seed0, variant } from "./golden";

interface Golden {
  gradient: number[][];
  confidentGradient: number;
  balancedProbability: number;
}

const golden = goldenAnswers<Golden>("label-smoothing-gradient");
const v = seed0("label-smoothing-gradient");

describe("label-smoothing-gradient against PyTorch", () => {
  it("gives seed 0 question 1's logits with ε = 0.1", () => {
    expect(v.params).toEqual({ C: 3, z: [2, 1, 0.1], y: 0, epsilon: 0.1, overConfident: true });
  });

  it("computes ∂L/∂z as cross_entropy with label_smoothing=0.1 does", () => {
    expectClose(reference(v, "b.values"), golden.gradient);
  });

  it("has a formula reference equal to torch's smoothed gradient at the seed-0 logits", () => {
    const values = { z: [[2], [1], [0.1]], t: [[1], [0], [0]], eps: [[0.1]] };
    expectClose(evaluateFormula(v, "a.formula", { C: 3 }, values), golden.gradient);
  });

  it("finds where the true class's gradient vanishes as torch's gradient does (bisection, to 1e-12)", () => {
    expect(Math.abs((reference(v, "c.balanced") as number) - golden.balancedProbability)).toBeLessThan(1e-12);
  });

  it("says descent lowers an over-confident true logit, as torch's positive gradient there does", () => {
    expect(golden.confidentGradient).toBeGreaterThan(0);
    expect(reference(v, "d.confident")).toBe("pushed-down");
  });
});

describe("label-smoothing-gradient grading", () => {
  it.each([
    "softmax(z) - (1 - eps) ⊙ t - eps / C",
    "p - t + eps * (t - ones(C, 1) / C)",
    "\\mathrm{softmax}(z) - ((1 - eps) * t + \\frac{eps}{C})",
  ])("accepts %s", (answer) => {
    expect(grade(v, "a.formula", answer).score).toBe(1);
  });

  it.each([
    ["softmax(z) - t", /without label smoothing/],
    ["softmax(z) - (1 - eps) * t", /each also gets ε\/C/],
    ["softmax(z) - (1 - eps) * t - eps", /not ε/],
    ["softmax(z) - (1 - eps) * t - eps * (1 - t) / (C - 1)", /C − 1 wrong ones/],
  ])("answers the known mistake %s with its message", (answer, message) => {
    expect(grade(v, "a.formula", answer)).toMatchObject({ score: 0, feedback: expect.stringMatching(message) });
  });

  it("accepts 0.933 for (c) and explains 1 − ε", () => {
    expect(grade(v, "c.balanced", "0.933").score).toBe(1);
    expect(grade(v, "c.balanced", "0.9")).toMatchObject({ score: 0, feedback: expect.stringMatching(/ε\/C/) });
  });

  it("names the unsmoothed gradient in (b)", () => {
    expect(grade(v, "b.values", "[-0.341; 0.242; 0.0986]")).toMatchObject({
      score: 0,
      feedback: expect.stringMatching(/without label smoothing/),
    });
    expect(grade(v, "b.values", "[-0.274; 0.209; 0.0652]").score).toBe(1);
  });
});

describe("label-smoothing-gradient's ε as the statement prints it", () => {
  it.each(["p - (1 - ε) * t - ε / C", "p - (1-\\varepsilon)*t - \\varepsilon/C", "p - (1 - \\epsilon) * t - \\epsilon / C"])(
    "accepts %s, the statement's ε, as eps",
    (answer) => {
      expect(grade(seed0("label-smoothing-gradient"), "a.formula", answer).score).toBe(1);
    },
  );

  it("still names ε not shared among the classes when it is written ε", () => {
    expect(grade(seed0("label-smoothing-gradient"), "a.formula", "p - (1 - ε) * t - ε")).toMatchObject({
      score: 0,
      result: { mistakeId: "epsilon-not-shared" },
    });
  });
});

describe("label-smoothing-gradient's part (d)", () => {
  it("asks about an over-confident model on some seeds and an unsure one on others, with the answer to match", () => {
    const answers = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      const drawn = variant("label-smoothing-gradient", seed);
      const { overConfident } = drawn.params as { overConfident: boolean };
      expect(reference(drawn, "d.confident")).toBe(overConfident ? "pushed-down" : "pushed-up");
      answers.add(reference(drawn, "d.confident") as string);
    }
    expect(answers.size).toBe(2);
  });

  it("never tells part (a)'s formula or part (c)'s value in (d)'s feedback", () => {
    const v = seed0("label-smoothing-gradient");
    for (const option of ["pushed-up", "unchanged"]) {
      const feedback = grade(v, "d.confident", option).feedback;
      expect(feedback).not.toMatch(/p − q|1 − ε\) \+ ε\/C|0\.933/);
    }
  });
});
