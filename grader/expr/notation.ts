/**
 * The accepted spellings: every other way a careful student writes the
 * language's operators, functions and names, and what each one means. The
 * tokenizer and the parser read these tables and nothing else, so that a
 * spelling is added (or refused with a hint) in one place.
 *
 * Products. `@` is the matrix product, `*` the elementwise one. The dots
 * `·` (U+00B7), `⋅` (U+22C5, what KaTeX's `\cdot` pastes as) and `\cdot`
 * are the matrix product, as juxtaposition is in the handouts (W⁽⁰⁾x), and
 * a scalar times anything when one side is 1×1 (`\frac12 \cdot x`): a dot
 * never means elementwise. `∘`, `⊙`, `.*`, `\odot` and `\circ` are
 * elementwise.
 *
 * Transposes: `.T`, `'`, `’`, `′`, `ᵀ`, `⊤`, `^T`, `^{T}`, `^\top`,
 * `.transpose()`, `.t()` and `transpose(A)`.
 *
 * NumPy and PyTorch: `np.`, `numpy.`, `torch.`, `F.` (and
 * `torch.nn.functional.`, `scipy.special.`) before a function are dropped,
 * and so are the keywords `dim=` and `axis=` before an argument; `a.dot(b)`,
 * `a.matmul(b)`, `dot(a, b)` and `matmul(a, b)` are `a @ b`;
 * `multiply(a, b)` is `a * b`; `np.outer(u, v)` is outer(u, v), which is
 * u vᵀ for column vectors u and v (whichever way each is written).
 *
 * LaTeX: braces group like parentheses, `\frac{a}{b}` and `\frac12` are
 * a / b, `\sigma` is sigmoid, `\exp`, `\log`, `\tanh`, `\sqrt` are the
 * functions, `\left`, `\right` and spacing commands are ignored, and an
 * indexed name (`W_0`, `W_{0}`, `W^{(0)}`) is the problem's `W0` when the
 * problem has a name `W0` and none spelled as typed.
 *
 * Refused, with the accepted spelling in the hint (an invalid answer uses no
 * attempt): implicit products (`W0 x`), `e^(…)` (write exp(…)), `σ′(…)`.
 */
import type { BinaryOperator } from "./ast";

/** Single characters that are an operator. */
export const OPERATOR_CHARACTERS: Readonly<Record<string, BinaryOperator | "**">> = {
  "+": "+",
  "-": "-",
  "−": "-", // U+2212 MINUS SIGN, as pasted from rendered maths
  "/": "/",
  "@": "@",
  "·": "@", // U+00B7 MIDDLE DOT
  "⋅": "@", // U+22C5 DOT OPERATOR: KaTeX's \cdot
  "∘": "*", // U+2218 RING OPERATOR
  "⊙": "*", // U+2299 CIRCLED DOT
  "^": "**",
};

/** Symbols that are a function's name: `σ(…)` is sigmoid(…). */
export const NAME_SYMBOLS: Readonly<Record<string, string>> = { σ: "sigmoid" };

/** How a dot product is typed: a matrix product, or a scalar multiple when one side is 1×1. */
export const DOT_SPELLINGS: ReadonlySet<string> = new Set(["·", "⋅", "\\cdot"]);

/** Postfix marks that transpose what they follow. */
export const TRANSPOSE_MARKS: ReadonlySet<string> = new Set(["'", "’", "′", "ᵀ", "⊤"]);

/** What a LaTeX command stands for. */
export type LatexMeaning =
  { kind: "op"; operator: BinaryOperator } | { kind: "name"; name: string } | { kind: "transpose" } | { kind: "ignore" };

export const LATEX_COMMANDS: Readonly<Record<string, LatexMeaning>> = {
  cdot: { kind: "op", operator: "@" },
  odot: { kind: "op", operator: "*" },
  circ: { kind: "op", operator: "*" },
  top: { kind: "transpose" },
  intercal: { kind: "transpose" },
  sigma: { kind: "name", name: "sigmoid" },
  exp: { kind: "name", name: "exp" },
  log: { kind: "name", name: "log" },
  ln: { kind: "name", name: "log" },
  tanh: { kind: "name", name: "tanh" },
  sqrt: { kind: "name", name: "sqrt" },
  softmax: { kind: "name", name: "softmax" },
  left: { kind: "ignore" },
  right: { kind: "ignore" },
  big: { kind: "ignore" },
  Big: { kind: "ignore" },
  quad: { kind: "ignore" },
};

/** Greek letters a problem may use as names (`\lambda` → lambda). `\sigma` is the sigmoid, above. */
export const LATEX_GREEK: ReadonlySet<string> = new Set([
  "alpha",
  "beta",
  "gamma",
  "delta",
  "epsilon",
  "varepsilon",
  "zeta",
  "eta",
  "theta",
  "lambda",
  "mu",
  "nu",
  "xi",
  "pi",
  "rho",
  "tau",
  "phi",
  "chi",
  "psi",
  "omega",
]);

/** Commands whose braced argument is a plain name (`\mathbf{x}`, `\operatorname{diag}`). */
export const LATEX_NAME_WRAPPERS: ReadonlySet<string> = new Set(["mathbf", "mathrm", "mathit", "boldsymbol", "bm", "operatorname", "text"]);

/** Module prefixes dropped before a function name: `np.exp`, `torch.sigmoid`, `torch.nn.functional.relu`. */
export const MODULE_PREFIXES: ReadonlySet<string> = new Set(["np", "numpy", "torch", "F", "jnp", "nn", "functional", "scipy", "special"]);

/** Function spellings that are operators: `transpose(A)`, `dot(a, b)`, `multiply(a, b)`. */
export const OPERATOR_FUNCTIONS: Readonly<
  Record<string, { arguments: 1; operator: "transpose" } | { arguments: 2; operator: BinaryOperator }>
> = {
  transpose: { arguments: 1, operator: "transpose" },
  dot: { arguments: 2, operator: "@" },
  matmul: { arguments: 2, operator: "@" },
  mm: { arguments: 2, operator: "@" },
  multiply: { arguments: 2, operator: "*" },
  mul: { arguments: 2, operator: "*" },
};

/** Methods: `a.dot(b)` is a @ b, `a.transpose()` is a.T. */
export const METHODS: Readonly<Record<string, { arguments: 0; operator: "transpose" } | { arguments: 1; operator: BinaryOperator }>> = {
  dot: { arguments: 1, operator: "@" },
  matmul: { arguments: 1, operator: "@" },
  mm: { arguments: 1, operator: "@" },
  mul: { arguments: 1, operator: "*" },
  multiply: { arguments: 1, operator: "*" },
  transpose: { arguments: 0, operator: "transpose" },
  t: { arguments: 0, operator: "transpose" },
};

/** Other names students give the language's functions, when called: accepted as the function. */
export const FUNCTION_ALIASES: Readonly<Record<string, string>> = {
  sigma: "sigmoid",
  logistic: "sigmoid",
  ln: "log",
  tr: "trace",
  diagonal: "diag",
  identity: "eye",
  logSumExp: "logsumexp",
  heaviside: "step",
};

/**
 * Keyword names dropped before an argument, as PyTorch and NumPy are
 * typed: `torch.softmax(z, dim=0)` is softmax(z, 0), `np.sum(A, axis=1)`
 * is sum(A, 1).
 */
export const KEYWORD_ARGUMENTS: ReadonlySet<string> = new Set(["dim", "axis"]);

/**
 * The problem's name for an indexed spelling: `W_0`, `W_{0}` and `W^(0)`
 * are `W0` when the problem has `W0` and no name spelled as typed;
 * otherwise the name as typed (and its "unknown name" error).
 */
export function resolveIndexedName(typed: string, names: ReadonlySet<string> | undefined): string {
  if (names === undefined || names.has(typed)) return typed;
  const plain = typed.replace(/[_{}()^]/g, "");
  return plain !== typed && names.has(plain) ? plain : typed;
}
