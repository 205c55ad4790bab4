/**
 * Reading a matrix or tensor from what students paste:
 *
 *   NumPy / PyTorch  np.array([[1, 2], [3, 4]]), torch.tensor(...), [[1, 2], [3, 4]],
 *                    and NumPy's printed form [[1. 2.]\n [3. 4.]] (no commas)
 *   MATLAB           [1 2; 3 4], [1, 2; 3, 4]
 *   LaTeX            \begin{bmatrix}1&2\\3&4\end{bmatrix} (also pmatrix, matrix, vmatrix, array)
 *   a plain grid     rows on lines (or separated by ;), entries by spaces, tabs or commas
 *   a grid of cells  nested arrays of numbers or strings, from the answer grid
 *
 *   rows by line     [1, 2]\n[3, 4], one bracketed row per line
 *   a tuple          (1, 2, 3), a vector
 *
 * A flat list written without rows (`[1, 2, 3]`, `(1, 2, 3)`, `1 2 3`) has no
 * orientation: it is a 1-D vector, which grading matches against an n×1 or
 * a 1×n reference alike. A transposed list (`[1 2 3]^T`, `.T`, `'`, `ᵀ`)
 * is a column, n×1, and so does not match a 1×n reference; a transposed
 * matrix is its transpose. Layout is row-major.
 */
import { AnswerError, AnswerErrorCode } from "./errors";
import { readEntry } from "./numbers";
import type { ParseOutcome, RawAnswer } from "./result";

export interface MatrixValue {
  /** [] for a single number, [n] for a vector without orientation, [m, n] for a matrix, more for a tensor. */
  shape: number[];
  /** Row-major entries. */
  data: number[];
}

export const MAX_TEXT_LENGTH = 200_000;
export const MAX_ENTRIES = 40_000;
const MAX_DEPTH = 8;

type Outcome = ParseOutcome<MatrixValue>;

const fail = (code: AnswerErrorCode, message: string, offset?: number, length?: number): Outcome => ({
  ok: false,
  error: new AnswerError(code, message, offset === undefined ? {} : { offset, length: length ?? 0 }),
});

export function parseMatrixAnswer(raw: RawAnswer): Outcome {
  if (typeof raw === "number")
    return Number.isFinite(raw)
      ? { ok: true, value: { shape: [], data: [raw] } }
      : fail(AnswerErrorCode.InvalidNumber, "entries must be finite numbers");
  if (Array.isArray(raw)) return parseGrid(raw);
  if (typeof raw !== "string") return fail(AnswerErrorCode.Empty, "enter a matrix");
  if (raw.length > MAX_TEXT_LENGTH)
    return fail(AnswerErrorCode.TooLong, `at most ${MAX_TEXT_LENGTH} characters`, MAX_TEXT_LENGTH, raw.length - MAX_TEXT_LENGTH);
  if (raw.trim() === "") return fail(AnswerErrorCode.Empty, "enter a matrix");
  if (/\\begin\s*\{/.test(raw)) return parseLatex(raw);
  const call = /^\s*(?:(?:np|numpy|torch)\s*\.\s*)?(?:array|asarray|tensor|matrix)\s*\(/.exec(raw);
  if (call) return parseCall(raw, call[0].length);
  const first = raw.search(/\S/);
  if (raw[first] === "[" || raw[first] === "(") return parseListForms(raw, first);
  return parsePlainGrid(raw);
}

// ------------------------------------------------------------------ lists: transposed, tuples, a row per line

/** `^T`, `^{T}`, `^\top`, `^⊤`, NumPy's `.T`, MATLAB's `'` and `ᵀ` right after the closing bracket. */
const TRANSPOSED = /(?<=[\])])\s*(?:\^\s*(?:\{\s*(?:T|\\top)\s*\}|T|\\top|⊤)|\.T|'|ᵀ|⊤)\s*$/;
/** A tuple of numbers, with no brackets inside: `(0.659, 0.242, 0.0986)`. */
const TUPLE = /^\s*\(([^()[\]]*)\)\s*$/;

/** `[...]` or `(...)`, maybe transposed; a `[...]` that does not parse may be rows on lines. */
function parseListForms(raw: string, first: number): Outcome {
  const transposed = TRANSPOSED.exec(raw);
  const end = transposed ? transposed.index : raw.length;
  const parsed = raw[first] === "[" ? parseBracketed(raw, first, end) : parseTuple(raw, end, transposed !== null);
  if (transposed) return parsed.ok ? transpose(parsed.value, transposed.index, transposed[0].length) : parsed;
  return parsed.ok || raw[first] !== "[" ? parsed : (parseRowsByLine(raw) ?? parsed);
}

/** A tuple is a vector without orientation, like `[1, 2, 3]`; other text in parentheses is a plain grid, as before tuples were read. */
function parseTuple(raw: string, end: number, transposed: boolean): Outcome {
  const tuple = TUPLE.exec(raw.slice(0, end));
  if (!tuple) {
    if (!transposed) return parsePlainGrid(raw);
    const at = raw.search(/\S/);
    return fail(AnswerErrorCode.InvalidSyntax, "expected a list to transpose, such as (1, 2, 3)^T", at, end - at);
  }
  const inner = raw.indexOf("(") + 1;
  return readRows(raw, [{ text: tuple[1], offset: inner }], /\s,\t/, readEntry);
}

/** `[1 2 3]^T` is the column 3×1 (a 1-D list has no orientation until it is transposed); a matrix is transposed. */
function transpose(value: MatrixValue, offset: number, length: number): Outcome {
  const { shape, data } = value;
  if (shape.length === 0) return { ok: true, value };
  if (shape.length === 1) return { ok: true, value: { shape: [shape[0], 1], data } };
  if (shape.length > 2) return fail(AnswerErrorCode.InvalidSyntax, "only a vector or a matrix can be transposed", offset, length);
  const [rows, columns] = shape;
  const transposed = Array.from({ length: rows * columns }, (_, i) => data[(i % rows) * columns + Math.floor(i / rows)]);
  return { ok: true, value: { shape: [columns, rows], data: transposed } };
}

/**
 * One bracketed row per line, `[1, 2]` then `[3, 4]` (a trailing `,` or `;`
 * allowed): the rows of a matrix. Null unless every line is one such list
 * with no brackets inside, so that a NumPy printout that failed keeps its
 * own error.
 */
function parseRowsByLine(raw: string): Outcome | null {
  const lines = splitWithOffsets(raw, /\r?\n/, 0).filter((line) => line.text.trim() !== "");
  const ROW = /^(\s*\[[^[\]]*\])\s*[,;]?\s*$/;
  if (lines.length < 2 || !lines.every((line) => ROW.test(line.text))) return null;
  const rows: number[][] = [];
  for (const line of lines) {
    const row = ROW.exec(line.text) as RegExpExecArray;
    const parsed = parseBracketed(raw, line.offset + row[1].indexOf("["), line.offset + row[1].length);
    if (!parsed.ok) return parsed;
    if (parsed.value.shape.length !== 1)
      return fail(AnswerErrorCode.RaggedMatrix, "one row per line: write a row as [1, 2]", line.offset, line.text.length);
    if (rows.length > 0 && parsed.value.data.length !== rows[0].length) {
      const message = `row ${rows.length + 1} has ${parsed.value.data.length} entries but row 1 has ${rows[0].length}`;
      return fail(AnswerErrorCode.RaggedMatrix, message, line.offset, line.text.length);
    }
    rows.push(parsed.value.data);
  }
  return { ok: true, value: { shape: [rows.length, rows[0].length], data: rows.flat() } };
}

// ------------------------------------------------------------------ a grid of cells

function parseGrid(raw: readonly RawAnswer[]): Outcome {
  const shape: number[] = [];
  const data: number[] = [];
  for (let level: RawAnswer = raw; Array.isArray(level); level = (level as readonly RawAnswer[])[0]) {
    shape.push(level.length);
    if (level.length === 0 || shape.length > MAX_DEPTH) break;
  }
  if (shape.length > MAX_DEPTH) return fail(AnswerErrorCode.TooLong, `at most ${MAX_DEPTH} dimensions`);
  if (shape.reduce((a, b) => a * b, 1) > MAX_ENTRIES) return fail(AnswerErrorCode.TooLong, `at most ${MAX_ENTRIES} entries`);
  const visit = (value: RawAnswer, depth: number, cell: number[]): AnswerError | null => {
    if (depth < shape.length) {
      if (!Array.isArray(value) || value.length !== shape[depth]) {
        return new AnswerError(
          AnswerErrorCode.RaggedMatrix,
          `expected ${shape[depth]} entries here, like the first ${depth === 0 ? "dimension" : "row"}`,
          { cell },
        );
      }
      for (let i = 0; i < value.length; i++) {
        const error = visit(value[i], depth + 1, [...cell, i]);
        if (error) return error;
      }
      return null;
    }
    if (typeof value === "number") {
      if (!Number.isFinite(value)) return new AnswerError(AnswerErrorCode.InvalidNumber, "entries must be finite numbers", { cell });
      data.push(value);
      return null;
    }
    if (typeof value === "string") {
      if (value.trim() === "") return new AnswerError(AnswerErrorCode.Empty, "this entry is empty", { cell });
      const entry = readEntry(value);
      if (entry === null) return new AnswerError(AnswerErrorCode.InvalidNumber, `“${value.trim()}” is not a number`, { cell });
      data.push(entry);
      return null;
    }
    return new AnswerError(AnswerErrorCode.RaggedMatrix, "expected a number here", { cell });
  };
  const error = visit(raw, 0, []);
  return error ? { ok: false, error } : { ok: true, value: { shape, data } };
}

// ------------------------------------------------------------------ np.array([...]) and [...]

function parseCall(raw: string, open: number): Outcome {
  const close = raw.lastIndexOf(")");
  if (close < open) return fail(AnswerErrorCode.InvalidSyntax, "this “(” is never closed", open - 1, 1);
  const trailing = raw.slice(close + 1);
  if (trailing.trim() !== "") {
    const start = close + 1 + trailing.search(/\S/);
    return fail(AnswerErrorCode.InvalidSyntax, "unexpected text after the closing “)”", start, raw.trimEnd().length - start);
  }
  // Keyword arguments (dtype=np.float64, requires_grad=True) follow the list's last "]" and do not change the values.
  // (Looked for after that "]" only, so that the search stays linear in the input.)
  let end = close;
  const lastBracket = raw.lastIndexOf("]", close);
  if (lastBracket > open && /^\s*,\s*[A-Za-z_]\w*\s*=/.test(raw.slice(lastBracket + 1, close))) end = lastBracket + 1;
  const first = raw.slice(open, end).search(/\S/);
  if (first < 0 || raw[open + first] !== "[")
    return fail(AnswerErrorCode.InvalidSyntax, "expected a list in brackets: [[1, 2], [3, 4]]", open, 0);
  return parseBracketed(raw, open + first, end);
}

interface ListNode {
  items: (ListNode | number)[];
  /** MATLAB rows: the number of entries before each `;`. */
  rowBreaks: number[];
  start: number;
  end: number;
}

/** Parses `[ ... ]` starting at `start`; nothing but whitespace may follow before `limit`. */
function parseBracketed(raw: string, start: number, limit: number): Outcome {
  let position = start;
  let entries = 0;
  const error = (code: AnswerErrorCode, message: string, offset: number, length = 1): never => {
    throw new AnswerError(code, message, { offset, length });
  };
  const skipSpace = () => {
    while (position < limit && /\s/.test(raw[position])) position++;
  };
  const parseList = (depth: number): ListNode => {
    if (depth > MAX_DEPTH) error(AnswerErrorCode.TooLong, `at most ${MAX_DEPTH} nested lists`, position);
    const node: ListNode = { items: [], rowBreaks: [], start: position, end: position };
    position++; // "["
    for (;;) {
      skipSpace();
      const char = raw[position];
      if (position >= limit) error(AnswerErrorCode.InvalidSyntax, "this “[” is never closed", node.start);
      if (char === "]") {
        position++;
        node.end = position;
        return node;
      }
      if (char === ",") {
        position++;
      } else if (char === ";") {
        node.rowBreaks.push(node.items.length);
        position++;
      } else if (char === "[") {
        node.items.push(parseList(depth + 1));
      } else {
        const tokenStart = position;
        while (position < limit && !/[\s,;[\]]/.test(raw[position])) position++;
        const text = raw.slice(tokenStart, position);
        const value = readEntry(text);
        if (value === null) error(AnswerErrorCode.InvalidNumber, notANumber(text), tokenStart, text.length);
        if (++entries > MAX_ENTRIES) error(AnswerErrorCode.TooLong, `at most ${MAX_ENTRIES} entries`, tokenStart, text.length);
        node.items.push(value as number);
      }
    }
  };
  try {
    const root = parseList(0);
    skipSpace();
    if (position < limit) error(AnswerErrorCode.InvalidSyntax, "unexpected text after the closing “]”", position, limit - position);
    return { ok: true, value: listValue(root) };
  } catch (caught) {
    if (caught instanceof AnswerError) return { ok: false, error: caught };
    throw caught;
  }
}

function listValue(node: ListNode): MatrixValue {
  const ragged = (message: string, at: { start: number; end: number }): never => {
    throw new AnswerError(AnswerErrorCode.RaggedMatrix, message, { offset: at.start, length: at.end - at.start });
  };
  if (node.items.length === 0) return { shape: [0], data: [] };
  if (node.items.every((item) => typeof item === "number")) {
    const numbers = node.items as number[];
    if (node.rowBreaks.length === 0) return { shape: [numbers.length], data: numbers };
    return matlabRows(numbers, node.rowBreaks, node);
  }
  if (node.rowBreaks.length > 0 && !rowsBetweenSemicolons(node)) ragged("“;” separates rows of numbers, not lists", node);
  const children = node.items.map((item) =>
    typeof item === "number"
      ? ragged("a number among lists: every entry at this level must be a list", node)
      : { item, value: listValue(item) },
  );
  const first = children[0].value.shape;
  for (const child of children) {
    if (child.value.shape.length !== first.length || child.value.shape.some((size, d) => size !== first[d])) {
      ragged(`this list has shape (${child.value.shape.join(", ")}) but the first has (${first.join(", ")})`, child.item);
    }
  }
  return { shape: [children.length, ...first], data: children.flatMap((child) => child.value.data) };
}

/**
 * `[[1 2]; [3 4]]`: rows in brackets, with a `;` between every two (MATLAB
 * stacks them, as NumPy's commas do). Only rows of numbers: MATLAB would
 * stack matrices into a taller matrix, NumPy into a tensor.
 */
function rowsBetweenSemicolons(node: ListNode): boolean {
  const rows = node.items.every(
    (item) => typeof item !== "number" && item.rowBreaks.length === 0 && item.items.every((entry) => typeof entry === "number"),
  );
  const breaks = node.rowBreaks.filter((at) => at < node.items.length);
  return rows && breaks.length === node.items.length - 1 && breaks.every((at, i) => at === i + 1);
}

/**
 * Why an entry is not a number. A lone × (or x, ·, *) is 4.17 × 10^-1 typed
 * with spaces: spaces separate entries in a matrix, so it is refused, with
 * the spellings that work.
 */
function notANumber(text: string): string {
  return /^(?:[xX×⋅·*]|\\times|\\cdot)$/.test(text)
    ? `“${text}” is not a number: spaces separate entries, so write a power of ten without them (4.17×10^-1) or as 4.17e-1`
    : `“${text}” is not a number`;
}

/** MATLAB's [1 2; 3 4]: `;` ends a row (a trailing `;` ends nothing). */
function matlabRows(numbers: number[], breaks: number[], at: { start: number; end: number }): MatrixValue {
  const bounds = [0, ...breaks.filter((b) => b < numbers.length), numbers.length].filter((b, i, all) => i === 0 || b !== all[i - 1]);
  const rows: number[][] = [];
  for (let i = 1; i < bounds.length; i++) rows.push(numbers.slice(bounds[i - 1], bounds[i]));
  const width = rows[0].length;
  const bad = rows.findIndex((row) => row.length !== width);
  if (bad >= 0) {
    throw new AnswerError(AnswerErrorCode.RaggedMatrix, `row ${bad + 1} has ${rows[bad].length} entries but row 1 has ${width}`, {
      offset: at.start,
      length: at.end - at.start,
    });
  }
  return { shape: [rows.length, width], data: rows.flat() };
}

// ------------------------------------------------------------------ plain grid and LaTeX

/** Splits `rows` (each with its offset) into entries by `separator` and reads each as a number. */
function readRows(
  raw: string,
  rows: { text: string; offset: number }[],
  separator: RegExp,
  readEntry: (text: string) => number | null,
): Outcome {
  const matrix: number[][] = [];
  let entries = 0;
  for (const row of rows) {
    const values: number[] = [];
    const pattern = new RegExp(`[^${separator.source}]+`, "g");
    for (let match = pattern.exec(row.text); match; match = pattern.exec(row.text)) {
      const text = match[0].trim();
      if (text === "") continue;
      const value = readEntry(text);
      const offset = row.offset + match.index + match[0].indexOf(text);
      if (value === null) return fail(AnswerErrorCode.InvalidNumber, notANumber(text), offset, text.length);
      if (++entries > MAX_ENTRIES) return fail(AnswerErrorCode.TooLong, `at most ${MAX_ENTRIES} entries`, offset, text.length);
      values.push(value);
    }
    if (values.length > 0) matrix.push(values);
    if (values.length > 0 && values.length !== matrix[0].length) {
      return fail(
        AnswerErrorCode.RaggedMatrix,
        `row ${matrix.length} has ${values.length} entries but row 1 has ${matrix[0].length}`,
        row.offset,
        row.text.length,
      );
    }
  }
  if (matrix.length === 0) return fail(AnswerErrorCode.Empty, "enter a matrix", 0, raw.length);
  if (matrix.length === 1)
    return { ok: true, value: matrix[0].length === 1 ? { shape: [], data: matrix[0] } : { shape: [matrix[0].length], data: matrix[0] } };
  return { ok: true, value: { shape: [matrix.length, matrix[0].length], data: matrix.flat() } };
}

function splitWithOffsets(text: string, separator: RegExp, base: number): { text: string; offset: number }[] {
  const pieces: { text: string; offset: number }[] = [];
  let last = 0;
  const global = new RegExp(separator.source, "g");
  for (let match = global.exec(text); match; match = global.exec(text)) {
    pieces.push({ text: text.slice(last, match.index), offset: base + last });
    last = match.index + match[0].length;
  }
  pieces.push({ text: text.slice(last), offset: base + last });
  return pieces;
}

function parsePlainGrid(raw: string): Outcome {
  return readRows(raw, splitWithOffsets(raw, /\r?\n|;/, 0), /\s,\t/, readEntry);
}

const LATEX_ENVIRONMENT = /\\begin\s*\{(bmatrix|pmatrix|Bmatrix|vmatrix|Vmatrix|matrix|smallmatrix|array)\}(\s*\{[^}]*\})?/;

function parseLatex(raw: string): Outcome {
  const begin = LATEX_ENVIRONMENT.exec(raw);
  if (!begin) {
    const at = raw.search(/\\begin/);
    return fail(AnswerErrorCode.InvalidSyntax, "expected \\begin{bmatrix} (or pmatrix, matrix, array)", at, 6);
  }
  const bodyStart = begin.index + begin[0].length;
  const endPattern = new RegExp(`\\\\end\\s*\\{${begin[1]}\\}`);
  const endMatch = endPattern.exec(raw.slice(bodyStart));
  if (!endMatch) return fail(AnswerErrorCode.InvalidSyntax, `\\begin{${begin[1]}} is never ended`, begin.index, begin[0].length);
  const body = raw.slice(bodyStart, bodyStart + endMatch.index);
  const rows = splitWithOffsets(body, /\\\\(?:\[[^\]]*\])?/, bodyStart);
  return readRows(raw, rows, /&/, latexNumber);
}

/** An entry of a LaTeX matrix: a decimal, possibly with \frac{p}{q}, a leading minus, or thin spaces. */
function latexNumber(text: string): number | null {
  const cleaned = text.replace(/\\[,;! ]|~|\{\}/g, "").replace(/\s+/g, "");
  const fraction = /^([+\-−]?)\\[dt]?frac\{([^{}]+)\}\{([^{}]+)\}$/.exec(cleaned);
  if (fraction) {
    const p = readEntry(fraction[2]);
    const q = readEntry(fraction[3]);
    if (p === null || q === null || q === 0) return null;
    return (fraction[1] === "" || fraction[1] === "+" ? 1 : -1) * (p / q);
  }
  return readEntry(cleaned);
}
