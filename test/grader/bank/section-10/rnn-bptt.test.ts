import { tensor } from "@/grader/autograd";
import { expectAgrees, GOLDEN, grade, reference, variant } from "./support";

describe("rnn-bptt (an authored problem document)", () => {
  const v = variant("rnn-bptt", 0);
  const golden = GOLDEN["rnn-bptt"];

  it("uses the handout's network at seed 0 (d = 2 inputs, h = 3 hidden units) and different sizes d ≠ h elsewhere", () => {
    expect(v.params).toMatchObject({ dimensions: { d: 2, h: 3 } });
    for (let seed = 1; seed < 30; seed++) {
      const { d, h } = (variant("rnn-bptt", seed).params as { dimensions: { d: number; h: number } }).dimensions;
      expect(d).not.toBe(h);
    }
  });

  it("computes the output and ∂y/∂W_hh at seed 0 as PyTorch's nn.RNN and backward do", () => {
    expectAgrees(reference(v, "c.y"), golden.y);
    expectAgrees(reference(v, "c.dWhh"), golden.dWhh);
  });

  it("grades the W_xh formula against PyTorch's gradient: the two-step sum scores, the last step alone does not", () => {
    const { variables } = v.params as { variables: Record<string, number[][]> };
    const [Whh, Wxh, vOut, h0, x1, x2] = ["Whh", "Wxh", "v", "h0", "x1", "x2"].map((name) => tensor(variables[name]));
    const h1 = Whh.matmul(h0).add(Wxh.matmul(x1)).tanh();
    const h2 = Whh.matmul(h1).add(Wxh.matmul(x2)).tanh();
    const delta2 = vOut.T.mul(h2.mul(h2).neg().add(1));
    const delta1 = Whh.T.matmul(delta2).mul(h1.mul(h1).neg().add(1));
    // The hand-derived BPTT sum, in the engine, agrees with torch's weight_ih_l0.grad.
    expectAgrees(delta2.matmul(x2.T).add(delta1.matmul(x1.T)).toArray(), golden.dWxh);
    expect(grade(v, "b.dWxh", "(v.T * (1 - h2 ** 2)) @ x2.T + ((Whh.T @ (v.T * (1 - h2 ** 2))) * (1 - h1 ** 2)) @ x1.T").score).toBe(1);
    expect(grade(v, "b.dWxh", "(v.T * (1 - h2 ** 2)) @ x2.T").feedback).toMatch(/only the term of the last step/);
  });

  it("names the truncated gradient (last step only) in the formula and in the values", () => {
    const truncated = grade(v, "b.dWhh", "(v.T * (1 - h2 ** 2)) @ h1.T");
    expect(truncated).toMatchObject({ score: 0, result: { mistakeId: "last-step-only" } });
    expect(truncated.feedback).toMatch(/Wₕₕ is shared/);
    const { variables } = v.params as { variables: Record<string, number[][]> };
    const [Whh, Wxh, vOut, h0, x1, x2] = ["Whh", "Wxh", "v", "h0", "x1", "x2"].map((name) => tensor(variables[name]));
    const h1 = Whh.matmul(h0).add(Wxh.matmul(x1)).tanh();
    const h2 = Whh.matmul(h1).add(Wxh.matmul(x2)).tanh();
    const lastStep = vOut.T.mul(h2.mul(h2).neg().add(1)).matmul(h1.T).toArray();
    expect(grade(v, "c.dWhh", lastStep)).toMatchObject({ score: 0, result: { mistakeId: "last-step-only" } });
  });

  it("names a missing tanh derivative and a missing tanh", () => {
    expect(grade(v, "b.dWhh", "v.T @ h1.T + (Whh.T @ v.T) @ h0.T").feedback).toMatch(/derivative of tanh is missing/);
    expect(grade(v, "a.h2", "Whh @ h1 + Wxh @ x2").feedback).toMatch(/apply tanh/);
  });

  it("accepts the gradient in other notations: outer and diag, NumPy and MATLAB literals, rounded to 3 significant figures", () => {
    expect(grade(v, "b.dWhh", "outer(v.T * (1 - h2 * h2), h1) + diag(1 - h1 * h1) @ Whh.T @ diag(1 - h2 * h2) @ v.T @ h0.T").score).toBe(1);
    const values = golden.dWhh as number[][];
    const rounded = values.map((row) => row.map((value) => Number(value.toPrecision(3))));
    expect(grade(v, "c.dWhh", `np.array([${rounded.map((row) => `[${row.join(", ")}]`).join(", ")}])`).score).toBe(1);
    expect(grade(v, "c.dWhh", `[${rounded.map((row) => row.join(" ")).join("; ")}]`).score).toBe(1);
    expect(grade(v, "c.y", (golden.y as number).toFixed(3)).score).toBe(1);
  });

  it("refuses a wrong size or value: W_xh transposed, a transposed gradient", () => {
    expect(grade(v, "a.Wxh", "d x h").feedback).toMatch(/one row per hidden unit/);
    expect(grade(v, "a.Wxh", "h x d").score).toBe(1);
    const transposed = (golden.dWhh as number[][])[0].map((_, j) => (golden.dWhh as number[][]).map((row) => row[j]));
    expect(grade(v, "c.dWhh", transposed).score).toBe(0);
  });
});
