import { AnswerErrorCode, formatSizeList, gradeAnswer, parseAnswer, parseAnswerSpec, SpecError, type Size } from "../../../grader/answers";
import { located } from "./located";

const shape = parseAnswerSpec({ kind: "shape", symbols: ["N"] });
const dimensions = parseAnswerSpec({ kind: "dimensions", symbols: ["m", "n", "l", "p", "q"] });

const shown = (spec: typeof shape | typeof dimensions, raw: string | (string | number)[]) => {
  const parsed = parseAnswer(spec, raw);
  if (!parsed.ok) throw parsed.error;
  if (spec.kind !== "shape" && spec.kind !== "dimensions") throw new Error("not a size list");
  return formatSizeList(spec, parsed.value as Size[]);
};

describe("shape answers", () => {
  it.each([
    ["(N, 16, 64, 64)", "(N, 16, 64, 64)"],
    ["[2, 16, 64, 64]", "(2, 16, 64, 64)"],
    ["torch.Size([N, 16, 64, 64])", "(N, 16, 64, 64)"],
    ["N × 16 × 64 × 64", "(N, 16, 64, 64)"],
    ["(5,)", "(5,)"],
    ["()", "()"],
  ])("reads %s as %s", (raw, expected) => {
    expect(shown(shape, raw)).toBe(expected);
  });

  it.each(["Nx16x64x64", "NX16X64X64", "N x16x64x64", "(Nx16x64x64)"])("reads x between sizes without spaces: %s", (raw) => {
    expect(shown(shape, raw)).toBe("(N, 16, 64, 64)");
    expect(gradeAnswer(shape, raw, ["N", 16, 64, 64]).score).toBe(1);
  });

  it("grades a shape written with x between sizes like any other: wrong sizes are wrong", () => {
    expect(gradeAnswer(shape, "Nx16x32x64", ["N", 16, 64, 64])).toMatchObject({ status: "graded", score: 0 });
    expect(gradeAnswer(shape, "16x64x64", ["N", 16, 64, 64])).toMatchObject({ status: "invalid" });
  });

  it("reads a shape sent as an array", () => {
    expect(shown(shape, ["N", 16, 64, 64])).toBe("(N, 16, 64, 64)");
  });

  it("refuses a symbol the part does not allow, where it is", () => {
    const parsed = parseAnswer(shape, "(M, 16, 64, 64)");
    expect(!parsed.ok && parsed.error.toJSON()).toEqual({
      code: AnswerErrorCode.UnknownSymbol,
      message: "unknown symbol M: this part allows N",
      offset: 1,
      length: 1,
    });
  });

  it.each<[string, AnswerErrorCode, number, number]>([
    ["(N, 16.5, 64)", AnswerErrorCode.NotAnInteger, 4, 4],
    ["(N, 16, 64", AnswerErrorCode.InvalidSyntax, 0, 1],
    ["(N, , 64)", AnswerErrorCode.InvalidSyntax, 4, 1],
    ["(N; 16)", AnswerErrorCode.InvalidSyntax, 2, 1],
  ])("%j fails with %s at offset %i, length %i", (raw, code, offset, length) => {
    expect(located(parseAnswer(shape, raw))).toEqual([code, offset, length]);
  });

  it("grades entry by entry, noticing a right set of sizes in the wrong order", () => {
    expect(gradeAnswer(shape, "(N, 16, 64, 64)", ["N", 16, 64, 64])).toMatchObject({ status: "graded", score: 1 });
    expect(gradeAnswer(shape, "(N, 64, 64, 16)", ["N", 16, 64, 64])).toMatchObject({
      score: 0,
      feedback: "dimensions 2, 4 are wrong; the sizes are right but in another order",
      details: { kind: "dimensions", entriesCorrect: [true, false, true, false] },
    });
  });

  it("grades a list of the wrong length as wrong (the sizes are the answer), not invalid", () => {
    expect(gradeAnswer(shape, "(N, 16, 64)", ["N", 16, 64, 64])).toMatchObject({
      status: "graded",
      score: 0,
      feedback: "expected 4 dimensions, but got 3",
    });
  });

  it("gives partial credit per entry when the part allows it", () => {
    const partial = parseAnswerSpec({ kind: "shape", symbols: ["N"], partialCredit: true });
    expect(gradeAnswer(partial, "(N, 16, 32, 64)", ["N", 16, 64, 64]).score).toBe(0.75);
  });

  it("refuses a reference over symbols the spec does not allow", () => {
    expect(() => gradeAnswer(shape, "(N, 3)", ["B", 3])).toThrow(SpecError);
  });
});

describe("known mistakes and the batch dimension, before a length mismatch", () => {
  const chainShape = parseAnswerSpec({ kind: "shape", symbols: ["n", "p", "q"] });
  const flattened = { id: "flattened", value: ["n", "p*q"], message: "That is the Jacobian with respect to vec(W)." };

  it("gives a known mistake's message even when its length differs from the reference's", () => {
    expect(gradeAnswer(chainShape, "(n, p*q)", ["n", "p", "q"], { knownMistakes: [flattened] })).toMatchObject({
      status: "graded",
      score: 0,
      feedback: "That is the Jacobian with respect to vec(W).",
      mistakeId: "flattened",
    });
  });

  it("reads a size grouped in parentheses at the start of the list", () => {
    expect(gradeAnswer(dimensions, "(q·p) × n", ["p*q", "n"]).score).toBe(1);
  });

  it("refuses a shape without its batch dimension as invalid, whether or not the other sizes are right", () => {
    for (const raw of ["(16, 64, 64)", "(16, 32, 32)"]) {
      expect(gradeAnswer(shape, raw, ["N", 16, 64, 64])).toMatchObject({
        status: "invalid",
        score: 0,
        feedback: "include the batch dimension N as the first size",
      });
    }
    expect(gradeAnswer(shape, "(N, 16, 64)", ["N", 16, 64, 64])).toMatchObject({
      status: "graded",
      feedback: "expected 4 dimensions, but got 3",
    });
  });

  it("refuses a shape without its batch dimension even when it is a known mistake, so that refusal says nothing of it", () => {
    const noBatch = { id: "no-batch", value: [16, 64, 64], message: "The batch dimension is missing." };
    expect(gradeAnswer(shape, "(16, 64, 64)", ["N", 16, 64, 64], { knownMistakes: [noBatch] })).toMatchObject({
      status: "invalid",
      score: 0,
      feedback: "include the batch dimension N as the first size",
    });
  });
});

describe("dimensions answers", () => {
  it.each(["m × l", "m x l", "m X l", "(m, l)", "m by l", "m \\times l", "m × ℓ"])("reads %s as m × l", (raw) => {
    expect(shown(dimensions, raw)).toBe("m × l");
    expect(gradeAnswer(dimensions, raw, ["m", "l"]).score).toBe(1);
  });

  it("reads products of symbols in any order and spelling: n × pq", () => {
    for (const raw of ["n × pq", "n x qp", "n × p*q", "n × p·q", "(n, q \\cdot p)", "n × (q·p)", "n × (q⋅p)", "n × (p q)", "(n, (p*q))"]) {
      expect(gradeAnswer(dimensions, raw, ["n", "p*q"]).score).toBe(1);
    }
    expect(gradeAnswer(dimensions, "n × p", ["n", "p*q"]).score).toBe(0);
  });

  it("reads numeric dimensions and coefficients", () => {
    expect(shown(dimensions, "3 x 2n")).toBe("3 × 2n");
    expect(gradeAnswer(dimensions, "3 × 4", [3, 4]).score).toBe(1);
  });

  it("grades the transpose as wrong", () => {
    expect(gradeAnswer(dimensions, "l × m", ["m", "l"])).toMatchObject({
      score: 0,
      feedback: "sizes 1, 2 are wrong; the sizes are right but in another order",
    });
  });

  it.each([
    ["mxl", "m × l"],
    ["mXl", "m × l"],
    ["nxpq", "n × pq"],
    ["3x2n", "3 × 2n"],
    ["pxq x n", "p × q × n"],
  ])("reads x written between sizes without spaces: %s as %s", (raw, expected) => {
    expect(shown(dimensions, raw)).toBe(expected);
  });

  it("keeps a name whose pieces between x's are not all symbols unknown", () => {
    const parsed = parseAnswer(dimensions, "mxk");
    expect(!parsed.ok && parsed.error.toJSON()).toEqual({
      code: AnswerErrorCode.UnknownSymbol,
      message: "unknown symbol mxk: this part allows m, n, l, p, q",
      offset: 0,
      length: 3,
    });
  });

  it("lets a symbol with x in its name win over x as ×", () => {
    const withNx = parseAnswerSpec({ kind: "dimensions", symbols: ["nx", "n", "q"] });
    expect(gradeAnswer(withNx, "nx × q", ["nx", "q"]).score).toBe(1);
    const withX = parseAnswerSpec({ kind: "dimensions", symbols: ["x", "n"] });
    expect(shown(withX, "nx")).toBe("nx");
  });

  it("refuses x between sizes when a symbol has an x in its name, saying to write × with spaces", () => {
    const withNx = parseAnswerSpec({ kind: "dimensions", symbols: ["nx", "n", "q"] });
    const parsed = parseAnswer(withNx, "nxq");
    expect(!parsed.ok && parsed.error.toJSON()).toEqual({
      code: AnswerErrorCode.UnknownSymbol,
      message: "unknown symbol nxq: to separate sizes, write × with spaces around it (n × q)",
      offset: 0,
      length: 3,
    });
  });

  it("lets x be a symbol when the part declares it, using × as the separator", () => {
    const withX = parseAnswerSpec({ kind: "dimensions", symbols: ["x", "y"] });
    expect(gradeAnswer(withX, "x × y", ["x", "y"]).score).toBe(1);
  });
});
