/**
 * Numbers as students type them: decimal literals (`-1.5e-3`, `.5`, `2.`,
 * with a Unicode minus as pasted from rendered maths), and, for the number
 * kind, constant arithmetic (`1/2`, `2^-3`, `1.5×10^-3`) read by the
 * expression language's parser and evaluated here without eval. A power of
 * ten in the handout's notation (`4.17 x 10^-1`, `4.17 ⋅ 10⁻¹`) is read
 * here, by the same pattern as the integer kind.
 */
import { evaluateArithmetic, ExprError, floatArithmetic, parseExpression, type ExprNode } from "../expr";
import { AnswerError, AnswerErrorCode } from "./errors";
import type { ParseOutcome } from "./result";

const DECIMAL = /^[+\-−]?(?:\d+\.?\d*|\.\d+)(?:[eE][+\-−]?\d+)?$/;

/**
 * A decimal times a power of ten, as typed or pasted: 8.05371904 × 10^8,
 * ×10^{8}, ·10⁸, *10^8, *10**8, x 10^8 (x or X as times: the expression
 * language reads x as a name), and LaTeX's \times 10^{8}. Superscripts
 * are read here because the expression tokenizer does not know them.
 */
const TIMES_TEN =
  /^([+\-−]?)(\d*)(?:\.(\d*))?\s*(?:[×xX*·⋅]|\\times|\\cdot)\s*10\s*(?:(?:\^|\*\*)\s*\{?\s*([+\-−]?\d+)\s*\}?|([⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))$/;
const SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

export interface TimesTen {
  sign: string;
  whole: string;
  fraction: string;
  /** ASCII digits with an optional "-" (a Unicode minus or superscript minus is rewritten). */
  exponent: string;
}

/** `8.05371904 × 10^8` in parts, or null. The mantissa needs a digit (`.5 × 10^2`, not `. × 10^2`). */
export function parseTimesTen(text: string): TimesTen | null {
  const match = TIMES_TEN.exec(text);
  if (!match) return null;
  const [, sign, whole, fraction = "", caret, superscript] = match;
  if (whole === "" && fraction === "") return null;
  const exponent =
    caret?.replace(/[+−]/, (char) => (char === "−" ? "-" : "")) ??
    Array.from(superscript, (char) => (char === "⁻" ? "-" : char === "⁺" ? "" : String(SUPERSCRIPTS.indexOf(char)))).join("");
  return { sign: sign.replace("−", "-"), whole, fraction, exponent };
}

/** A decimal literal (the whole of `text`), or null. */
export function parseDecimal(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  return Number(text.replace(/−/g, "-"));
}

/**
 * `×`, `⋅` and LaTeX's `\times` are products in a number (1.5×10^-3, 4.17 \times 10^{-1}); the expression tokenizer
 * reads `*`. Padded to the same length, so offsets hold.
 */
export function normalizeProducts(text: string): string {
  return text.replace(/[×⋅]/g, "*").replace(/\\times(?![A-Za-z])/g, "*     ");
}

/** A decimal literal or constant arithmetic, evaluated in float64. */
export function parseNumberText(raw: string): ParseOutcome<number> {
  const text = raw.trim();
  if (text === "") return { ok: false, error: new AnswerError(AnswerErrorCode.Empty, "enter a number") };
  const decimal = parseDecimal(text);
  if (decimal !== null) return { ok: true, value: decimal };
  // Read from its digits (not as 4.17 * 10^-1 in floats), so that 4.17 × 10^-1 is exactly the literal 0.417.
  const timesTen = parseTimesTen(text);
  if (timesTen) return { ok: true, value: Number(`${timesTen.sign}${timesTen.whole || "0"}.${timesTen.fraction}e${timesTen.exponent}`) };
  try {
    const parsed = parseExpression(normalizeProducts(raw), { limits: { maxLength: 200 } });
    return { ok: true, value: evaluateConstant(parsed.root) };
  } catch (error) {
    if (error instanceof ExprError) {
      return {
        ok: false,
        error: new AnswerError(AnswerErrorCode.InvalidNumber, `not a number: ${error.reason}`, {
          offset: error.offset,
          length: error.length,
        }),
      };
    }
    if (error instanceof AnswerError) return { ok: false, error };
    throw error;
  }
}

const evaluateConstant = (root: ExprNode): number =>
  evaluateArithmetic(
    root,
    floatArithmetic((node) => {
      throw new AnswerError(AnswerErrorCode.InvalidNumber, "a number may use + − * / ^ and parentheses, but no names or functions", {
        offset: node.start,
        length: node.end - node.start,
      });
    }),
  );

/**
 * One entry of a matrix, however it arrives: typed or pasted text
 * (`[1/2, -3/4]`) and grid cells go through this one reader, so a form
 * that works in a cell works in a literal. A decimal, or constant
 * arithmetic (1/2, 2^-3, 1.5×10^-3); null when it is not a finite number.
 */
export function readEntry(text: string): number | null {
  const decimal = parseDecimal(text.trim());
  if (decimal !== null) return Number.isFinite(decimal) ? decimal : null;
  const parsed = parseNumberText(text);
  return parsed.ok && Number.isFinite(parsed.value) ? parsed.value : null;
}
