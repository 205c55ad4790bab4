/**
 * Numbers as students type them: decimal literals (`-1.5e-3`, `.5`, `2.`,
 * with a Unicode minus as pasted from rendered maths), and, for the number
 * kind, constant arithmetic (`1/2`, `2^-3`, `1.5×10^-3`) read by the
 * expression language's parser and evaluated here without eval.
 */
import { evaluateArithmetic, ExprError, floatArithmetic, parseExpression, type ExprNode } from "../expr";
import { AnswerError, AnswerErrorCode } from "./errors";
import type { ParseOutcome } from "./result";

const DECIMAL = /^[+\-−]?(?:\d+\.?\d*|\.\d+)(?:[eE][+\-−]?\d+)?$/;

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
