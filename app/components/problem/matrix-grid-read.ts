/**
 * Reading a matrix grid with the grader's own parser (grader/answers
 * parseAnswer), in the browser as on the server: a pasted literal into a
 * grid, and a grid into the raw answer it submits as. Kept apart from the
 * grid's state (matrix-grid.ts) because it pulls in the parser, which the
 * problem page loads only on the first input (live-grader.ts).
 */
import { parseAnswer, type SpecOf, type RawAnswer } from "@/grader/answers";
import { gridShape, isGridEmpty, MAX_GRID_SIZE, type Grid } from "./matrix-grid";

type MatrixSpec = SpecOf<"matrix">;

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
  const parsed = parseAnswer({ kind: "matrix", partialCredit: false }, text);
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
