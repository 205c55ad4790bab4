import { SECTION_08 } from "@/grader/bank/section-08";
import { evaluateFormula, expectClose, goldenAnswers, grade, reference, seed0 } from "./golden";

interface Golden {
  p: number[][];
  logsumexp: number;
  logsumexpGradient: number[][];
  jacobian: number[][];
}

const golden = goldenAnswers<Golden>("softmax-derivatives");
const v = seed0("softmax-derivatives");
const z = [[2], [1], [0.1]];

describe("softmax-derivatives, the problem document, against PyTorch", () => {
  it("is compiled from its document into the set, last", () => {
    expect(SECTION_08.problems.at(-1)!.slug).toBe("softmax-derivatives");
  });

  it("computes p and logsumexp(z) at the handout's logits as torch.softmax and torch.logsumexp", () => {
    expectClose(reference(v, "d.p"), golden.p);
    expectClose(reference(v, "d.lse"), golden.logsumexp);
  });

  it("has formula references equal to torch's gradient of logsumexp and Jacobian of softmax", () => {
    expectClose(evaluateFormula(v, "b.dlse", { C: 3 }, { z }), golden.logsumexpGradient);
    expectClose(evaluateFormula(v, "c.jacobian", { C: 3 }, { z }), golden.jacobian);
  });
});

describe("softmax-derivatives grading", () => {
  it.each(["diag(p) - p @ p.T", "diag(softmax(z)) - outer(p, p)", "\\mathrm{diag}(p) - p \\cdot p^T"])(
    "accepts %s for the Jacobian",
    (answer) => {
      expect(grade(v, "c.jacobian", answer).score).toBe(1);
    },
  );

  it("names the missing off-diagonal terms and a reversed sign", () => {
    expect(grade(v, "c.jacobian", "diag(p)")).toMatchObject({ score: 0, feedback: expect.stringMatching(/off-diagonal/) });
    expect(grade(v, "c.jacobian", "p @ p.T - diag(p)")).toMatchObject({ score: 0, feedback: expect.stringMatching(/sign is reversed/) });
  });

  it("asks for p written out: softmax(z) itself is refused without using an attempt, exp(z) / sum(exp(z)) scores 1", () => {
    expect(grade(v, "a.p", "softmax(z)")).toMatchObject({
      result: { status: "invalid" },
      feedback: expect.stringMatching(/softmax\(…\) is not accepted here/),
    });
    expect(grade(v, "a.p", "exp(z) / sum(exp(z))").score).toBe(1);
  });

  it("accepts softmax(z) for logsumexp's gradient and explains exp(z)", () => {
    expect(grade(v, "b.dlse", "softmax(z)").score).toBe(1);
    expect(grade(v, "b.dlse", "exp(z)")).toMatchObject({ score: 0, feedback: expect.stringMatching(/logarithm divides/) });
  });

  it("grades the values to 3 significant figures", () => {
    expect(grade(v, "d.p", "[0.659; 0.242; 0.0986]").score).toBe(1);
    expect(grade(v, "d.lse", "2.42").score).toBe(1);
    expect(grade(v, "d.lse", "11.2")).toMatchObject({ score: 0, feedback: expect.stringMatching(/natural logarithm/) });
  });
});

describe("softmax-derivatives' Jacobian and the inner product", () => {
  it("names pᵀp (a 1×1 number) written for the outer product", () => {
    expect(grade(v, "c.jacobian", "diag(p) - p.T @ p")).toMatchObject({ score: 0, result: { mistakeId: "inner-product" } });
  });
});
