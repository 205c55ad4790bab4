/**
 * Lists of sizes, shared by the shape kind (`(N, 16, 64, 64)`,
 * `[2, 16, 64, 64]`, `torch.Size([2, 16, 64, 64])`) and the dimensions kind
 * (`m × l`, `m x l`, `(m, l)`, `n × pq`).
 *
 * A size is a monomial: a whole number times allowed symbols, written with
 * `*`, `·`, `⋅`, `\cdot` or side by side (`pq`, `3p`, `p*q`), and grouped
 * in parentheses if the student likes, so that n×pq and n × (q·p) are the
 * same answer. Brackets around the whole list are the list's own. Entries are separated by commas, `×`, `x`
 * (when x is not itself a symbol), `\times` or `by`. `ℓ` and `\ell` are read
 * as l. An x between sizes without spaces (`Nx16x64x64`, `mxl`, `nxpq`) is
 * read as × when no allowed symbol has an x in its name.
 */
import { SpecError } from "../expr";
import { AnswerError, AnswerErrorCode } from "./errors";
import type { ParseOutcome } from "./result";

export interface Size {
  coefficient: number;
  /** Sorted, with repetition (p·p is ["p", "p"]). */
  symbols: string[];
}

const MAX_LENGTH = 500;

type TokenKind = "number" | "name" | "open" | "close" | "separator" | "product";
interface Token {
  kind: TokenKind;
  text: string;
  offset: number;
  length: number;
}

function tokenize(raw: string, symbols: ReadonlySet<string>): Token[] {
  const tokens: Token[] = [];
  const rules: [RegExp, (text: string) => TokenKind | null][] = [
    [/^\s+/, () => null],
    [/^\d+(?:\.\d*)?/, () => "number"],
    [/^\\times/, () => "separator"],
    [/^\\cdot/, () => "product"],
    [/^\\ell/, () => "name"],
    [/^[A-Za-z_ℓ][A-Za-z0-9_]*/, (text) => ((text === "x" || text === "X" || text === "by") && !symbols.has(text) ? "separator" : "name")],
    [/^[([]/, () => "open"],
    [/^[)\]]/, () => "close"],
    [/^[,×]/, () => "separator"],
    [/^[*·⋅]/, () => "product"],
  ];
  let offset = 0;
  while (offset < raw.length) {
    const rest = raw.slice(offset);
    const rule = rules.find(([pattern]) => pattern.test(rest));
    if (!rule) throw new AnswerError(AnswerErrorCode.InvalidSyntax, `unexpected “${rest[0]}”`, { offset, length: 1 });
    const text = (rule[0].exec(rest) as RegExpExecArray)[0];
    const kind = rule[1](text);
    const token = { kind, text: text === "\\ell" || text === "ℓ" ? "l" : text, offset, length: text.length };
    if (kind === "name") tokens.push(...(splitOnTimes(token as Token, symbols) ?? [token as Token]));
    else if (kind) tokens.push(token as Token);
    offset += text.length;
  }
  return tokens;
}

/** An allowed symbol, or a run of one-letter symbols written together (pq = p·q); null when it is neither. */
function readSymbols(name: string, symbols: ReadonlySet<string>): string[] | null {
  if (symbols.has(name)) return [name];
  const letters = [...name];
  return letters.length > 1 && letters.every((letter) => symbols.has(letter)) ? letters : null;
}

/**
 * `Nx16x64x64`, `mxl`, `nxpq` (and the `x64x64` of `16x64x64`, after its
 * number): a name that is no symbol, but whose pieces between x's are all
 * sizes, as sizes separated by ×. Null when the name is a symbol or its
 * pieces are not sizes: the parser then says the name is unknown. When an
 * allowed symbol has an x in its name, the x's could belong to it, so the
 * student is asked to write the × out.
 */
function splitOnTimes(token: Token, symbols: ReadonlySet<string>): Token[] | null {
  if (readSymbols(token.text, symbols) || !/[xX]/.test(token.text)) return null;
  const pieces = token.text.split(/[xX]/);
  // A piece is a size as 16, p, pq or 2n are: a whole number, symbols, or both.
  const isSize = (piece: string, i: number) => {
    const name = piece.replace(/^\d+/, "");
    return piece === "" ? i === 0 : name === "" || readSymbols(name, symbols) !== null;
  };
  if (!pieces.every(isSize)) return null;
  if ([...symbols].some((symbol) => /[xX]/.test(symbol))) {
    const example = pieces[0] === "" ? "" : ` (${pieces.join(" × ")})`;
    throw new AnswerError(
      AnswerErrorCode.UnknownSymbol,
      `unknown symbol ${token.text}: to separate sizes, write × with spaces around it${example}`,
      { offset: token.offset, length: token.length },
    );
  }
  const tokens: Token[] = [];
  let offset = token.offset;
  pieces.forEach((piece, i) => {
    if (i > 0) tokens.push({ kind: "separator", text: token.text[offset - token.offset], offset: offset++, length: 1 });
    const digits = (/^\d*/.exec(piece) as RegExpExecArray)[0];
    if (digits !== "") tokens.push({ kind: "number", text: digits, offset, length: digits.length });
    const name = piece.slice(digits.length);
    if (name !== "") tokens.push({ kind: "name", text: name, offset: offset + digits.length, length: name.length });
    offset += piece.length;
  });
  return tokens;
}

/**
 * Parses a list of sizes. `symbols` are the names the part allows; anything
 * else is an UnknownSymbol error at its place.
 */
export function parseSizeList(raw: string, allowed: readonly string[]): ParseOutcome<Size[]> {
  if (raw.length > MAX_LENGTH) {
    return {
      ok: false,
      error: new AnswerError(AnswerErrorCode.TooLong, `at most ${MAX_LENGTH} characters`, {
        offset: MAX_LENGTH,
        length: raw.length - MAX_LENGTH,
      }),
    };
  }
  const text = raw.replace(
    /^\s*torch\s*\.\s*Size\s*\(\s*(.*?)\s*\)\s*$/s,
    (whole, inner: string) => " ".repeat(whole.indexOf(inner)) + inner,
  );
  if (text.trim() === "") return { ok: false, error: new AnswerError(AnswerErrorCode.Empty, "enter the sizes") };
  try {
    return { ok: true, value: new SizeParser(tokenize(text, new Set(allowed)), new Set(allowed), text.length).parse() };
  } catch (error) {
    if (error instanceof AnswerError) return { ok: false, error };
    throw error;
  }
}

class SizeParser {
  private position = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly symbols: ReadonlySet<string>,
    private readonly end: number,
  ) {}

  parse(): Size[] {
    const open = this.enclosesAll() ? this.tokens[this.position++] : null;
    const sizes: Size[] = [];
    while (this.position < this.tokens.length && this.peek()?.kind !== "close") {
      sizes.push(this.parseSize());
      const next = this.peek();
      if (next?.kind === "separator") {
        this.position++;
      } else if (next !== undefined && next.kind !== "close") {
        this.fail(next, `unexpected “${next.text}”: separate sizes with commas or ×`);
      }
    }
    if (open) {
      const close = this.peek();
      if (!close)
        throw new AnswerError(AnswerErrorCode.InvalidSyntax, `this “${open.text}” is never closed`, { offset: open.offset, length: 1 });
      this.position++;
      const extra = this.peek();
      if (extra) this.fail(extra, `unexpected “${extra.text}” after the closing bracket`);
    } else if (this.peek()) {
      this.fail(this.peek() as Token, `unexpected “${(this.peek() as Token).text}”`);
    }
    return sizes;
  }

  /** True when the first token is a bracket closed by the last one: the list's own brackets, not a group such as (q·p) × n. */
  private enclosesAll(): boolean {
    if (this.tokens[0]?.kind !== "open") return false;
    let depth = 0;
    for (let i = 0; i < this.tokens.length; i++) {
      if (this.tokens[i].kind === "open") depth++;
      else if (this.tokens[i].kind === "close" && --depth === 0) return i === this.tokens.length - 1;
    }
    return true; // never closed: parse() says so
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private fail(token: Token, message: string, code = AnswerErrorCode.InvalidSyntax): never {
    throw new AnswerError(code, message, { offset: token.offset, length: token.length });
  }

  /** Factors side by side or joined by products: 3, N, pq, p*q, 2·n, (q·p). */
  private parseSize(group?: Token): Size {
    const size: Size = { coefficient: 1, symbols: [] };
    let factors = 0;
    for (;;) {
      const token = this.peek();
      if (token === undefined || token.kind === "separator" || token.kind === "close") break;
      if (token.kind === "product") {
        if (factors === 0) this.fail(token, `a size cannot start with “${token.text}”`);
        this.position++;
        continue;
      }
      this.position++;
      factors++;
      if (token.kind === "open") {
        if (group) this.fail(token, "brackets cannot be nested here");
        const inner = this.parseSize(token);
        const close = this.peek();
        if (close?.kind !== "close")
          this.fail(close ?? token, close ? "one size per bracket: separate sizes outside it" : `this “${token.text}” is never closed`);
        this.position++;
        size.coefficient *= inner.coefficient;
        size.symbols.push(...inner.symbols);
        continue;
      }
      if (token.kind === "number") {
        if (!/^\d+$/.test(token.text)) this.fail(token, "sizes are whole numbers", AnswerErrorCode.NotAnInteger);
        size.coefficient *= Number(token.text);
      } else {
        size.symbols.push(...this.symbolsOf(token));
      }
    }
    if (factors === 0) {
      const at = this.peek() ?? { offset: this.end, length: 0, text: "", kind: "close" as const };
      this.fail(at, "a size is missing here");
    }
    size.symbols.sort();
    return size;
  }

  /** An allowed symbol, or a run of one-letter symbols written together (pq = p·q). */
  private symbolsOf(token: Token): string[] {
    const symbols = readSymbols(token.text, this.symbols);
    if (symbols) return symbols;
    const allowed = [...this.symbols];
    const message =
      allowed.length === 0
        ? `${token.text} is not a number: this part asks for numeric sizes`
        : `unknown symbol ${token.text}: this part allows ${allowed.join(", ")}`;
    return this.fail(token, message, AnswerErrorCode.UnknownSymbol);
  }
}

export function sameSize(a: Size, b: Size): boolean {
  return (
    a.coefficient === b.coefficient && a.symbols.length === b.symbols.length && a.symbols.every((symbol, i) => symbol === b.symbols[i])
  );
}

/** `16`, `N`, `pq`, `3n`, `p·q_2` (a dot only where names are longer than a letter). */
export function formatSize(size: Size): string {
  const joined = size.symbols.every((symbol) => symbol.length === 1) ? size.symbols.join("") : size.symbols.join("·");
  if (size.symbols.length === 0) return String(size.coefficient);
  return size.coefficient === 1 ? joined : `${size.coefficient}${size.symbols[0].length === 1 ? "" : "·"}${joined}`;
}

/** A reference entry: a number, or a size written as a student would (`N`, `p*q`). Throws SpecError. */
export function referenceSizes(reference: readonly (number | string)[], allowed: readonly string[]): Size[] {
  return reference.map((entry, i) => {
    if (typeof entry === "number") {
      if (!Number.isInteger(entry) || entry < 0) throw new SpecError(`reference.${i}`, `${entry} is not a size`);
      return { coefficient: entry, symbols: [] };
    }
    const parsed = parseSizeList(entry, allowed);
    if (!parsed.ok || parsed.value.length !== 1)
      throw new SpecError(`reference.${i}`, `“${entry}” is not one size over the symbols ${allowed.join(", ")}`);
    return parsed.value[0];
  });
}

/** The text of a raw shape answer: a string as is, or an array of sizes such as [2, 16, 64, 64] or ["N", 16]. */
export function sizeListText(raw: unknown): string | null {
  if (typeof raw === "string") return raw;
  if (Array.isArray(raw) && raw.every((entry) => typeof entry === "number" || typeof entry === "string"))
    return `(${raw.join(", ")}${raw.length === 1 ? "," : ""})`;
  return null;
}
