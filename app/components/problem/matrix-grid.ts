/**
 * The matrix answer grid's state: rows of cell texts, row-major. Pure
 * functions, shared by the grid component and its tests. Cells keep the
 * student's text ("1/2", "−0.3") until submission; the grader's own parser
 * (grader/answers parseAnswer) reads them, in the browser as on the server.
 */
import { parseAnswer, type SpecOf, type RawAnswer } from "@/grader/answers";

export type Grid = string[][];

/** The grid's limits: larger matrices are pasted as text (a NumPy or LaTeX literal), not typed cell by cell. */
export const MAX_GRID_SIZE = 20;
export const DEFAULT_GRID_SIZE = 2;

type MatrixSpec = SpecOf<"matrix">;

export function clampGridSize(size: number): number {
  if (!Number.isFinite(size)) return 1;
  return Math.min(MAX_GRID_SIZE, Math.max(1, Math.round(size)));
}

export function emptyGrid(rows: number, cols: number): Grid {
  return Array.from({ length: clampGridSize(rows) }, () => Array.from({ length: clampGridSize(cols) }, () => ""));
}

export function gridShape(grid: Grid): [rows: number, cols: number] {
  return [grid.length, grid[0]?.length ?? 0];
}

/** Changes the size, keeping the entries that still fit (so shrinking by one does not lose the rest). */
export function resizeGrid(grid: Grid, rows: number, cols: number): Grid {
  const next = emptyGrid(rows, cols);
  for (let i = 0; i < next.length; i++) {
    for (let j = 0; j < next[i].length; j++) next[i][j] = grid[i]?.[j] ?? "";
  }
  return next;
}

export function setCell(grid: Grid, row: number, col: number, text: string): Grid {
  return grid.map((cells, i) => (i === row ? cells.map((cell, j) => (j === col ? text : cell)) : cells));
}

export function isGridEmpty(grid: Grid): boolean {
  return grid.every((row) => row.every((cell) => cell.trim() === ""));
}

/** True when pasted text holds more than one entry, so it should fill the grid rather than one cell. */
export function looksLikeMatrix(text: string): boolean {
  return /[\[\];&\n\t]|\\begin/.test(text.trim()) || /\S[\s,]+\S/.test(text.trim());
}

export type PasteOutcome = { ok: true; grid: Grid } | { ok: false; message: string };

const formatCell = (value: number): string => String(value);

/**
 * Reads a pasted NumPy, MATLAB or LaTeX literal, or tab/space separated
 * rows, with the grader's matrix parser, into a grid. A flat list has no
 * orientation: it fills a row when the grid is already a single row, and a
 * column otherwise (vectors are columns in the handout, and grading accepts
 * either orientation against a vector).
 */
export function gridFromPaste(text: string, current: Grid): PasteOutcome {
  const parsed = parseAnswer({ kind: "matrix", rtol: 0, atol: 0, partialCredit: false }, text);
  if (!parsed.ok) return { ok: false, message: `Could not read that as a matrix: ${parsed.error.message}.` };
  const { shape, data } = parsed.value;
  const cells = data.map(formatCell);
  let rows: number;
  let cols: number;
  if (shape.length === 0) [rows, cols] = [1, 1];
  else if (shape.length === 1) {
    const [currentRows, currentCols] = gridShape(current);
    [rows, cols] = currentRows === 1 && currentCols > 1 ? [1, shape[0]] : [shape[0], 1];
  } else if (shape.length === 2) [rows, cols] = [shape[0], shape[1]];
  else return { ok: false, message: `That is a tensor of shape (${shape.join(", ")}); the grid holds a matrix.` };
  if (rows > MAX_GRID_SIZE || cols > MAX_GRID_SIZE) {
    return { ok: false, message: `That matrix is ${rows}×${cols}; the grid holds at most ${MAX_GRID_SIZE}×${MAX_GRID_SIZE}.` };
  }
  return { ok: true, grid: Array.from({ length: rows }, (_, i) => cells.slice(i * cols, (i + 1) * cols)) };
}

/** A stored raw answer (from an earlier submission) back into a grid, or null when it is not a 1-D or 2-D list. */
export function gridFromRaw(raw: unknown): Grid | null {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_GRID_SIZE) return null;
  const rows = raw.every((row) => Array.isArray(row)) ? (raw as unknown[][]) : raw.map((entry) => [entry]);
  const cols = rows[0].length;
  if (cols === 0 || cols > MAX_GRID_SIZE || rows.some((row) => row.length !== cols)) return null;
  if (!rows.every((row) => row.every((cell) => typeof cell === "number" || typeof cell === "string"))) return null;
  return rows.map((row) => row.map((cell) => String(cell)));
}

/**
 * What the grid submits: null when every cell is empty (the part is left
 * out), nested arrays of numbers when every cell reads as a number, and
 * otherwise the cells' texts, so that the server's parser reports the same
 * located error (row and column) as the live check.
 */
export function gridToRaw(grid: Grid, spec: MatrixSpec): RawAnswer | null {
  if (isGridEmpty(grid)) return null;
  const trimmed = grid.map((row) => row.map((cell) => cell.trim()));
  const parsed = parseAnswer(spec, trimmed);
  if (!parsed.ok) return trimmed;
  const cols = gridShape(grid)[1];
  return trimmed.map((_, i) => parsed.value.data.slice(i * cols, (i + 1) * cols));
}
