/**
 * Matrices as text: LaTeX for KaTeX and the "Copy as LaTeX" button, and a
 * NumPy literal for "Copy as NumPy". Plain functions, so that they are
 * tested without a DOM. Matrices are rows of numbers (row-major); a column
 * vector is n×1 and stays n×1 in both forms.
 */

/** The shortest text that reads back as the same float64 (JavaScript's own), in LaTeX. */
export function latexNumber(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? "\\infty" : value < 0 ? "-\\infty" : "\\mathrm{NaN}";
  const text = String(value);
  const exponent = /^(-?[\d.]+)e([+-]\d+)$/.exec(text);
  if (!exponent) return text;
  const [, mantissa, power] = exponent;
  return `${mantissa} \\times 10^{${Number(power)}}`;
}

export function matrixToLatex(rows: readonly (readonly number[])[], environment: "bmatrix" | "pmatrix" = "bmatrix"): string {
  const body = rows.map((row) => row.map(latexNumber).join(" & ")).join(" \\\\ ");
  return `\\begin{${environment}} ${body} \\end{${environment}}`;
}

/**
 * A NumPy literal. Whole numbers are written with ".0" so that NumPy makes a
 * float64 array, as the engine computes in float64: `np.array([[1, 2]])`
 * would be an integer array, and in-place updates on it would truncate.
 */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return "np.nan";
  if (!Number.isFinite(value)) return value > 0 ? "np.inf" : "-np.inf";
  const text = String(value);
  return Number.isInteger(value) && !/e/.test(text) ? `${text}.0` : text;
}

export function matrixToNumpy(rows: readonly (readonly number[])[]): string {
  if (rows.length === 1) return `np.array([[${rows[0].map(pythonFloat).join(", ")}]])`;
  const lines = rows.map((row) => `[${row.map(pythonFloat).join(", ")}]`);
  return `np.array([\n    ${lines.join(",\n    ")},\n])`;
}
