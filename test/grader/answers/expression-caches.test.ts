/**
 * The caches behind expression grading: compiled parts found by their spec
 * object (grader/answers/expression.ts) and definitions' values shared
 * between the answers graded on one instance (grader/expr/check.ts). Each
 * must only ever return what was computed for the same spec, reference,
 * environment and instance, whatever was graded before.
 */
import { analyzeExpression, compileEnvironment, drawInstances, evaluate, type ExpressionContextInput } from "../../../grader/expr";
import { expressionSpecSchema, gradeAnswer } from "../../../grader/answers";
import type { Tensor } from "../../../grader/autograd";
import { dW0Reference, nnContext } from "../expr/nn-backprop";

const specWith = (context: ExpressionContextInput, message = "the factor z ∘ (1 − z) from σ' is missing") =>
  expressionSpecSchema.parse({
    kind: "expression",
    context,
    knownMistakes: [{ id: "missing-sigma-prime", expression: "(W1.T * z) @ x.T", message }],
  });

describe("expression grading's caches", () => {
  it("grades one spec object against each reference it is given, never against another reference's compiled part", () => {
    const spec = specWith(nnContext);
    for (let round = 0; round < 2; round++) {
      expect(gradeAnswer(spec, "W1 @ z + b1", "W1 @ z + b1").score).toBe(1);
      expect(gradeAnswer(spec, "W1 @ z + b1", "W1 @ z").score).toBe(0);
      expect(gradeAnswer(spec, "W1 @ z", "W1 @ z").score).toBe(1);
    }
  });

  it("gives each of two specs that differ only in a known mistake's message its own message", () => {
    const first = specWith(nnContext, "first problem's message");
    const second = specWith(nnContext, "second problem's message");
    for (let round = 0; round < 2; round++) {
      expect(gradeAnswer(first, "(W1.T * z) @ x.T", dW0Reference).feedback).toBe("first problem's message");
      expect(gradeAnswer(second, "(W1.T * z) @ x.T", dW0Reference).feedback).toBe("second problem's message");
    }
  });

  it("never lends one problem's definition of z to another problem with the same names and instances", () => {
    const sigmoid = specWith(nnContext);
    const tanh = specWith({ ...nnContext, definitions: { z: "tanh(W0 @ x + b0)", y: "W1 @ z + b1" } });
    for (let round = 0; round < 2; round++) {
      expect(gradeAnswer(sigmoid, "W1 @ sigmoid(W0 @ x + b0) + b1", "W1 @ z + b1").score).toBe(1);
      expect(gradeAnswer(tanh, "W1 @ sigmoid(W0 @ x + b0) + b1", "W1 @ z + b1").score).toBe(0);
      expect(gradeAnswer(tanh, "W1 @ tanh(W0 @ x + b0) + b1", "W1 @ z + b1").score).toBe(1);
      expect(gradeAnswer(sigmoid, "W1 @ tanh(W0 @ x + b0) + b1", "W1 @ z + b1").score).toBe(0);
    }
  });

  it("recomputes definitions inside grad(…) even when the instance's shared values already hold them", () => {
    const environment = compileEnvironment(nnContext);
    const [instance] = drawInstances(environment, 1, 0);
    const typed = (source: string) => {
      const analysis = analyzeExpression(source, environment, { allowGrad: true });
      if (!analysis.ok) throw analysis.error;
      return analysis.typed;
    };
    const shared = new Map<string, Tensor>();
    evaluate(typed("y"), environment, instance, shared);
    expect([...shared.keys()].sort()).toEqual(["y", "z"]);
    const gradient = evaluate(typed(dW0Reference), environment, instance, shared);
    const alone = evaluate(typed(dW0Reference), environment, instance);
    const byHand = evaluate(typed("(W1.T * z * (1 - z)) @ x.T"), environment, instance);
    // The same operations on the same float64 inputs: equal to the bit, and not zero (z held fixed would give 0).
    expect(Array.from(gradient.data)).toEqual(Array.from(alone.data));
    expect(Math.max(...Array.from(gradient.data, Math.abs))).toBeGreaterThan(0);
    for (let i = 0; i < byHand.data.length; i++) expect(gradient.data[i]).toBeCloseTo(byHand.data[i], 12);
  });
});
