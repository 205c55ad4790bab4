/**
 * The integer kind: exact, with the ways counts are written: `1180224`,
 * `1,180,224` (or with spaces, no-break or thin spaces or underscores between groups of
 * three, and `1,180,224.0`), `1.180224e6`, `1.180224 × 10^6` (or ×10⁶, ·10^6, *10**6), `448.0`, and arithmetic such as
 * `3*16*3*3 + 16`, `2**10`, `8·16·16·4·12·12 + 4·12·12` or `8x16x16x4x12x12 + 4x12x12`. Values are BigInts, so
 * nothing is rounded.
 */
import { evaluateArithmetic, ExprError, fingerprintValues, parseExpression, type ExprNode, type ParsedExpression } from "../expr";
import { AnswerError, AnswerErrorCode } from "./errors";
import { normalizeProducts, parseTimesTen } from "./numbers";
import { graded, invalid, type GradeResult, type ParseOutcome, type RawAnswer } from "./result";
import type { SpecOf } from "./spec";
import type { KnownMistakeValue } from "./context";

type IntegerSpec = SpecOf<"integer">;

/** Results beyond this many bits are refused before they are computed (2^4096 has 1234 digits). */
const MAX_BITS = 4096;
const MAX_LENGTH = 300;

const PLAIN = /^[+\-−]?\d+$/;
/** Groups of three between commas, underscores, or spaces as pasted (no-break U+00A0, thin U+2009, narrow no-break U+202F). */
const GROUP_SEPARATORS = /[,_ \u00a0\u2009\u202f]/g;
/** Also with a fraction, as in 1,180,224.0: whole or not is decided on its digits, as for 448.0. */
const GROUPED = /^[+\-−]?\d{1,3}(?:[,_ \u00a0\u2009\u202f]\d{3})+(?:\.\d*)?$/;
/** A decimal with an optional exponent: 1.180224e6, 448.0. Whole or not is decided on its digits. */
const SCIENTIFIC = /^([+\-−]?)(\d+)(?:\.(\d*))?(?:[eE]([+\-−]?\d+))?$/;

export function parseIntegerAnswer(spec: IntegerSpec, raw: RawAnswer): ParseOutcome<bigint> {
  if (typeof raw === "number") {
    return Number.isSafeInteger(raw)
      ? { ok: true, value: BigInt(raw) }
      : {
          ok: false,
          error: new AnswerError(
            AnswerErrorCode.NotAnInteger,
            `${raw} is not a whole number (or too large to be read exactly from a JSON number)`,
          ),
        };
  }
  if (typeof raw !== "string") return { ok: false, error: new AnswerError(AnswerErrorCode.InvalidNumber, "enter a whole number") };
  if (raw.length > MAX_LENGTH) {
    return {
      ok: false,
      error: new AnswerError(AnswerErrorCode.TooLong, `at most ${MAX_LENGTH} characters`, {
        offset: MAX_LENGTH,
        length: raw.length - MAX_LENGTH,
      }),
    };
  }
  const text = raw.trim();
  const start = raw.indexOf(text);
  if (text === "") return { ok: false, error: new AnswerError(AnswerErrorCode.Empty, "enter a whole number") };
  const sign = (s: string) => (s === "-" || s === "−" ? -1n : 1n);

  if (PLAIN.test(text)) return { ok: true, value: BigInt(text.replace("−", "-")) };
  const scientific = SCIENTIFIC.exec(GROUPED.test(text) ? text.replace(GROUP_SEPARATORS, "") : text) ?? timesTen(text);
  if (scientific) return scientificInteger(scientific, sign, start, text.length);
  const badGroup = badGrouping(text);
  if (badGroup)
    return {
      ok: false,
      error: new AnswerError(AnswerErrorCode.InvalidGrouping, badGroup.message, {
        offset: start + badGroup.offset,
        length: badGroup.length,
      }),
    };
  if (!spec.allowArithmetic) {
    return {
      ok: false,
      error: new AnswerError(AnswerErrorCode.InvalidNumber, "enter a whole number, such as 1180224 or 1,180,224", {
        offset: start,
        length: text.length,
      }),
    };
  }
  return arithmeticInteger(raw);
}

/** `8.05371904 × 10^8` (numbers.ts reads the notations) as SCIENTIFIC's groups (sign, whole, fraction, exponent), or null. */
function timesTen(text: string): string[] | null {
  const parts = parseTimesTen(text);
  return parts && [text, parts.sign, parts.whole || "0", parts.fraction, parts.exponent];
}

/**
 * `8x16x16` is a product when x stands between two numbers (the expression
 * language would read x16 as a name). Only there: x next to a name stays
 * a name, refused as such. The same length, so offsets hold.
 */
function timesBetweenNumbers(text: string): string {
  return text.replace(/(?<=\d\s*)[xX](?=\s*\d)/g, "*");
}

/** 1.180224e6 is 1180224; 1.1802245e6 and 448.5 are not whole numbers. Decided on the digits, not on a float. */
function scientificInteger(
  match: readonly (string | undefined)[],
  sign: (s: string) => bigint,
  offset: number,
  length: number,
): ParseOutcome<bigint> {
  const [, signText = "", whole = "0", fraction = "", exponentText = "0"] = match;
  const exponent = Number(exponentText.replace("−", "-"));
  const digits = (whole + fraction).replace(/^0+(?=\d)/, "");
  const shift = exponent - fraction.length;
  if (shift > MAX_BITS / 3)
    return { ok: false, error: new AnswerError(AnswerErrorCode.TooLong, "this number is too large", { offset, length }) };
  if (shift >= 0) return { ok: true, value: sign(signText) * BigInt(digits) * 10n ** BigInt(shift) };
  const dropped = digits.slice(Math.max(0, digits.length + shift));
  if (/[1-9]/.test(dropped)) {
    return { ok: false, error: new AnswerError(AnswerErrorCode.NotAnInteger, "this is not a whole number", { offset, length }) };
  }
  const kept = digits.slice(0, Math.max(0, digits.length + shift)) || "0";
  return { ok: true, value: sign(signText) * BigInt(kept) };
}

/** Where `1,18,0224` goes wrong: the first group after a separator that is not three digits. */
function badGrouping(text: string): { offset: number; length: number; message: string } | null {
  if (!/^[+\-−]?\d+(?:,\d+)+$/.test(text)) return null;
  const groups = text.split(",");
  let offset = groups[0].length + 1;
  if (groups[0].replace(/^[+\-−]/, "").length > 3)
    return { offset: 0, length: groups[0].length, message: "the first group before a comma has at most 3 digits" };
  for (const group of groups.slice(1)) {
    if (group.length !== 3) return { offset, length: group.length, message: "digits between commas come in groups of 3" };
    offset += group.length + 1;
  }
  return null;
}

function arithmeticInteger(raw: string): ParseOutcome<bigint> {
  let parsed: ParsedExpression;
  try {
    parsed = parseExpression(timesBetweenNumbers(normalizeProducts(raw)), { limits: { maxLength: MAX_LENGTH } });
  } catch (error) {
    if (!(error instanceof ExprError)) throw error;
    return {
      ok: false,
      error: new AnswerError(AnswerErrorCode.InvalidNumber, `not a whole number: ${error.reason}`, {
        offset: error.offset,
        length: error.length,
      }),
    };
  }
  try {
    return { ok: true, value: evaluateExactly(parsed.root, raw) };
  } catch (error) {
    if (error instanceof AnswerError) return { ok: false, error };
    throw error;
  }
}

/** + − × and ^ on whole numbers, exactly; a division must come out whole. */
function evaluateExactly(root: ExprNode, source: string): bigint {
  const fail = (node: ExprNode, code: AnswerErrorCode, message: string): never => {
    throw new AnswerError(code, message, { offset: node.start, length: node.end - node.start });
  };
  return evaluateArithmetic<bigint>(root, {
    literal: (node) => {
      const text = source.slice(node.start, node.end);
      return /^\d+$/.test(text) ? BigInt(text) : fail(node, AnswerErrorCode.NotAnInteger, `${text} is not a whole number`);
    },
    negate: (value) => -value,
    add: (left, right) => left + right,
    subtract: (left, right) => left - right,
    multiply: (left, right, node) =>
      bitLength(left) + bitLength(right) - 1 > MAX_BITS ? fail(node, AnswerErrorCode.TooLong, "this number is too large") : left * right,
    divide: (left, right, node) => {
      if (right === 0n) return fail(node, AnswerErrorCode.InvalidNumber, "division by zero");
      if (left % right !== 0n) return fail(node, AnswerErrorCode.NotAnInteger, "this division does not come out whole");
      return left / right;
    },
    power: (base, exponent, node) => {
      if (!Number.isInteger(exponent) || exponent < 0)
        return fail(node, AnswerErrorCode.NotAnInteger, "an exponent here must be a whole number ≥ 0");
      // (bits − 1)·exponent + 1 is the fewest bits the power can have: refuse before computing it.
      if ((bitLength(base) - 1) * exponent + 1 > MAX_BITS) return fail(node, AnswerErrorCode.TooLong, "this number is too large");
      return base ** BigInt(exponent);
    },
    other: (node) =>
      fail(node, AnswerErrorCode.InvalidNumber, "a whole number may use + − * / ^ and parentheses, but no names or functions"),
  });
}

function bitLength(value: bigint): number {
  return (value < 0n ? -value : value).toString(2).length;
}

export function gradeIntegerAnswer(
  spec: IntegerSpec,
  raw: RawAnswer,
  reference: number | bigint,
  mistakes: readonly KnownMistakeValue<number | bigint>[] = [],
): GradeResult {
  const parsed = parseIntegerAnswer(spec, raw);
  if (!parsed.ok) return invalid(parsed.error);
  const answer = parsed.value;
  // The fingerprint hashes the decimal digits, so that huge counts stay distinct.
  const fingerprint = fingerprintValues([{ shape: [-1], data: Array.from(answer.toString(), (digit) => digit.charCodeAt(0)) }]);
  if (answer === BigInt(reference)) return graded({ score: 1, feedback: "correct", fingerprint });
  const mistake = mistakes.find((candidate) => BigInt(candidate.value) === answer);
  return graded({ score: 0, feedback: mistake?.message ?? "not the expected count", mistake, fingerprint });
}
