import {
  allClose,
  checkExpression,
  compileCheck,
  compileEnvironment,
  drawInstances,
  evaluate,
  evaluationCost,
  ExprErrorCode,
  inferShapes,
  parseExpression,
  SpecError,
  type ExpressionCheckInput,
  type ExpressionVerdict,
} from "../../../grader/expr";
import { dW0Reference, nnContext } from "./nn-backprop";

const dW0Part: ExpressionCheckInput = {
  context: nnContext,
  knownMistakes: [
    { id: "missing-sigma-prime", expression: "(W1.T * z) @ x.T", message: "the factor σ'(W0 x + b0) = z ∘ (1 − z) is missing" },
  ],
};
const dW0 = compileCheck(dW0Part, dW0Reference);
const verdict = (answer: string): ExpressionVerdict => checkExpression(dW0, answer);

describe("the handout's 2.1(d): ∂y/∂W0", () => {
  it.each([
    "(W1.T * z * (1 - z)) @ x.T",
    "diag(z * (1 - z)) @ W1.T @ x.T",
    "(W1.T * sigmoid(W0 @ x + b0) * (1 - sigmoid(W0 @ x + b0))) @ x.T",
    "diag(sigmoid(W0 @ x + b0) * (1 - sigmoid(W0 @ x + b0))) @ W1.T @ x.T",
    "[W1^T ∘ z ∘ (1 − z)] x^T".replace("[", "(").replace("]", ") ·"),
    "outer(W1.T * z * (1 - z), x)",
    "(W1.T * (z - z ** 2)) @ x.T",
  ])("accepts %s", (answer) => {
    const result = verdict(answer);
    expect(result.status).toBe("correct");
    expect(result.status === "correct" && result.layout).toBe("same");
  });

  it.each([
    ["(W1 * z * (1 - z)) @ x.T", "W1 is 1×h and z is h×1: ∘ needs equal shapes; did you mean W1.T?"],
    ["W1.T * z * (1 - z) * x.T", "W1.T * z * (1 - z) is h×1 and x.T is 1×d: ∘ needs equal shapes; did you mean @ (the matrix product)?"],
  ])("rejects %s with a shape message, without grading it", (answer, message) => {
    const result = verdict(answer);
    expect(result.status).toBe("invalid");
    if (result.status !== "invalid") return;
    expect(result.error.code).toBe(ExprErrorCode.ShapeMismatch);
    expect(result.error.message).toBe(message);
  });

  it("rejects (W1.T * z) @ x.T as a wrong value, with the known mistake's message", () => {
    const result = verdict("(W1.T * z) @ x.T");
    expect(result).toMatchObject({
      status: "wrong",
      mistake: { id: "missing-sigma-prime", message: "the factor σ'(W0 x + b0) = z ∘ (1 − z) is missing" },
      instancesWrong: 8,
    });
  });

  it("rejects an answer of the wrong overall shape as invalid, naming both shapes", () => {
    const result = verdict("W1.T * z * (1 - z)");
    expect(result.status).toBe("invalid");
    if (result.status === "invalid") {
      expect(result.error.code).toBe(ExprErrorCode.WrongAnswerShape);
      expect(result.error.message).toBe("the answer should be h×d, but yours is h×1");
    }
  });
});

describe("layout of gradients", () => {
  it("accepts the transpose of a gradient with a note on layout", () => {
    const result = verdict("x @ (W1.T * z * (1 - z)).T");
    expect(result.status).toBe("correct");
    if (result.status === "correct") {
      expect(result.layout).toBe("transposed");
      expect(result.note).toMatch(/transpose of the expected h×d answer.*PyTorch's \.grad/);
    }
  });

  it("refuses the transpose when the part is strict, as a shape error that says so", () => {
    const strict = compileCheck({ ...dW0Part, layout: "strict" }, dW0Reference);
    const result = checkExpression(strict, "x @ (W1.T * z * (1 - z)).T");
    expect(result.status).toBe("invalid");
    if (result.status === "invalid") {
      expect(result.error.code).toBe(ExprErrorCode.WrongAnswerShape);
      expect(result.error.message).toBe(
        "the answer should be h×d, but yours is d×h; this part asks for that layout exactly: transpose your answer",
      );
    }
  });

  it("accepts the handout's ∂y/∂z = W1 (a row) against grad(y, z) (a column) with a note", () => {
    const dz = compileCheck({ context: nnContext }, "grad(y, z)");
    expect(checkExpression(dz, "W1")).toMatchObject({ status: "correct", layout: "transposed" });
    expect(checkExpression(dz, "W1.T")).toMatchObject({ status: "correct", layout: "same" });
  });

  it("does not accept a transpose for a reference that is not a gradient", () => {
    const forward = compileCheck({ context: nnContext }, "sigmoid(W0 @ x + b0)");
    expect(checkExpression(forward, "sigmoid(W0 @ x + b0).T").status).toBe("invalid");
  });
});

describe("references computed through the engine's backward", () => {
  it("gives grad(y, W0) equal to the handout's formula on every instance (to 1e-12: rounding only)", () => {
    const environment = compileEnvironment(nnContext);
    const scope = environment.scope({ allowGrad: true });
    const reference = inferShapes(parseExpression("grad(y, W0)"), scope);
    const formula = inferShapes(parseExpression("(W1.T * z * (1 - z)) @ x.T"), scope);
    for (const instance of drawInstances(environment, 5, 7)) {
      const byBackward = evaluate(reference, environment, instance);
      const byFormula = evaluate(formula, environment, instance);
      expect(byBackward.shape).toEqual([instance.dims.h, instance.dims.d]);
      expect(allClose(byBackward, byFormula, { rtol: 1e-12, atol: 0 })).toBe(true);
    }
  });

  it("grades the other 2.1 gradients: ∂y/∂b0, ∂y/∂W1, ∂y/∂b1", () => {
    expect(checkExpression(compileCheck({ context: nnContext }, "grad(y, b0)"), "W1.T * z * (1 - z)").status).toBe("correct");
    expect(checkExpression(compileCheck({ context: nnContext }, "grad(y, W1)"), "z.T").status).toBe("correct");
    expect(checkExpression(compileCheck({ context: nnContext }, "grad(y, W1)"), "z")).toMatchObject({
      status: "correct",
      layout: "transposed",
    });
    expect(checkExpression(compileCheck({ context: nnContext }, "grad(y, b1)"), "1").status).toBe("correct");
  });

  it("grades the forward pass against definitions spelled out", () => {
    const yPart = compileCheck({ context: nnContext }, "y");
    expect(checkExpression(yPart, "W1 @ sigmoid(W0 @ x + b0) + b1").status).toBe("correct");
    expect(checkExpression(yPart, "W1 @ sigmoid(W0 @ x) + b1").status).toBe("wrong");
  });
});

describe("random instances", () => {
  it("draws distinct sizes for d and h in every instance, within their ranges", () => {
    const environment = compileEnvironment(nnContext);
    const instances = drawInstances(environment, 200, 1);
    for (const { dims } of instances) {
      expect(dims.d).not.toBe(dims.h);
      for (const size of [dims.d, dims.h]) expect(size >= 2 && size <= 7).toBe(true);
    }
    expect(new Set(instances.map(({ dims }) => dims.d)).size).toBe(6);
  });

  it("is the same on every call for the same seed", () => {
    const environment = compileEnvironment(nnContext);
    const [first] = drawInstances(environment, 1, 3);
    const [again] = drawInstances(environment, 1, 3);
    expect(again.dims).toEqual(first.dims);
    expect(Array.from(again.values.get("W0")!.data)).toEqual(Array.from(first.values.get("W0")!.data));
  });

  it("refuses ranges too narrow to draw distinct sizes", () => {
    expect(() => compileCheck({ context: { ...nnContext, dimensions: { d: { min: 3, max: 3 }, h: { min: 3, max: 3 } } } }, "W0")).toThrow(
      SpecError,
    );
  });
});

describe("fingerprints of wrong answers", () => {
  it("are equal for equal wrong answers however they are written", () => {
    const a = verdict("(W1.T * z) @ x.T");
    const b = verdict("diag(z) @ W1.T @ x.T");
    const c = verdict("(z * W1.T) @ x.T");
    expect(a.status === "wrong" && b.status === "wrong" && c.status === "wrong").toBe(true);
    const fingerprints = [a, b, c].map((result) => (result.status === "wrong" ? result.fingerprint : ""));
    expect(new Set(fingerprints).size).toBe(1);
    expect(fingerprints[0]).toMatch(/^[0-9a-z]{11}$/);
  });

  it("differ for different wrong answers", () => {
    const a = verdict("(W1.T * z) @ x.T");
    const b = verdict("(W1.T * (1 - z)) @ x.T");
    expect(a.status === "wrong" && b.status === "wrong" && a.fingerprint !== b.fingerprint).toBe(true);
  });

  it("group a transposed wrong gradient with the same formula in the reference's layout", () => {
    const a = verdict("(W1.T * z) @ x.T");
    const b = verdict("x @ (W1.T * z).T");
    expect(a.status === "wrong" && b.status === "wrong" && a.fingerprint === b.fingerprint).toBe(true);
  });

  it("are stable across compilations (fixed instances)", () => {
    const again = checkExpression(compileCheck(dW0Part, dW0Reference), "(W1.T * z) @ x.T");
    const first = verdict("(W1.T * z) @ x.T");
    expect(again.status === "wrong" && first.status === "wrong" && again.fingerprint === first.fingerprint).toBe(true);
  });
});

describe("known mistakes that do not type-check", () => {
  const chainRule = compileCheck(
    {
      context: {
        dimensions: { m: { min: 2, max: 5 }, n: { min: 2, max: 5 }, l: { min: 2, max: 5 } },
        variables: { Jf: { shape: ["m", "n"] }, Jg: { shape: ["n", "l"] } },
      },
      knownMistakes: [{ id: "reversed", expression: "Jg @ Jf", message: "the Jacobians are in the wrong order: ∂f/∂y comes first" }],
    },
    "Jf @ Jg",
  );

  it("give their message to an answer written the same way, which stays invalid", () => {
    const result = checkExpression(chainRule, "Jg · Jf");
    expect(result).toMatchObject({ status: "invalid", mistake: { id: "reversed" } });
    if (result.status !== "invalid") return;
    expect(result.error.code).toBe(ExprErrorCode.ShapeMismatch);
    expect(result.error.reason).toBe("the Jacobians are in the wrong order: ∂f/∂y comes first");
    expect(result.error.hint).toMatch(/^Jg is n×l and Jf is m×n: @ needs/);
  });

  it("leave other shape errors alone", () => {
    const result = checkExpression(chainRule, "Jf * Jg");
    expect(result.status === "invalid" && result.mistake).toBeUndefined();
  });
});

describe("the evaluation-cost cap", () => {
  const plain = "(W1.T * z * (1 - z)) @ x.T";
  const padded = "eye(h) @ eye(h) @ eye(h) @ eye(h) @ (W1.T * z * (1 - z)) @ x.T";
  /** The estimated cost of an answer on all of the part's instances. */
  const totalCost = (answer: string) => {
    const typed = inferShapes(parseExpression(answer), dW0.environment.scope({ allowGrad: false }));
    return dW0.instances.reduce((total, instance) => total + evaluationCost(typed, dW0.environment, instance.dims), 0);
  };

  it("estimates more cost for more work", () => {
    expect(totalCost(padded)).toBeGreaterThan(totalCost(plain));
    expect(totalCost("tanh(W0)")).toBeGreaterThan(totalCost("-W0"));
  });

  it("refuses an answer costing more than the cap, and accepts one under it", () => {
    const capped = compileCheck({ ...dW0Part, limits: { maxCost: (totalCost(plain) + totalCost(padded)) / 2 } }, dW0Reference);
    expect(checkExpression(capped, plain).status).toBe("correct");
    const result = checkExpression(capped, padded);
    expect(result.status).toBe("invalid");
    if (result.status === "invalid") expect(result.error.code).toBe(ExprErrorCode.TooCostly);
  });
});

describe("a part that asks for a formula written out", () => {
  const written = compileCheck(
    { context: { dimensions: { C: { min: 3, max: 5 } }, variables: { z: { shape: ["C"] } } }, forbid: ["softmax"] },
    "softmax(z)",
  );

  it("refuses a forbidden function where it is called, as invalid, and grades the written-out formula", () => {
    const result = checkExpression(written, "2 * softmax(z) - softmax(z)");
    expect(result.status).toBe("invalid");
    if (result.status !== "invalid") return;
    expect(result.error.code).toBe(ExprErrorCode.FunctionNotAllowed);
    expect(result.error.offset).toBe(4);
    expect(result.error.length).toBe("softmax".length);
    expect(checkExpression(written, "exp(z) / sum(exp(z))").status).toBe("correct");
    expect(checkExpression(written, "exp(z)").status).toBe("wrong");
  });

  it("refuses a forbidden name that is no function of the language", () => {
    expect(() => compileCheck({ context: { variables: { z: { shape: [] } } }, forbid: ["softmaxx"] }, "z")).toThrow(
      /forbid\.0: softmaxx is not a function/,
    );
  });
});

describe("a formula that overflows where the reference does not", () => {
  const large = compileCheck(
    {
      context: {
        dimensions: { C: { min: 3, max: 5 } },
        variables: { z: { shape: ["C"], distribution: { kind: "uniform", low: 750, high: 1000 } } },
      },
    },
    "logsumexp(z)",
  );

  it("is wrong, and told that it gives ∞ or NaN, not that it differs by a term", () => {
    expect(checkExpression(large, "log(sum(exp(z)))")).toMatchObject({ status: "wrong", diagnosis: "non-finite" });
    expect(checkExpression(large, "log(sum(exp(z))) - 2")).toMatchObject({ status: "wrong", diagnosis: "non-finite" });
    expect(checkExpression(large, "logsumexp(z) - 2")).not.toMatchObject({ diagnosis: "non-finite" });
  });
});

describe("spec errors", () => {
  it("names the definition that does not type-check", () => {
    expect(() => compileCheck({ context: { ...nnContext, definitions: { z: "sigmoid(W0 @ b0)" } } }, "z")).toThrow(
      /context\.definitions\.z: W0 is h×d and b0 is h×1/,
    );
  });

  it("refuses definitions that refer to each other", () => {
    expect(() => compileCheck({ context: { ...nnContext, definitions: { u: "v + 1", v: "u * 2" } } }, "u")).toThrow(
      /refer to each other: u → v → u/,
    );
  });

  it("refuses a quantity named after a function", () => {
    expect(() => compileCheck({ context: { variables: { exp: { shape: [] } } } }, "exp")).toThrow(/word of the expression language/);
  });

  it("refuses a reference that does not parse", () => {
    expect(() => compileCheck({ context: nnContext }, "W0 @")).toThrow(/^reference: /);
  });
});
