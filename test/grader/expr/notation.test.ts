import { checkExpression, compileCheck, type ExpressionContextInput } from "@/grader/expr";

const NETWORK: ExpressionContextInput = {
  dimensions: { d: { min: 2, max: 6 }, h: { min: 2, max: 6 } },
  variables: { W0: { shape: ["h", "d"] }, b0: { shape: ["h", 1] }, W1: { shape: [1, "h"] }, b1: { shape: [] }, x: { shape: ["d", 1] } },
  definitions: { z: "sigmoid(W0 @ x + b0)", y: "W1 @ z + b1" },
};
const HIDDEN = { ...NETWORK, definitions: {} };

const verdict = (reference: string, answer: string, context = NETWORK) => checkExpression(compileCheck({ context }, reference), answer);

describe("accepted spellings", () => {
  it.each([
    [
      "sigmoid(W0 @ x + b0)",
      [
        "σ(W0⋅x + b0)",
        "\\sigma(W_0 \\cdot x + b_0)",
        "\\sigma\\left(W^{(0)} \\cdot x + b^{(0)}\\right)",
        "np.sigmoid(np.dot(W0, x) + b0)",
        "torch.sigmoid(W0.matmul(x) + b0)",
        "1 / (1 + np.exp(-(W0.dot(x) + b0)))",
        "\\frac{1}{1 + \\exp(-(W_{0} x + b_{0}))}".replace(" x", " \\cdot x"),
      ],
      HIDDEN,
    ],
    [
      "W1 @ z + b1",
      [
        "W_1 ⋅ z + b_1",
        "z.T.dot(W1.T) + b1",
        "np.matmul(W1, z) + b1",
        "z^\\top W1^{T}".replace(" W1", " \\cdot W1") + " + b1",
        "z ᵀ @ W1ᵀ + b1",
      ],
      NETWORK,
    ],
    [
      "W1.T * z * (1 - z)",
      [
        "W1ᵀ ⊙ z ⊙ (1 − z)",
        "transpose(W1) * z * (1 - z)",
        "W1.transpose() * z * (1 - z)",
        "W1.t() \\odot z \\odot (1 - z)",
        "np.diag(z * (1 - z)) @ W1.T",
        "np.multiply(W1.T, z * (1 - z))",
      ],
      NETWORK,
    ],
    [
      "0.5 * W1 @ z",
      ["\\frac{1}{2} W1 @ z".replace(" W1", " \\cdot W1"), "\\frac12 \\cdot W1 @ z", "0.5 ⋅ (W1 @ z)", "1/2 * W1.dot(z)"],
      NETWORK,
    ],
    ["z @ x.T", ["np.outer(z, x)", "outer(z, x.T)", "z.dot(x.T)"], NETWORK],
  ])("grades every spelling of %s as correct", (reference, answers, context) => {
    for (const answer of answers) expect([answer, verdict(reference, answer, context).status]).toEqual([answer, "correct"]);
  });
});

describe("refused spellings: invalid, with the accepted spelling in the hint", () => {
  it.each([
    ["W1 @ z + b1", "W1 z + b1", "write W1 @ z for the matrix product or W1 * z for the elementwise one"],
    ["sigmoid(W0 @ x + b0)", "σ(W0 x + b0)", "write W0 @ x for the matrix product or W0 * x for the elementwise one"],
    ["1 / (1 + exp(-(W0 @ x + b0)))", "1 / (1 + e^(-(W0 @ x + b0)))", "write exp(…): e^(-a) is exp(-a)"],
    ["W1.T * z * (1 - z)", "W1.T * σ'(W0 @ x + b0)", "write σ′(a) as sigmoid(a) * (1 - sigmoid(a))"],
    ["W1.T * z * (1 - z)", "W1.T * sigmoid'(W0 @ x + b0)", "write σ′(a) as sigmoid(a) * (1 - sigmoid(a))"],
  ])("for %s, %s is invalid with the hint “%s”", (reference, answer, hint) => {
    const result = verdict(reference, answer, reference.includes("W0") ? HIDDEN : NETWORK);
    expect(result.status).toBe("invalid");
    if (result.status === "invalid") expect(result.error.hint).toBe(hint);
  });
});

describe("did you mean", () => {
  const hintOf = (answer: string, reference = "W1 @ z") => {
    const result = verdict(reference, answer);
    return result.status === "invalid" ? result.error.hint : `not invalid: ${result.status}`;
  };

  it("undoes a transpose rather than doubling it", () => {
    expect(hintOf("W1.T @ z")).toBe("did you mean W1 @ z?");
    expect(hintOf("W0 @ x.T", "W0 @ x")).toBe("did you mean W0 @ x?");
  });

  it("suggests no one-letter name for another", () => {
    const result = checkExpression(
      compileCheck({ context: { dimensions: { d: { min: 2, max: 4 } }, variables: { x: { shape: ["d", 1] } } } }, "x"),
      "z",
    );
    expect(result.status).toBe("invalid");
    if (result.status === "invalid") expect(result.error.message).toBe("unknown name z");
  });

  it("reads transpose(W1) as W1.T instead of suggesting x.T", () => {
    expect(verdict("W1.T", "transpose(W1)").status).toBe("correct");
  });

  it("offers a fix only when the whole answer then shape-checks", () => {
    // W1 * z: a row times a column; W1.T * z fits. (W1 * z) @ x: the fix would still not fit, so no suggestion.
    expect(hintOf("W1 * z", "W1.T * z")).toBe("did you mean W1.T?");
    expect(hintOf("W1 @ z.T", "W1 @ z")).toBe("did you mean W1 @ z?");
  });
});

describe("what a wrong answer's values show", () => {
  const wrong = (reference: string, answer: string, context = NETWORK) => {
    const result = verdict(reference, answer, context);
    return result.status === "wrong" ? (result.diagnosis ?? "none") : `not wrong: ${result.status}`;
  };

  it("notices a missing or extra additive term", () => {
    expect(wrong("W1 @ z + b1", "W1 @ z")).toBe("additive-term");
    expect(wrong("W1 @ z", "W1 @ z + b1")).toBe("additive-term");
    expect(wrong("sigmoid(W0 @ x + b0)", "sigmoid(W0 @ x + b0) + b0")).toBe("additive-term");
  });

  it("notices a constant factor, the sign included", () => {
    expect(wrong("W1.T * z * (1 - z)", "2 * W1.T * z * (1 - z)")).toBe("constant-factor");
    expect(wrong("W1.T * z * (1 - z)", "-W1.T * z * (1 - z)")).toBe("constant-factor");
  });

  it("says nothing more of an answer that is simply different", () => {
    expect(wrong("W1.T * z * (1 - z)", "W1.T * z")).toBe("none");
    expect(wrong("W1 @ z + b1", "sigmoid(W1 @ z + b1)")).toBe("none");
  });

  it("matches a known mistake of another shape by its values before reporting the shape", () => {
    const part = compileCheck(
      { context: NETWORK, knownMistakes: [{ id: "row", expression: "z.T", message: "A column was asked for." }] },
      "z",
    );
    const result = checkExpression(part, "sigmoid(W0 @ x + b0).T");
    expect(result.status).toBe("invalid");
    if (result.status === "invalid") expect([result.mistake?.id, result.error.reason]).toEqual(["row", "A column was asked for."]);
  });
});
