/**
 * Turns an expression into tokens, folding the math aliases into the
 * canonical operators as it goes (`∘`, `⊙`, `.*` → `*`; `^T`, `'` → `.T`;
 * `σ` → `sigmoid`; `·` → `@`). Every token keeps the span of the text the
 * student typed, so errors and the "interpreted as" preview point at it.
 */
import { ExprError, ExprErrorCode } from "./errors";

export type TokenKind = "number" | "name" | "op" | "transpose" | "lparen" | "rparen" | "comma" | "end";

/** Canonical operators. `**` and `^` are both the power. */
export type Operator = "+" | "-" | "*" | "/" | "@" | "**";

export interface Token {
  kind: TokenKind;
  /** The canonical text: the operator, the name (`sigmoid` for `σ`), or the number as typed. */
  text: string;
  offset: number;
  length: number;
  /** The text as typed when it differs from the canonical one (an alias). */
  typed?: string;
}

const SINGLE_CHAR_OPERATORS: Record<string, Operator> = {
  "+": "+",
  "-": "-",
  "−": "-", // U+2212 MINUS SIGN, as pasted from rendered maths
  "/": "/",
  "@": "@",
  "·": "@", // U+00B7 MIDDLE DOT
  "∘": "*", // U+2218 RING OPERATOR
  "⊙": "*", // U+2299 CIRCLED DOT
  "^": "**",
};

const IDENTIFIER_START = /[\p{L}_]/u;
const IDENTIFIER_PART = /[\p{L}\p{N}_]/u;
const DIGIT = /[0-9]/;

function isIdentifierPart(char: string | undefined): boolean {
  return char !== undefined && IDENTIFIER_PART.test(char);
}

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, text: string, offset: number, length: number) => {
    const typed = input.slice(offset, offset + length);
    tokens.push(typed === text ? { kind, text, offset, length } : { kind, text, offset, length, typed });
  };

  while (i < input.length) {
    const char = input[i];
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    if (DIGIT.test(char) || (char === "." && DIGIT.test(input[i + 1] ?? ""))) {
      const length = scanNumber(input, i);
      push("number", input.slice(i, i + length), i, length);
      i += length;
      continue;
    }
    if (char === "." && input[i + 1] === "T" && !isIdentifierPart(input[i + 2])) {
      push("transpose", ".T", i, 2);
      i += 2;
      continue;
    }
    if (char === "." && input[i + 1] === "*") {
      push("op", "*", i, 2);
      i += 2;
      continue;
    }
    if (char === "'" || char === "’") {
      push("transpose", ".T", i, 1);
      i += 1;
      continue;
    }
    if (char === "*" && input[i + 1] === "*") {
      push("op", "**", i, 2);
      i += 2;
      continue;
    }
    if (char === "*") {
      push("op", "*", i, 1);
      i += 1;
      continue;
    }
    if (char === "^") {
      // `^T` is the transpose; a dimension or variable may never be named T.
      let j = i + 1;
      while (j < input.length && (input[j] === " " || input[j] === "\t")) j++;
      if (input[j] === "T" && !isIdentifierPart(input[j + 1])) {
        push("transpose", ".T", i, j + 1 - i);
        i = j + 1;
        continue;
      }
    }
    if (char in SINGLE_CHAR_OPERATORS) {
      push("op", SINGLE_CHAR_OPERATORS[char], i, 1);
      i += 1;
      continue;
    }
    if (char === "(") {
      push("lparen", "(", i, 1);
      i += 1;
      continue;
    }
    if (char === ")") {
      push("rparen", ")", i, 1);
      i += 1;
      continue;
    }
    if (char === ",") {
      push("comma", ",", i, 1);
      i += 1;
      continue;
    }
    // Identifiers, by code point so that astral letters (𝑥) stay whole.
    const codePoint = String.fromCodePoint(input.codePointAt(i) as number);
    if (IDENTIFIER_START.test(codePoint)) {
      let j = i + codePoint.length;
      for (;;) {
        const next = input.codePointAt(j);
        if (next === undefined) break;
        const nextChar = String.fromCodePoint(next);
        if (!IDENTIFIER_PART.test(nextChar)) break;
        j += nextChar.length;
      }
      const name = input.slice(i, j);
      push("name", name === "σ" ? "sigmoid" : name, i, j - i);
      i = j;
      continue;
    }
    throw new ExprError(ExprErrorCode.UnexpectedCharacter, `unexpected character “${codePoint}”`, { offset: i, length: codePoint.length });
  }
  tokens.push({ kind: "end", text: "", offset: input.length, length: 0 });
  return tokens;
}

/**
 * Length of the number starting at `start`: digits, an optional fraction and
 * an optional exponent. A `.` followed by `T` or `*` is left alone, so that
 * `2.*x` is 2 times x, as in MATLAB.
 */
function scanNumber(input: string, start: number): number {
  let j = start;
  while (DIGIT.test(input[j] ?? "")) j++;
  if (input[j] === "." && DIGIT.test(input[j + 1] ?? "")) {
    j++;
    while (DIGIT.test(input[j] ?? "")) j++;
  } else if (input[j] === "." && input[j + 1] !== "T" && input[j + 1] !== "*" && j > start) {
    j++; // `2.` is a number, as in Python
  }
  if ((input[j] === "e" || input[j] === "E") && /[0-9]/.test(input[j + 1] === "+" || input[j + 1] === "-" ? (input[j + 2] ?? "") : (input[j + 1] ?? ""))) {
    j += input[j + 1] === "+" || input[j + 1] === "-" ? 2 : 1;
    while (DIGIT.test(input[j] ?? "")) j++;
  }
  return j - start;
}
