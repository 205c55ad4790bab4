import { AnswerErrorCode, gradeAnswer, parseAnswer, parseAnswerSpec } from "../../../grader/answers";
import { located } from "./located";

const spec = parseAnswerSpec({ kind: "integer" });

describe("integer answers: the issue's formats", () => {
  it.each(["1180224", "1,180,224", "1.180224e6", "1 180 224", "1_180_224", "+1180224", 1180224])("reads %j as 1180224 exactly", (raw) => {
    expect(parseAnswer(spec, raw)).toEqual({ ok: true, value: 1180224n });
  });

  it("reads the handout's products exactly, with ·, × or *", () => {
    expect(parseAnswer(spec, "8·16·16·4·12·12 + 4·12·12")).toEqual({ ok: true, value: 1180224n });
    // The handout prints 805306512 for this sum, which is not its value: exact arithmetic gives 805371904.
    expect(parseAnswer(spec, "3×64×64×16×64×64 + 16×64×64")).toEqual({ ok: true, value: 805371904n });
    expect(parseAnswer(spec, "3*16*3*3 + 16")).toEqual({ ok: true, value: 448n });
    expect(parseAnswer(spec, "2^10")).toEqual({ ok: true, value: 1024n });
  });

  it.each([
    "805371904.0",
    "805371904.000",
    "8.05371904e8",
    "8.05371904E+8",
    "8.05371904 × 10^8",
    "8.05371904×10^8",
    "8.05371904 ·10^8",
    "8.05371904⋅10^{8}",
    "8.05371904 x 10^8",
    "8.05371904*10^8",
    "8.05371904 × 10⁸",
    "8.05371904 \\times 10^{8}",
    "8.05371904\\times10^8",
    "8.05371904 \\cdot 10^{8}",
  ])("reads %j as the whole number it denotes, 805371904", (raw) => {
    expect(parseAnswer(spec, raw)).toEqual({ ok: true, value: 805371904n });
  });

  it("reads 448.0 as 448, and refuses a scientific form that is not whole", () => {
    expect(parseAnswer(spec, "448.0")).toEqual({ ok: true, value: 448n });
    expect(located(parseAnswer(spec, "8.053719045 × 10^8"))).toEqual([AnswerErrorCode.NotAnInteger, 0, 18]);
    expect(gradeAnswer(spec, "8.05 × 10^8", 805371904)).toMatchObject({ status: "graded", score: 0 });
  });

  it.each(["805\u00a0371\u00a0904", "805\u202f371\u202f904", "805\u2009371\u2009904"])(
    "reads groups separated by a no-break, narrow no-break or thin space (%j)",
    (raw) => {
      expect(parseAnswer(spec, raw)).toEqual({ ok: true, value: 805371904n });
    },
  );

  it("reads grouped digits with a zero fraction, and refuses them when the fraction is not zero", () => {
    expect(parseAnswer(spec, "1,180,224.0")).toEqual({ ok: true, value: 1180224n });
    expect(parseAnswer(spec, "1 180 224.00")).toEqual({ ok: true, value: 1180224n });
    expect(located(parseAnswer(spec, "1,180,224.5"))).toEqual([AnswerErrorCode.NotAnInteger, 0, 11]);
  });

  it("reads Python's ** as a power, in arithmetic and in a power of ten", () => {
    expect(parseAnswer(spec, "2**10")).toEqual({ ok: true, value: 1024n });
    expect(parseAnswer(spec, "1.180224*10**6")).toEqual({ ok: true, value: 1180224n });
    expect(parseAnswer(spec, "1.180224 X 10^6")).toEqual({ ok: true, value: 1180224n });
    expect(located(parseAnswer(spec, "1.1802245*10**6"))).toEqual([AnswerErrorCode.NotAnInteger, 0, 15]);
  });

  it("reads x between two numbers as a product, but not next to a name", () => {
    expect(parseAnswer(spec, "8x16x16x4x12x12 + 4x12x12")).toEqual({ ok: true, value: 1180224n });
    expect(parseAnswer(spec, "3 x 16 X 3")).toEqual({ ok: true, value: 144n });
    expect(located(parseAnswer(spec, "3x n"))).toEqual([AnswerErrorCode.InvalidNumber, 1, 1]);
    expect(gradeAnswer(spec, "8x16x16x4x12x12 + 4x12", 1180224)).toMatchObject({ status: "graded", score: 0 });
  });

  it("keeps big products exact, beyond 2^53", () => {
    expect(parseAnswer(spec, "3**40")).toEqual({ ok: true, value: 12157665459056928801n });
  });
});

describe("integer answers: errors with positions", () => {
  it.each<[string, AnswerErrorCode, number, number]>([
    ["1,18,0224", AnswerErrorCode.InvalidGrouping, 2, 2],
    ["1.1802245e6", AnswerErrorCode.NotAnInteger, 0, 11],
    ["1180224.5", AnswerErrorCode.NotAnInteger, 0, 9],
    ["7 / 2", AnswerErrorCode.NotAnInteger, 0, 5],
    ["3 * n", AnswerErrorCode.InvalidNumber, 4, 1],
    ["12 34", AnswerErrorCode.InvalidNumber, 3, 2],
    ["2**100000", AnswerErrorCode.TooLong, 0, 9],
  ])("%j fails with %s at offset %i, length %i", (raw, code, offset, length) => {
    expect(located(parseAnswer(spec, raw))).toEqual([code, offset, length]);
  });

  it("says what is missing between two numbers, in terms of arithmetic", () => {
    const parsed = parseAnswer(spec, "12 34");
    expect(!parsed.ok && parsed.error.message).toBe("not a whole number: missing operator before “34”");
  });

  it("refuses arithmetic when the part asks for a plain number", () => {
    expect(parseAnswer(parseAnswerSpec({ kind: "integer", allowArithmetic: false }), "3*16").ok).toBe(false);
  });
});

describe("integer answers: grading", () => {
  it("is exact: one off is wrong", () => {
    expect(gradeAnswer(spec, "1,180,224", 1180224)).toMatchObject({ status: "graded", score: 1, correct: true });
    expect(gradeAnswer(spec, "1180225", 1180224)).toMatchObject({ status: "graded", score: 0, correct: false });
  });

  it("gives the same fingerprint to the same count written differently", () => {
    const a = gradeAnswer(spec, "448", 4640);
    const b = gradeAnswer(spec, "3*16*3*3 + 16", 4640);
    expect(a.status === "graded" && b.status === "graded" && a.fingerprint === b.fingerprint).toBe(true);
  });

  it("recognises a known mistake (the bias left out)", () => {
    const result = gradeAnswer(spec, "3*16*3*3", 448, { knownMistakes: [{ value: 432, message: "count the 16 biases too" }] });
    expect(result).toMatchObject({ score: 0, feedback: "count the 16 biases too" });
  });
});
