import { exportedParams, expectMatchesTorch, golden, grade, reference, variant } from "./golden";

describe("residual-gradient", () => {
  const v = variant("residual-gradient", 0);
  const torch = golden.problems["residual-gradient"];

  it("is drawn from the parameters that PyTorch's fixture used at seed 0", () => {
    expect(v.params).toEqual(exportedParams["residual-gradient"]);
    expect(v.params).toMatchObject({ dimensions: { n: 2 } });
  });

  it("computes ∂y/∂x and ∂L/∂x at seed 0 as PyTorch does", () => {
    expectMatchesTorch(reference(v, "c.Jy"), torch["c.Jy"]);
    expectMatchesTorch(reference(v, "d.dLdx"), torch["d.dLdx"]);
  });

  it("checks that ∂y/∂x is I + J_f: the fixture's J_f plus the identity is the reference", () => {
    const Jf = torch["Jf"] as number[][];
    const Jy = reference(v, "c.Jy") as number[][];
    Jf.forEach((row, i) => row.forEach((value, j) => expect(Jy[i][j]).toBeCloseTo(value + (i === j ? 1 : 0), 12)));
  });

  it.each(["diag(1 - f ** 2) @ W", "diag(1 - tanh(W @ x + b) ** 2) @ W"])("accepts J_f written as %s", (answer) => {
    expect(grade(v, "a.Jf", answer).score).toBe(1);
  });

  it.each(["eye(n) + diag(1 - f ** 2) @ W", "diag(1 - f * f) @ W + eye(n)", "eye(n) + diag((1 - f) * (1 + f)) @ W"])(
    "accepts ∂y/∂x written as %s",
    (answer) => {
      expect(grade(v, "b.Jy", answer).score).toBe(1);
    },
  );

  it("names a missing identity in the formula and in the value (J_f alone, as PyTorch computes it)", () => {
    expect(grade(v, "b.Jy", "diag(1 - f ** 2) @ W")).toMatchObject({ score: 0, feedback: expect.stringMatching(/identity/) });
    expect(grade(v, "c.Jy", torch["Jf"])).toMatchObject({
      score: 0,
      result: { mistakeId: "missing-identity" },
      feedback: expect.stringMatching(/skip connection adds the identity/),
    });
  });

  it("names a missing tanh′ and rows scaled as columns", () => {
    expect(grade(v, "b.Jy", "eye(n) + W").feedback).toMatch(/derivative of tanh is missing/);
    expect(grade(v, "a.Jf", "W @ diag(1 - f ** 2)").feedback).toMatch(/rows of W/);
  });

  it("names the gradient through f alone, and the untransposed Jacobian, for ∂L/∂x", () => {
    const { g } = (v.params as { variables: Record<string, number[][]> }).variables;
    // J_f at seed 0 from PyTorch, then J_fᵀ g and (I + J_f) g by hand.
    const Jf = torch["Jf"] as number[][];
    const throughF = Jf[0].map((_, j) => [Jf.reduce((sum, row, i) => sum + row[j] * g[i][0], 0)]);
    const untransposed = Jf.map((row, i) => [row.reduce((sum, value, j) => sum + value * g[j][0], 0) + g[i][0]]);
    expect(grade(v, "d.dLdx", throughF)).toMatchObject({ score: 0, result: { mistakeId: "missing-skip-path" } });
    expect(grade(v, "d.dLdx", untransposed)).toMatchObject({ score: 0, result: { mistakeId: "not-transposed" } });
  });

  it("accepts the numeric answers in NumPy and MATLAB notation and rounded to 3 significant figures, and refuses 2", () => {
    const dLdx = torch["d.dLdx"] as number[][];
    expect(grade(v, "d.dLdx", `np.array([[${dLdx[0][0]}], [${dLdx[1][0]}]])`).score).toBe(1);
    expect(grade(v, "d.dLdx", `[${dLdx[0][0].toPrecision(3)}; ${dLdx[1][0].toPrecision(3)}]`).score).toBe(1);
    expect(grade(v, "d.dLdx", `[${dLdx[0][0].toPrecision(1)}; ${dLdx[1][0].toPrecision(1)}]`).score).toBe(0);
  });

  it("keeps the identity-path explanation right and every other option wrong with its own feedback", () => {
    expect(grade(v, "e.why", "identity-path").score).toBe(1);
    expect(grade(v, "e.why", "larger-jf")).toMatchObject({ score: 0, feedback: expect.stringMatching(/does not change f/) });
  });
});

describe("residual-gradient's Jacobian layout", () => {
  it("states that entry (i, j) is ∂fᵢ/∂xⱼ, the layout it grades", () => {
    expect(variant("residual-gradient", 0).parts.find((part) => part.id === "a.Jf")!.prompt).toMatch(/entry \$\(i, j\)\$/);
  });

  it.each([
    ["a.Jf", "W.T @ diag(1 - f ** 2)"],
    ["b.Jy", "eye(n) + W.T @ diag(1 - f ** 2)"],
  ])("names the transposed (denominator-layout) Jacobian in %s", (partId, answer) => {
    expect(grade(variant("residual-gradient", 1), partId, answer)).toMatchObject({ score: 0, result: { mistakeId: "transposed" } });
  });
});
