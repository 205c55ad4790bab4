import { expOverflows, naiveSoftmax, OVERFLOW_THRESHOLD } from "@/grader/bank/section-08/log-sum-exp";
import { evaluateFormula, expectClose, goldenAnswers, grade, reference, seed0, variant } from "./golden";

interface Golden {
  threshold: { float32: number; float64: number };
  overflows: { float32: boolean[]; float64: boolean[] };
  naive: (number | "nan")[];
  logsumexp: number;
  softmax: number[][];
}

const golden = goldenAnswers<Golden>("log-sum-exp");
const v = seed0("log-sum-exp");
const ids = (flags: boolean[]) => flags.flatMap((flag, i) => (flag ? [`z${i + 1}`] : []));

describe("log-sum-exp against PyTorch", () => {
  it("gives seed 0 one ordinary logit, one past float32's threshold and two past float64's", () => {
    expect(v.params).toEqual({ z: [3, 150, 800, 801] });
  });

  it("computes the overflow thresholds from the formats' largest numbers, as log(torch.finfo(dtype).max)", () => {
    expect(OVERFLOW_THRESHOLD.float32).toBe(golden.threshold.float32);
    expect(OVERFLOW_THRESHOLD.float64).toBe(golden.threshold.float64);
    expect(reference(v, "a.float32")).toBe(golden.threshold.float32);
    expect(reference(v, "a.float64")).toBe(golden.threshold.float64);
  });

  it("finds the entries whose exp is infinite in torch.float32 and torch.float64", () => {
    expect(reference(v, "b.float32")).toEqual(ids(golden.overflows.float32));
    expect(reference(v, "b.float64")).toEqual(ids(golden.overflows.float64));
  });

  it("agrees with torch on the naive float64 softmax: NaN where exp overflows, 0 elsewhere", () => {
    const naive = naiveSoftmax([3, 150, 800, 801]).map((value) => (Number.isNaN(value) ? "nan" : value));
    expect(naive).toEqual(golden.naive);
    expect(reference(v, "c.naive")).toBe("nan-and-zeros");
  });

  it("computes logsumexp(z) − max(z) and the largest probability from torch.logsumexp and torch.softmax", () => {
    expectClose(reference(v, "e.excess"), golden.logsumexp - 801);
    expectClose(reference(v, "e.largest"), golden.softmax[3][0]);
  });

  it("has a shifted-formula reference equal to torch.logsumexp at the seed-0 logits", () => {
    expectClose(evaluateFormula(v, "d.shift", { C: 4 }, { z: [[3], [150], [800], [801]], m: [[801]] }), golden.logsumexp);
  });
});

describe("log-sum-exp grading", () => {
  it("accepts the thresholds to 3 significant figures and explains a base-10 logarithm", () => {
    expect(grade(v, "a.float32", "88.7").score).toBe(1);
    expect(grade(v, "a.float64", "710").score).toBe(1);
    expect(grade(v, "a.float32", "38.5")).toMatchObject({ score: 0, feedback: expect.stringMatching(/base-10/) });
  });

  it("takes the overflowing entries in any order and refuses a partial list", () => {
    expect(grade(v, "b.float64", "z4, z3").score).toBe(1);
    expect(grade(v, "b.float32", ["z2", "z3", "z4"]).score).toBe(1);
    expect(grade(v, "b.float32", ["z3", "z4"]).score).toBe(0);
  });

  it("accepts the shift written either way and names a shift not added back", () => {
    expect(grade(v, "d.shift", "m + log(sum(exp(z - m)))").score).toBe(1);
    expect(grade(v, "d.shift", "\\log(\\mathrm{sum}(\\exp(z - m))) + m").score).toBe(1);
    expect(grade(v, "d.shift", "log(sum(exp(z - m)))")).toMatchObject({ score: 0, feedback: expect.stringMatching(/added back/) });
  });

  it("marks the naive formula wrong, since it overflows, and refuses logsumexp and softmax without using an attempt", () => {
    expect(grade(v, "d.shift", "log(sum(exp(z)))")).toMatchObject({ score: 0, result: { mistakeId: "naive" } });
    // Equal on paper, but ∞ − ∞ in float64: NaN, told as such.
    const cancelled = "m + log(sum(exp(z - m))) + log(sum(exp(z))) - log(sum(exp(z)))";
    expect(grade(v, "d.shift", cancelled)).toMatchObject({ score: 0, feedback: expect.stringMatching(/gives ∞ or NaN/) });
    expect(grade(v, "d.shift", "log(sum(exp(z - m)) * exp(m))").score).toBe(0);
    for (const [restated, callee] of [
      ["logsumexp(z)", "logsumexp"],
      ["m + logsumexp(z - m)", "logsumexp"],
      ["mean(z - log(softmax(z)))", "softmax"],
    ])
      expect(grade(v, "d.shift", restated)).toMatchObject({
        result: { status: "invalid" },
        feedback: expect.stringContaining(`${callee}(…) is not accepted here`),
      });
  });

  it("explains an excess of 0 and a largest probability of 1", () => {
    expect(grade(v, "e.excess", "0.313").score).toBe(1);
    expect(grade(v, "e.excess", "0")).toMatchObject({ score: 0, feedback: expect.stringMatching(/maximum is only part of it/) });
    expect(grade(v, "e.largest", "0.731").score).toBe(1);
    expect(grade(v, "e.largest", "1")).toMatchObject({ score: 0, feedback: expect.stringMatching(/runner-up/) });
  });

  it("draws on every seed a logit of each kind, at least 10 from either threshold", () => {
    for (let seed = 1; seed < 300; seed++) {
      const { z } = variant("log-sum-exp", seed).params as { z: number[] };
      expect(z.some((x) => !expOverflows(x, "float32"))).toBe(true);
      expect(z.some((x) => expOverflows(x, "float32") && !expOverflows(x, "float64"))).toBe(true);
      expect(z.filter((x) => expOverflows(x, "float64"))).toHaveLength(2);
      for (const threshold of Object.values(OVERFLOW_THRESHOLD)) expect(z.every((x) => Math.abs(x - threshold) >= 10)).toBe(true);
    }
  });

  it("gives students different answers to (e): the two largest logits' gap varies in tenths, not among three whole numbers", () => {
    const excesses = new Set<string>();
    for (let seed = 1; seed < 40; seed++) excesses.add((reference(variant("log-sum-exp", seed), "e.excess") as number).toPrecision(3));
    expect(excesses.size).toBeGreaterThanOrEqual(15);
  });
});
