/**
 * The matrix answer grid's state: rows of cell texts, row-major. Pure
 * functions, shared by the grid component and its tests. Cells keep the
 * student's text ("1/2", "−0.3") until submission; the grader's own parser
 * reads them (matrix-grid-read.ts), in the browser as on the server. This
 * file imports nothing from the grader, so the grid can be shown and edited
 * before the parser is loaded.
 */

export type Grid = string[][];

/** The grid's limits: larger matrices are pasted as text (a NumPy or LaTeX literal), not typed cell by cell. */
export const MAX_GRID_SIZE = 20;
export const DEFAULT_GRID_SIZE = 2;

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
  return /[[\];&\n\t]|\\begin/.test(text.trim()) || /\S[\s,]+\S/.test(text.trim());
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
