import type { ReluClassifierParams } from "@/grader/bank/section-08/relu-classifier";
import { evaluateFormula, expectClose, goldenAnswers, grade, reference, seed0, variant } from "./golden";

interface Golden {
  loss: number;
  Y: number[][];
  gradients: Record<"W1" | "b1" | "W2" | "b2", number[][]>;
}

const golden = goldenAnswers<Golden>("relu-classifier-gradient");
const v = seed0("relu-classifier-gradient");
const params = v.params as ReluClassifierParams;
const WEIGHTS = ["W1", "b1", "W2", "b2"] as const;
const FORMULA_PART = { W2: "a.dW2", b2: "a.db2", W1: "b.dW1", b1: "b.db1" } as const;

describe("relu-classifier-gradient against PyTorch", () => {
  it("gives seed 0 the handout's sizes: 2 inputs, 4 hidden units, 3 classes, 2 samples", () => {
    expect([params.d, params.h, params.C, params.N]).toEqual([2, 4, 3, 2]);
  });

  it.each(WEIGHTS)("computes ∂L/∂%s on the batch as torch's linear, relu and cross_entropy do", (weight) => {
    expectClose(reference(v, `c.d${weight}`), golden.gradients[weight]);
  });

  it.each(WEIGHTS)("has a formula reference for ∂L/∂%s equal to torch's gradient at the seed-0 batch", (weight) => {
    const values = { X: params.X, W1: params.W1, b1: params.b1, W2: params.W2, b2: params.b2, Y: golden.Y };
    const dims = { d: params.d, h: params.h, C: params.C, N: params.N };
    expectClose(evaluateFormula(v, FORMULA_PART[weight], dims, values), golden.gradients[weight]);
  });
});

describe("relu-classifier-gradient grading", () => {
  it.each([
    ["a.dW2", "(P - Y) @ H.T / N"],
    ["a.db2", "(P - Y) @ ones(N, 1) / N"],
    ["b.dW1", "(W2ᵀ · (P − Y) ⊙ step(A)) · Xᵀ / N"],
    ["b.db1", "sum(W2.T @ (P - Y) * heaviside(A), 1) / N"],
  ])("accepts %s written as %s", (partId, answer) => {
    expect(grade(v, partId, answer).score).toBe(1);
  });

  it("names relu′ left out and the batch mean forgotten", () => {
    expect(grade(v, "b.dW1", "W2.T @ (P - Y) @ X.T / N")).toMatchObject({ score: 0, feedback: expect.stringMatching(/relu′ is missing/) });
    expect(grade(v, "a.dW2", "(P - Y) @ H.T")).toMatchObject({ score: 0, feedback: expect.stringMatching(/divides it by N/) });
  });

  it("grades the values to 3 significant figures and names the summed loss's gradient", () => {
    const rounded = (reference(v, "c.dW1") as number[][]).map((row) => row.map((value) => Number(value.toPrecision(3))));
    expect(grade(v, "c.dW1", rounded).score).toBe(1);
    const summed = (reference(v, "c.db2") as number[][]).map(([value]) => [value * params.N]);
    expect(grade(v, "c.db2", summed)).toMatchObject({ score: 0, feedback: expect.stringMatching(/summed loss/) });
  });

  it("names relu′ left out in the values of ∂L/∂b1", () => {
    const part = v.parts.find((candidate) => candidate.id === "c.db1")!;
    const mistake = part.knownMistakes.find((candidate) => candidate.id === "missing-relu-derivative")!;
    expect(grade(v, "c.db1", mistake.value)).toMatchObject({ score: 0, feedback: expect.stringMatching(/relu′ is missing/) });
  });

  it("draws no pre-activation within 0.05 of relu's kink, on any seed", () => {
    for (const seed of [1, 5, 23, 77]) {
      const drawn = variant("relu-classifier-gradient", seed).params as ReluClassifierParams;
      for (let i = 0; i < drawn.h; i++) {
        for (let n = 0; n < drawn.N; n++) {
          const a = drawn.W1[i].reduce((sum, w, j) => sum + w * drawn.X[j][n], drawn.b1[i][0]);
          expect(Math.abs(a)).toBeGreaterThanOrEqual(0.05);
        }
      }
    }
  });
});

describe("relu-classifier-gradient's statement", () => {
  it("states the 0-based labels in its own symbols (rows of Z), never a z the problem does not define", () => {
    const statement = variant("relu-classifier-gradient", 0).public.statement;
    expect(statement).toMatch(/first row of \$Z\$/);
    expect(statement).not.toMatch(/entry of \$z\$/);
  });
});
