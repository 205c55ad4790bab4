import { ExprErrorCode } from "../../../grader/expr";
import {
  analyzeExpressionAnswer,
  AnswerErrorCode,
  answerSpecSchema,
  expressionSpecSchema,
  gradeAnswer,
  parseAnswer,
  parseAnswerSpec,
  SpecError,
  usesAttempt,
} from "../../../grader/answers";
import { dW0Reference, nnContext } from "../expr/nn-backprop";

const spec = expressionSpecSchema.parse({
  kind: "expression",
  context: nnContext,
  knownMistakes: [{ id: "missing-sigma-prime", expression: "(W1.T * z) @ x.T", message: "the factor z ∘ (1 − z) from σ' is missing" }],
});

describe("expression answers for 2.1(d), through gradeAnswer", () => {
  it("accepts the handout's answer, with how it was read", () => {
    const result = gradeAnswer(spec, "(W1^T ∘ z ∘ (1 - z)) · x^T", dW0Reference);
    expect(result).toMatchObject({ status: "graded", score: 1, correct: true, details: { kind: "expression", layout: "same" } });
    expect(result.details?.kind === "expression" && result.details.interpretation.canonical).toBe("(W1.T * z * (1 - z)) @ x.T");
  });

  it("accepts sigmoid(W0 @ x + b0) in place of z", () => {
    expect(gradeAnswer(spec, "diag(sigmoid(W0 @ x + b0) * (1 - sigmoid(W0 @ x + b0))) @ W1.T @ x.T", dW0Reference).score).toBe(1);
  });

  it("makes a shape error invalid, located, without using an attempt", () => {
    const result = gradeAnswer(spec, "(W1 * z * (1 - z)) @ x.T", dW0Reference);
    expect(result).toMatchObject({
      status: "invalid",
      score: 0,
      feedback: "W1 is 1×h and z is h×1: ∘ needs equal shapes; did you mean W1.T?",
      error: { code: AnswerErrorCode.Expression, exprCode: ExprErrorCode.ShapeMismatch, offset: 1, length: 6 },
    });
    expect(usesAttempt(result)).toBe(false);
  });

  it("grades a wrong value with the known mistake's message and id", () => {
    const result = gradeAnswer(spec, "(W1.T * z) @ x.T", dW0Reference);
    expect(result).toMatchObject({
      status: "graded",
      score: 0,
      feedback: "the factor z ∘ (1 − z) from σ' is missing",
      mistakeId: "missing-sigma-prime",
    });
    expect(usesAttempt(result)).toBe(true);
  });

  it("says on how many instances an unknown wrong answer differs", () => {
    expect(gradeAnswer(spec, "(W1.T * (1 - z)) @ x.T", dW0Reference).feedback).toBe(
      "not equal to the expected expression: it differs on 8 of 8 random instances",
    );
  });

  it("accepts the transposed gradient with a layout note", () => {
    const result = gradeAnswer(spec, "x @ (W1.T * z * (1 - z)).T", dW0Reference);
    expect(result).toMatchObject({ status: "graded", score: 1, details: { layout: "transposed" } });
    expect(result.status === "graded" && result.notes?.[0]).toMatch(/^accepted as the transpose/);
  });
});

describe("the live preview: parseAnswer and analyzeExpressionAnswer", () => {
  it("returns the LaTeX and the shape of a well-formed answer without evaluating it", () => {
    const parsed = parseAnswer(spec, "W1.T * z");
    if (!parsed.ok) throw parsed.error;
    expect(parsed.value.interpretation.latex).toBe("{W^{(1)}}^{\\top} \\odot z");
    expect(parsed.value.interpretation.shape).toEqual(["h", 1]);
  });

  it("returns the error with the shapes found so far", () => {
    const analysis = analyzeExpressionAnswer(spec, "W1 * z");
    expect(analysis.ok).toBe(false);
    expect(analysis.interpretation?.parts.map((part) => part.shapeText)).toEqual(["1×h", "h×1", null]);
  });

  it("locates a parse error", () => {
    const parsed = parseAnswer(spec, "W1.T * * z");
    expect(!parsed.ok && parsed.error.toJSON()).toMatchObject({
      code: AnswerErrorCode.Expression,
      exprCode: ExprErrorCode.UnexpectedToken,
      offset: 7,
      length: 1,
    });
  });
});

describe("specs as JSON", () => {
  it("round-trips every kind through JSON and validates it", () => {
    const specs = [
      { kind: "number" },
      { kind: "number", tolerance: { type: "sigfigs", digits: 3 } },
      { kind: "integer" },
      { kind: "matrix", partialCredit: true },
      { kind: "shape", symbols: ["N"] },
      { kind: "dimensions", symbols: ["m", "l"] },
      {
        kind: "choice",
        options: [
          { id: "a", text: "A" },
          { id: "b", text: "B" },
        ],
      },
      { kind: "expression", context: nnContext, layout: "strict" },
    ];
    for (const input of specs) {
      const parsed = answerSpecSchema.parse(input);
      expect(answerSpecSchema.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
      expect(parsed.kind).toBe(input.kind);
    }
  });

  it("fills documented defaults", () => {
    expect(parseAnswerSpec({ kind: "number" })).toEqual({ kind: "number", tolerance: { type: "sigfigs", digits: 3 } });
    expect(parseAnswerSpec({ kind: "expression", context: {} })).toMatchObject({
      instances: 8,
      layout: "auto",
      tolerance: { rtol: 1e-6, atol: 1e-9 },
    });
  });

  it("names the bad field of an invalid spec", () => {
    expect(() =>
      parseAnswerSpec({
        kind: "choice",
        options: [
          { id: "a", text: "A" },
          { id: "a", text: "B" },
        ],
      }),
    ).toThrow(/option ids must be distinct/);
    expect(() => parseAnswerSpec({ kind: "matrix", rtol: -1 })).toThrow(SpecError);
    expect(() => parseAnswerSpec({ kind: "essay" })).toThrow(SpecError);
  });
});
