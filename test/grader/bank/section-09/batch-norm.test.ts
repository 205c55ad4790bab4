import { tensor } from "@/grader/autograd";
import type { BatchNormParams } from "@/grader/bank/section-09/batch-norm";
import { exportedParams, expectMatchesTorch, golden, grade, reference, variant } from "./golden";

describe("batch-norm", () => {
  const v = variant("batch-norm", 0);
  const params = v.params as BatchNormParams;
  const torch = golden.problems["batch-norm"];

  it("is drawn from the parameters that PyTorch's fixture used at seed 0: four examples of three features", () => {
    expect(v.params).toEqual(exportedParams["batch-norm"]);
    expect([params.X.length, params.X[0].length]).toEqual([4, 3]);
  });

  it.each(["a.mean", "b.var", "c.xhat", "d.y", "e.ln"])("computes %s at seed 0 as PyTorch does", (partId) => {
    expectMatchesTorch(reference(v, partId), torch[partId] as number[][]);
  });

  it("names the axes of BatchNorm2d's and LayerNorm's means as PyTorch's kernels keep them: one per channel, one per example", () => {
    expect(reference(v, "f.bn-shape")).toEqual(torch["f.bn-shape"]);
    expect(reference(v, "f.ln-shape")).toEqual(torch["f.ln-shape"]);
    expect(grade(v, "f.bn-shape", "(C,)").score).toBe(1);
    expect(grade(v, "f.ln-shape", "[N]").score).toBe(1);
    expect(grade(v, "f.bn-shape", "(N,)").feedback).toMatch(/no mean belongs to a single example/);
    expect(grade(v, "f.ln-shape", "(C)").feedback).toMatch(/no mean is shared across the batch/);
    // Each slip is the other part's answer: its message explains it without saying which norm it belongs to.
    for (const [partId, answer] of [
      ["f.bn-shape", "(N,)"],
      ["f.ln-shape", "(C,)"],
    ])
      expect(grade(v, partId, answer).feedback).not.toMatch(/layer ?norm's|batch ?norm's|is layer norm|is batch norm/i);
  });

  it("counts BatchNorm2d(64)'s parameters and buffer elements as PyTorch's module does (summarize's row)", () => {
    expect(params.layerChannels).toBe(64);
    expect([reference(v, "g.params"), reference(v, "g.buffers")]).toEqual([torch["g.params"], torch["g.buffers"]]);
    expect(grade(v, "g.params", "2*64").score).toBe(1);
    expect(grade(v, "g.params", 256).feedback).toMatch(/buffers, not parameters/);
    expect(grade(v, "g.buffers", "2*64 + 1").score).toBe(1);
    expect(grade(v, "g.buffers", 128).feedback).toMatch(/num_batches_tracked/);
  });

  it("names the unbiased variance (PyTorch's running_var convention) in (b) and in (c)", () => {
    expect(grade(v, "b.var", torch["unbiased"])).toMatchObject({ score: 0, result: { mistakeId: "unbiased-variance" } });
    const X = tensor(params.X);
    const withUnbiased = X.sub(X.mean(0, true))
      .div(
        tensor(torch["unbiased"] as number[][])
          .add(1e-5)
          .sqrt(),
      )
      .toArray();
    expect(grade(v, "c.xhat", withUnbiased).feedback).toMatch(/divides by N − 1/);
  });

  it("tells batch norm and layer norm apart: each one's output, given for the other, gets its own message", () => {
    expect(grade(v, "c.xhat", torch["e.ln"])).toMatchObject({ score: 0, result: { mistakeId: "layer-norm" } });
    expect(grade(v, "e.ln", torch["c.xhat"])).toMatchObject({ score: 0, result: { mistakeId: "batch-norm" } });
  });

  it("names γ and β swapped, and the means of each example for (a)", () => {
    const xhat = torch["c.xhat"] as number[][];
    const swapped = xhat.map((row) => row.map((value, c) => value * params.beta[0][c] + params.gamma[0][c]));
    expect(grade(v, "d.y", swapped).feedback).toMatch(/γ and β are swapped/);
    const perExample = params.X.map((row) => [row.reduce((sum, x) => sum + x, 0) / row.length]);
    expect(grade(v, "a.mean", perExample).score).toBe(0);
  });

  it("accepts layer norm to 3 significant figures, the handout's whole-number statistics and a MATLAB row", () => {
    expect(grade(v, "e.ln", "[-1.22 0 1.22; -0.340 1.36 -1.02; 0.889 0.508 -1.40; -1.34 1.07 0.267]").score).toBe(1);
    expect(grade(v, "a.mean", "[2 4 1]").score).toBe(1);
    expect(grade(v, "b.var", "np.array([[5.0, 6.0, 2.0]])").score).toBe(1);
    expect(grade(v, "b.var", "[6 5 2]").score).toBe(0);
  });

  it("draws batches of other sizes on other seeds, always with more examples than features", () => {
    const sizes = new Set<string>();
    for (let seed = 1; seed < 40; seed++) {
      const other = variant("batch-norm", seed).params as BatchNormParams;
      expect(other.X.length).toBeGreaterThan(other.X[0].length);
      sizes.add(`${other.X.length}x${other.X[0].length}`);
    }
    expect(sizes.size).toBeGreaterThanOrEqual(5);
  });

  it("never asks for layer norm over two features, whose output is ±1 whatever the batch (a computation-free part)", () => {
    for (let seed = 0; seed < 50; seed++) {
      const drawn = variant("batch-norm", seed);
      expect((drawn.params as BatchNormParams).X[0].length).toBeGreaterThanOrEqual(3);
      const ln = (reference(drawn, "e.ln") as number[][]).flat();
      expect(ln.some((value) => Math.abs(Math.abs(value) - 1) > 0.05)).toBe(true);
    }
  });

  it("states that the statistics' shape drops the averaged axes, and names the keepdim shapes as such, not as a wrong count", () => {
    expect(v.parts.find((part) => part.id === "f.bn-shape")!.prompt).toMatch(/averaged axes dropped/);
    expect(grade(v, "f.bn-shape", "(1, C, 1, 1)").feedback).toMatch(/keepdim=True/);
    expect(grade(v, "f.ln-shape", "(N, 1, 1, 1)").feedback).toMatch(/keepdim=True/);
    expect(grade(v, "f.ln-shape", "(N,)").score).toBe(1);
  });

  it("draws no entry at its feature's or example's mean, whose normalised value would be float64 noise such as 1.7e-17", () => {
    for (let seed = 1; seed < 60; seed++) {
      const drawn = variant("batch-norm", seed);
      for (const partId of ["c.xhat", "e.ln"]) {
        expect((reference(drawn, partId) as number[][]).flat().every((value) => Math.abs(value) >= 0.01)).toBe(true);
      }
    }
  });
});
