import { HANDOUT_ATTENTION, type SoftmaxJacobianParams } from "@/grader/bank/section-10/softmax-jacobian";
import { expectAgrees, GOLDEN, grade, reference, variant } from "./support";

describe("softmax-jacobian", () => {
  const v = variant("softmax-jacobian", 0);
  const golden = GOLDEN["softmax-jacobian"];

  it("uses the handout's query and three keys of size 4 at seed 0, and other sizes elsewhere", () => {
    expect(v.params).toEqual(HANDOUT_ATTENTION);
    const sizes = new Set(Array.from({ length: 20 }, (_, seed) => (variant("softmax-jacobian", seed).params as SoftmaxJacobianParams).n));
    expect(sizes.size).toBeGreaterThan(1);
  });

  it("computes the scaled scores, the weights and the Jacobian at seed 0 as PyTorch's softmax and autograd jacobian do", () => {
    expectAgrees(reference(v, "a.scores"), golden.scores);
    expectAgrees(reference(v, "a.weights"), golden.weights);
    expectAgrees(reference(v, "c.values"), golden.jacobian);
  });

  it("accepts diag(p) − p pᵀ in any equivalent notation", () => {
    for (const answer of ["diag(p) - p @ p.T", "diag(p) - outer(p, p)", "-(p @ p.T) + diag(p)", "diag(exp(s) / sum(exp(s))) - p @ p.T"]) {
      expect(grade(v, "b.formula", answer).score).toBe(1);
    }
  });

  it("names the diagonal-only Jacobian and the missing outer product, and fails the opposite sign", () => {
    expect(grade(v, "b.formula", "diag(p * (1 - p))")).toMatchObject({ score: 0, result: { mistakeId: "diagonal-only" } });
    expect(grade(v, "b.formula", "diag(p)").feedback).toMatch(/−pᵢ pⱼ/);
    expect(grade(v, "b.formula", "p @ p.T - diag(p)").score).toBe(0);
    const p = (golden.weights as number[][]).map(([value]) => value);
    const diagonalOnly = p.map((pi, i) => p.map((_, j) => (i === j ? pi * (1 - pi) : 0)));
    expect(grade(v, "c.values", diagonalOnly)).toMatchObject({ score: 0, result: { mistakeId: "diagonal-only" } });
  });

  it("names scores left unscaled by √d_k, and accepts values rounded to 3 significant figures", () => {
    const unscaled = (golden.scores as number[][]).map(([value]) => [value * Math.sqrt(HANDOUT_ATTENTION.dk)]);
    expect(grade(v, "a.scores", unscaled).feedback).toMatch(/√dₖ/);
    const rounded = (golden.jacobian as number[][]).map((row) => row.map((value) => Number(value.toPrecision(3))));
    expect(grade(v, "c.values", rounded).score).toBe(1);
    expect(
      grade(
        v,
        "a.weights",
        (golden.weights as number[][]).map(([value]) => [Number(value.toPrecision(3))]),
      ).score,
    ).toBe(1);
  });

  it("gives feedback on the formula that never shows the values of (c)", () => {
    const feedback = grade(v, "b.formula", "diag(p)").feedback ?? "";
    for (const value of (golden.jacobian as number[][]).flat()) expect(feedback).not.toContain(value.toPrecision(3));
  });
});

describe("softmax-jacobian's formula part and the inner product", () => {
  it("names pᵀp (a 1×1 number) written for the outer product, without writing the answer", () => {
    const result = grade(variant("softmax-jacobian", 2), "b.formula", "diag(p) - p.T @ p");
    expect(result).toMatchObject({ score: 0, result: { mistakeId: "inner-product" } });
    expect(result.feedback).not.toMatch(/p @ p\.T/);
  });
});
