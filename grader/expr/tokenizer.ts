/**
 * Turns an expression into tokens, folding the accepted spellings into the
 * canonical operators as it goes (notation.ts lists them: `∘`, `⊙`, `.*`,
 * `\odot` → `*`; `^T`, `'`, `ᵀ`, `^\top` → `.T`; `σ`, `\sigma` →
 * `sigmoid`; `·`, `⋅`, `\cdot` → `@`; braces → parentheses; `\frac{a}{b}`
 * → `(a / b)`). Every token keeps the span of the text the student typed,
 * so errors and the "interpreted as" preview point at it.
 */
import { ExprError, ExprErrorCode } from "./errors";
import {
  KEYWORD_ARGUMENTS,
  LATEX_COMMANDS,
  LATEX_GREEK,
  LATEX_NAME_WRAPPERS,
  NAME_SYMBOLS,
  OPERATOR_CHARACTERS,
  TRANSPOSE_MARKS,
} from "./notation";

export type TokenKind = "number" | "name" | "op" | "transpose" | "member" | "lparen" | "rparen" | "comma" | "end";

/** Canonical operators. `**` and `^` are both the power. */
export type Operator = "+" | "-" | "*" | "/" | "@" | "**";

export interface Token {
  kind: TokenKind;
  /** The canonical text: the operator, the name (`sigmoid` for `σ`), the method after a `.`, or the number as typed. */
  text: string;
  offset: number;
  length: number;
  /** The text as typed when it differs from the canonical one (an alias). */
  typed?: string;
}

const IDENTIFIER_START = /[\p{L}_]/u;
const IDENTIFIER_PART = /[\p{L}\p{N}_]/u;
const DIGIT = /[0-9]/;
const LETTER = /[A-Za-z]/;

/** `ᵀ` is a letter to Unicode (a modifier letter) but a transpose here: `W1ᵀ` is W1.T. */
function isIdentifierPart(char: string | undefined): boolean {
  return char !== undefined && IDENTIFIER_PART.test(char) && !TRANSPOSE_MARKS.has(char);
}

/** What closing a brace does: end a group, or end a \frac argument. */
type BraceRole = "group" | "numerator" | "denominator";

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const braces: BraceRole[] = [];
  let i = 0;
  const push = (kind: TokenKind, text: string, offset: number, length: number) => {
    const typed = input.slice(offset, offset + length);
    tokens.push(typed === text || length === 0 ? { kind, text, offset, length } : { kind, text, offset, length, typed });
  };
  const skipSpaces = () => {
    while (i < input.length && /\s/.test(input[i])) i++;
  };
  /** One argument of \frac: a braced group, or a single digit or letter (\frac12, \frac1n). */
  const fracArgument = (role: "numerator" | "denominator", at: number) => {
    skipSpaces();
    const char = input[i];
    if (char === "{") {
      push("lparen", "(", i, 1);
      braces.push(role);
      i++;
      return;
    }
    if (char !== undefined && (DIGIT.test(char) || LETTER.test(char))) {
      push(DIGIT.test(char) ? "number" : "name", char, i, 1);
      i++;
      endFracArgument(role, at);
      return;
    }
    throw new ExprError(
      ExprErrorCode.UnexpectedToken,
      "\\frac needs two arguments",
      { offset: at, length: i - at },
      { hint: "write \\frac{a}{b}, or a / b" },
    );
  };
  const endFracArgument = (role: "numerator" | "denominator", at: number) => {
    if (role === "numerator") {
      push("op", "/", i, 0);
      fracArgument("denominator", at);
    } else {
      push("rparen", ")", i, 0);
    }
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
    if (char === "." && IDENTIFIER_START.test(input[i + 1] ?? "")) {
      // A method or a module member: `.dot(`, `.transpose()`, `np.exp`; the parser decides.
      let j = i + 1;
      while (isIdentifierPart(input[j])) j++;
      push("member", input.slice(i + 1, j), i, j - i);
      i = j;
      continue;
    }
    if (TRANSPOSE_MARKS.has(char)) {
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
      const end = superscriptTransposeEnd(input, i + 1);
      if (end !== null) {
        push("transpose", ".T", i, end - i);
        i = end;
        continue;
      }
    }
    if (char in OPERATOR_CHARACTERS) {
      push("op", OPERATOR_CHARACTERS[char], i, 1);
      i += 1;
      continue;
    }
    if (char === "(" || char === "{") {
      if (char === "{") braces.push("group");
      push("lparen", "(", i, 1);
      i += 1;
      continue;
    }
    if (char === ")") {
      push("rparen", ")", i, 1);
      i += 1;
      continue;
    }
    if (char === "}") {
      push("rparen", ")", i, 1);
      i += 1;
      const role = braces.pop();
      if (role === "numerator" || role === "denominator") endFracArgument(role, i);
      continue;
    }
    if (char === ",") {
      push("comma", ",", i, 1);
      i += 1;
      continue;
    }
    if (char === "\\") {
      const fraction = /^\\[dt]?frac(?![A-Za-z])/.exec(input.slice(i));
      if (fraction) {
        // \frac{a}{b} is read as (a / b): the parentheses keep it one operand.
        const at = i;
        push("lparen", "(", i, fraction[0].length);
        i += fraction[0].length;
        fracArgument("numerator", at);
        continue;
      }
      i = latexCommand(input, i, push);
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
        if (!isIdentifierPart(nextChar)) break;
        j += nextChar.length;
      }
      j = indexEnd(input, j);
      const name = input.slice(i, j);
      const keyword = /^\s*=(?!=)/.exec(input.slice(j));
      if (KEYWORD_ARGUMENTS.has(name) && keyword && tokens.at(-1)?.kind === "comma") {
        // `dim=0` after a comma: the keyword says nothing the argument's position does not.
        i = j + keyword[0].length;
        continue;
      }
      push("name", Object.hasOwn(NAME_SYMBOLS, name) ? NAME_SYMBOLS[name] : name, i, j - i);
      i = j;
      continue;
    }
    throw new ExprError(ExprErrorCode.UnexpectedCharacter, `unexpected character “${codePoint}”`, { offset: i, length: codePoint.length });
  }
  tokens.push({ kind: "end", text: "", offset: input.length, length: 0 });
  return tokens;
}

/**
 * The end of a transpose written as a superscript after the `^` at
 * `start - 1`: `T`, `\top`, `⊤` or `ᵀ`, bare or in braces; null if the
 * superscript is something else (a power). A name starting with T after ^
 * (`x^Tx`) is not a transpose: a dimension or variable may never be named T.
 */
function superscriptTransposeEnd(input: string, start: number): number | null {
  const match = /^\s*(\{\s*)?(T(?![\p{L}\p{N}_])|\\top(?![A-Za-z])|\\intercal(?![A-Za-z])|⊤|ᵀ)\s*/u.exec(input.slice(start));
  if (!match) return null;
  let end = start + match[0].length;
  if (match[1] !== undefined) {
    if (input[end] !== "}") return null;
    end++;
  }
  return end;
}

/**
 * Where a name ends once its index is taken in: `W_{0}` and `W^{(0)}` or
 * `W^(0)` are one name (resolved against the problem's names by the
 * parser, notation.ts); `W_0` already is one.
 */
function indexEnd(input: string, end: number): number {
  const rest = input.slice(end);
  const index =
    input[end - 1] === "_"
      ? /^\{\s*[A-Za-z0-9]+\s*\}/.exec(rest)
      : /^\^\s*(?:\{\s*\(\s*[A-Za-z0-9]+\s*\)\s*\}|\(\s*[A-Za-z]?[0-9]+\s*\))/.exec(rest);
  return index ? end + index[0].length : end;
}

/** Reads the LaTeX command at `start` (a backslash) and returns where reading goes on. */
function latexCommand(input: string, start: number, push: (kind: TokenKind, text: string, offset: number, length: number) => void): number {
  const word = /^\\([A-Za-z]+)/.exec(input.slice(start));
  if (!word) {
    // `\,`, `\;`, `\!`, `\ `: LaTeX spacing.
    if (/[,;:! ]/.test(input[start + 1] ?? "")) return start + 2;
    throw new ExprError(ExprErrorCode.UnexpectedCharacter, "unexpected character “\\”", { offset: start, length: 1 });
  }
  const command = word[1];
  const end = start + word[0].length;
  const meaning = Object.hasOwn(LATEX_COMMANDS, command) ? LATEX_COMMANDS[command] : undefined;
  if (meaning?.kind === "op") push("op", meaning.operator, start, end - start);
  else if (meaning?.kind === "name") push("name", meaning.name, start, end - start);
  else if (meaning?.kind === "transpose") push("transpose", ".T", start, end - start);
  else if (meaning === undefined && LATEX_GREEK.has(command)) push("name", command, start, end - start);
  else if (meaning === undefined && LATEX_NAME_WRAPPERS.has(command)) {
    const wrapped = /^\s*\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}/.exec(input.slice(end));
    if (!wrapped)
      throw new ExprError(ExprErrorCode.UnexpectedToken, `\\${command} needs a name in braces`, { offset: start, length: end - start });
    const name = wrapped[1];
    push("name", name, start, end + wrapped[0].length - start);
    return end + wrapped[0].length;
  } else if (meaning === undefined) {
    throw new ExprError(
      ExprErrorCode.UnexpectedCharacter,
      `unknown LaTeX command \\${command}`,
      { offset: start, length: end - start },
      {
        hint: "write @ for the matrix product, * for the elementwise product, .T for the transpose",
      },
    );
  }
  return end;
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
  if (
    (input[j] === "e" || input[j] === "E") &&
    /[0-9]/.test(input[j + 1] === "+" || input[j + 1] === "-" ? (input[j + 2] ?? "") : (input[j + 1] ?? ""))
  ) {
    j += input[j + 1] === "+" || input[j + 1] === "-" ? 2 : 1;
    while (DIGIT.test(input[j] ?? "")) j++;
  }
  return j - start;
}
