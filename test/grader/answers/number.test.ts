import { AnswerErrorCode, DEFAULT_ATOL, DEFAULT_RTOL, gradeAnswer, parseAnswer, parseAnswerSpec } from "../../../grader/answers";

const spec = parseAnswerSpec({ kind: "number" });
const sigmoidOfOne = 1 / (1 + Math.exp(-1)); // 0.7310585786300049

describe("number answers: reading", () => {
  it.each<[string | number, number]>([
    ["0.5", 0.5],
    ["-1.25e-3", -0.00125],
    ["−0.5", -0.5],
    [".75", 0.75],
    ["1/2", 0.5],
    ["2^-3", 0.125],
    ["1.5×10^-3", 0.0015],
    ["1.5 \\times 10^{-3}", 0.0015],
    ["1.5\\times10^{-3}", 0.0015],
    [0.25, 0.25],
  ])("reads %j as %d", (raw, value) => {
    expect(parseAnswer(spec, raw)).toEqual({ ok: true, value });
  });

  it.each(["4.17 x 10^-1", "4.17 X 10^-1", "4.17x10^-1", "4.17 ⋅ 10⁻¹", "4.17×10⁻¹", "4.17 × 10^−1", "4.17*10**-1", "41.7 · 10⁻²"])(
    "reads a power of ten written %j, exactly as the decimal 0.417",
    (raw) => {
      expect(parseAnswer(spec, raw)).toEqual({ ok: true, value: 0.417 });
    },
  );

  it("reads superscript exponents with a sign, and a mantissa without a leading digit", () => {
    expect(parseAnswer(spec, "−1.5 × 10⁺³")).toEqual({ ok: true, value: -1500 });
    expect(parseAnswer(spec, ".5 x 10²")).toEqual({ ok: true, value: 50 });
  });

  it("still refuses x as a name where it is not a product before a power of ten", () => {
    expect(parseAnswer(spec, "4.17 x 10").ok).toBe(false);
    expect(parseAnswer(spec, "4.17 x 2^-1").ok).toBe(false);
    expect(parseAnswer(spec, "x 10^-1").ok).toBe(false);
  });

  it("refuses names, with the position of the first one", () => {
    const parsed = parseAnswer(spec, "1 + x");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect([parsed.error.code, parsed.error.offset, parsed.error.length]).toEqual([AnswerErrorCode.InvalidNumber, 4, 1]);
  });

  it("refuses a malformed number where it goes wrong", () => {
    const parsed = parseAnswer(spec, "1.2.3");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.offset).toBe(3);
  });

  it("refuses infinite results and empty input", () => {
    expect(parseAnswer(spec, "1e400").ok).toBe(false);
    expect(parseAnswer(spec, "1/0").ok).toBe(false);
    const empty = parseAnswer(spec, "  ");
    expect(!empty.ok && empty.error.code).toBe(AnswerErrorCode.Empty);
  });
});

describe("number answers: grading with the default tolerance (3 significant figures)", () => {
  it("documents its defaults: 3 significant figures, and rtol 1e-3 / atol 1e-8 when a relative rule leaves them out", () => {
    expect(spec).toEqual({ kind: "number", tolerance: { type: "sigfigs", digits: 3 } });
    expect([DEFAULT_RTOL, DEFAULT_ATOL]).toEqual([1e-3, 1e-8]);
  });

  it("accepts σ(1) to three or four significant figures and refuses two", () => {
    expect(gradeAnswer(spec, "0.731", sigmoidOfOne).score).toBe(1);
    expect(gradeAnswer(spec, "0.7311", sigmoidOfOne).score).toBe(1);
    expect(gradeAnswer(spec, "0.73", sigmoidOfOne)).toMatchObject({ status: "graded", score: 0, correct: false });
  });

  it("accepts an exact 0 for a reference that is 0 up to float64 rounding", () => {
    expect(gradeAnswer(spec, "0", 0.1 + 0.2 - 0.3).score).toBe(1);
  });

  it("gives a known mistake's message and a fingerprint shared by equal answers", () => {
    const context = { knownMistakes: [{ id: "forgot-bias", value: 0.5, message: "you left out b1" }] };
    const a = gradeAnswer(spec, "0.5", 0.75, context);
    const b = gradeAnswer(spec, "1/2", 0.75, context);
    expect(a).toMatchObject({ status: "graded", score: 0, feedback: "you left out b1", mistakeId: "forgot-bias" });
    expect(a.status === "graded" && b.status === "graded" && a.fingerprint === b.fingerprint).toBe(true);
  });

  it("marks unreadable input invalid, so it does not use an attempt", () => {
    expect(gradeAnswer(spec, "zero", 0)).toMatchObject({ status: "invalid", score: 0, error: { code: AnswerErrorCode.InvalidNumber } });
  });
});

describe("number answers: significant figures", () => {
  const sigfigs = parseAnswerSpec({ kind: "number", tolerance: { type: "sigfigs", digits: 3 } });

  it("accepts the reference rounded to 3 significant figures, and not 2", () => {
    expect(gradeAnswer(sigfigs, "0.731", sigmoidOfOne).score).toBe(1);
    expect(gradeAnswer(sigfigs, "0.73", sigmoidOfOne).score).toBe(0);
    expect(gradeAnswer(sigfigs, "0.732", sigmoidOfOne).score).toBe(0);
  });

  it("works at large magnitudes", () => {
    expect(gradeAnswer(sigfigs, "8.05e8", 805306512).score).toBe(1);
    expect(gradeAnswer(sigfigs, "8.06e8", 805306512).score).toBe(0);
  });
});

describe("integer answers in LaTeX's product notation", () => {
  it("reads a count written as 4 \\times 512^2 + 4 \\times 512, and still refuses an unknown command", () => {
    const integer = parseAnswerSpec({ kind: "integer" });
    expect(parseAnswer(integer, "4 \\times 512^2 + 4 \\times 512")).toEqual({ ok: true, value: 1050624n });
    expect(parseAnswer(spec, "4.17 \\timesx 10")).toMatchObject({ ok: false });
  });
});
