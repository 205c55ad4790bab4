/**
 * Writing values into statements, prompts and sample answers: LaTeX for
 * the page, NumPy and plain tuples for what a student would type.
 */

/** Shortest text that reads back as the same float64. */
export function formatNumber(value: number): string {
  return Object.is(value, -0) ? "0" : String(value);
}

/** A matrix in LaTeX: `\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}`. */
export function latexMatrix(rows: number[][]): string {
  return `\\begin{bmatrix} ${rows.map((row) => row.map(formatNumber).join(" & ")).join(" \\\\ ")} \\end{bmatrix}`;
}

/** A nested array as a NumPy literal: `np.array([[1, 2], [3, 4]])`. */
export function numpyLiteral(rows: number[][]): string {
  return `np.array([${rows.map((row) => `[${row.map(formatNumber).join(", ")}]`).join(", ")}])`;
}

/** A nested array as a MATLAB literal: `[1 2; 3 4]`. */
export function matlabLiteral(rows: number[][]): string {
  return `[${rows.map((row) => row.map(formatNumber).join(" ")).join("; ")}]`;
}

/** A shape as PyTorch prints it in prose: `(N, 16, 64, 64)`. */
export function shapeTuple(shape: readonly (number | string)[]): string {
  return `(${shape.join(", ")})`;
}

/** A column vector (n×1) from its entries. */
export function column(values: readonly number[]): number[][] {
  return values.map((value) => [value]);
}
