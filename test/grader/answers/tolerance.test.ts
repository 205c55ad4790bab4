import fc from "fast-check";
import {
  allowedError,
  compareEntry,
  describeTolerance,
  gradeAnswer,
  parseAnswerSpec,
  precisionRule,
  SpecError,
  withinTolerance,
  ZERO_FLOOR,
  type Tolerance,
} from "../../../grader/answers";

const sigfigs = (digits: number): Tolerance => ({ type: "sigfigs", digits });

describe("tolerance: significant figures", () => {
  it("accepts half a unit in the last significant place, as PrairieLearn's sigfig comparison does", () => {
    // σ(1) = 0.7310585…: at 3 s.f. the unit is 0.001, so [0.7305586, 0.7315586] passes.
    expect(withinTolerance(sigfigs(3), 0.731, 0.7310585786)).toBe(true);
    expect(withinTolerance(sigfigs(3), 0.7315, 0.7310585786)).toBe(true);
    expect(withinTolerance(sigfigs(3), 0.7316, 0.7310585786)).toBe(false);
    expect(withinTolerance(sigfigs(3), 0.73, 0.7310585786)).toBe(false);
  });

  it("accepts a value exactly half a unit away (decimal boundaries that binary cannot hold), and not one a hair beyond", () => {
    expect(withinTolerance(sigfigs(3), 0.732, 0.7315)).toBe(true);
    expect(withinTolerance(sigfigs(3), 0.731, 0.7315)).toBe(true);
    expect(withinTolerance(sigfigs(3), 0.7320001, 0.7315)).toBe(false);
    expect(withinTolerance(sigfigs(2), 0.15, 0.145)).toBe(true);
    expect(withinTolerance(sigfigs(2), 0.1501, 0.145)).toBe(false);
  });

  it("treats negative references by their magnitude", () => {
    expect(withinTolerance(sigfigs(3), -0.0123, -0.012345)).toBe(true);
    expect(withinTolerance(sigfigs(3), -0.0124, -0.012345)).toBe(false);
    expect(withinTolerance(sigfigs(3), 0.0123, -0.012345)).toBe(false);
  });

  it("scales with huge and tiny magnitudes", () => {
    expect(withinTolerance(sigfigs(3), 8.05e8, 805371904)).toBe(true);
    expect(withinTolerance(sigfigs(3), 8.06e8, 805371904)).toBe(false);
    expect(allowedError(sigfigs(3), 805371904)).toBe(5e5);
    expect(withinTolerance(sigfigs(3), 1.23e-6, 1.2345e-6)).toBe(true);
    expect(withinTolerance(sigfigs(3), 1.24e-6, 1.2345e-6)).toBe(false);
  });

  it("counts a reference rounding up to the next power of ten by its own exponent", () => {
    // 0.99951 to 3 s.f. is 1.00: 0.00049 from it, within half of 0.001.
    expect(withinTolerance(sigfigs(3), 1.0, 0.99951)).toBe(true);
    expect(withinTolerance(sigfigs(3), 1.0, 0.9994)).toBe(false);
  });

  it("accepts only what is 0 up to 1e-8 for a reference of 0 or float noise around it", () => {
    expect(ZERO_FLOOR).toBe(1e-8);
    expect(withinTolerance(sigfigs(3), 0, 0)).toBe(true);
    expect(withinTolerance(sigfigs(3), 0, 0.1 + 0.2 - 0.3)).toBe(true);
    expect(withinTolerance(sigfigs(3), 1e-9, 0)).toBe(true);
    expect(withinTolerance(sigfigs(3), 0.004, 0)).toBe(false);
    expect(withinTolerance(sigfigs(3), -1e-6, 0)).toBe(false);
  });

  it("accepts only what lies within ½·10^(⌊log10|r|⌋ − d + 1) of r (1e-8 for |r| < 1e-8), up to a 1e-9 relative hair", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e12, max: 1e12, noNaN: true }),
        fc.double({ min: -1e12, max: 1e12, noNaN: true }),
        fc.integer({ min: 1, max: 10 }),
        (answer, reference, digits) => {
          if (!withinTolerance(sigfigs(digits), answer, reference)) return true;
          const magnitude = Math.abs(reference);
          const documented = magnitude < ZERO_FLOOR ? ZERO_FLOOR : 0.5 * 10 ** (Math.floor(Math.log10(magnitude)) - digits + 1);
          return Math.abs(answer - reference) <= documented * (1 + 1e-9);
        },
      ),
    );
  });

  it("holds a property: the reference rounded to d significant figures is always accepted", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
        fc.boolean(),
        fc.integer({ min: 1, max: 8 }),
        (magnitude, negative, digits) => {
          const reference = negative ? -magnitude : magnitude;
          return withinTolerance(sigfigs(digits), Number(reference.toPrecision(digits)), reference);
        },
      ),
    );
  });
});

describe("tolerance: decimals, relative, absolute", () => {
  it("decimals: half a unit in the last decimal place, whatever the magnitude", () => {
    const twoPlaces: Tolerance = { type: "decimals", digits: 2 };
    expect(withinTolerance(twoPlaces, 1234.57, 1234.5678)).toBe(true);
    expect(withinTolerance(twoPlaces, 1234.56, 1234.5678)).toBe(false);
    expect(withinTolerance(twoPlaces, 0.005, 0)).toBe(true);
    expect(withinTolerance(twoPlaces, 0.0051, 0)).toBe(false);
  });

  it("relative: atol + rtol·|r|, as numpy's allclose", () => {
    const onePercent: Tolerance = { type: "relative", rtol: 0.01, atol: 0 };
    expect(withinTolerance(onePercent, 101, 100)).toBe(true);
    expect(withinTolerance(onePercent, 101.01, 100)).toBe(false);
    expect(withinTolerance(onePercent, 1e-12, 0)).toBe(false);
  });

  it("absolute: |a − r| ≤ atol", () => {
    const tenth: Tolerance = { type: "absolute", atol: 0.1 };
    expect(withinTolerance(tenth, 1000.1, 1000)).toBe(true);
    expect(withinTolerance(tenth, 1000.11, 1000)).toBe(false);
  });

  it("calls a miss within 10× the allowed error near, and beyond it far", () => {
    expect(compareEntry(sigfigs(3), 0.735, 0.7310585786)).toBe("near");
    expect(compareEntry(sigfigs(3), 0.7, 0.7310585786)).toBe("far");
    expect(compareEntry(sigfigs(3), Number.NaN, 0.73)).toBe("far");
  });
});

describe("tolerance: in words and in the schema", () => {
  it("describes each rule as the page shows it", () => {
    expect(describeTolerance(sigfigs(3))).toBe("to 3 significant figures");
    expect(describeTolerance(sigfigs(1))).toBe("to 1 significant figure");
    expect(describeTolerance({ type: "decimals", digits: 2 })).toBe("to 2 decimal places");
    expect(describeTolerance({ type: "relative", rtol: 0.001, atol: 1e-8 })).toBe("within 0.1 % (relative)");
    expect(describeTolerance({ type: "absolute", atol: 0.05 })).toBe("within ±0.05");
  });

  it("gives every numeric part a rule: 3 significant figures by default, exact for integers, none for other kinds", () => {
    expect(precisionRule(parseAnswerSpec({ kind: "number" }))).toBe("to 3 significant figures");
    expect(precisionRule(parseAnswerSpec({ kind: "matrix" }))).toBe("to 3 significant figures");
    expect(precisionRule(parseAnswerSpec({ kind: "matrix", tolerance: { type: "decimals", digits: 4 } }))).toBe("to 4 decimal places");
    expect(precisionRule(parseAnswerSpec({ kind: "matrix", rtol: 1e-3 }))).toBe("within 0.1 % (relative)");
    expect(precisionRule(parseAnswerSpec({ kind: "integer" }))).toBe("exactly, as a whole number");
    expect(precisionRule(parseAnswerSpec({ kind: "shape" }))).toBeNull();
  });

  it("refuses a malformed tolerance with the field it is about", () => {
    expect(() => parseAnswerSpec({ kind: "number", tolerance: { type: "sigfigs", digits: 0 } })).toThrow(SpecError);
    expect(() => parseAnswerSpec({ kind: "number", tolerance: { type: "sigfigs" } })).toThrow(SpecError);
    expect(() => parseAnswerSpec({ kind: "number", tolerance: { type: "percent", digits: 3 } })).toThrow(SpecError);
    expect(() => parseAnswerSpec({ kind: "number", tolerance: { type: "sigfigs", digits: 3, rtol: 0.1 } })).toThrow(SpecError);
    expect(() => parseAnswerSpec({ kind: "matrix", tolerance: { type: "absolute", atol: 0.1 }, rtol: 1e-3 })).toThrow(
      /either tolerance or the older rtol\/atol/,
    );
  });

  it("grades a number part under its own rule", () => {
    const twoPlaces = parseAnswerSpec({ kind: "number", tolerance: { type: "decimals", digits: 2 } });
    expect(gradeAnswer(twoPlaces, "3.14", Math.PI).score).toBe(1);
    expect(gradeAnswer(twoPlaces, "3.1", Math.PI)).toMatchObject({
      score: 0,
      feedback:
        "Your answer is close but not correct to 2 decimal places: this looks like a rounding problem " +
        "rather than a wrong formula. Keep more digits in intermediate steps and round only at the end.",
    });
    expect(gradeAnswer(twoPlaces, "3", Math.PI).feedback).toBe("not the expected value");
  });
});
