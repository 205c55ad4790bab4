/**
 * Renders a tree as canonical text (the NumPy/PyTorch spelling, aliases
 * normalised: what the student's answer was read as) and as LaTeX for
 * KaTeX. Parentheses are put back only where precedence needs them, so the
 * rendering also shows how the input was grouped.
 */
import type { BinaryNode, BinaryOperator, ExprNode } from "./ast";
import { FUNCTIONS, GRAD, JACOBIAN } from "./functions";
import { LATEX_GREEK } from "./notation";
import { isScalarShape, type Shape } from "./shape";

/** Binding strength, loosest first. */
const enum Precedence {
  Additive = 1,
  Multiplicative = 2,
  Negate = 3,
  Power = 4,
  Postfix = 5,
  Atom = 6,
}

function precedenceOf(node: ExprNode): Precedence {
  switch (node.type) {
    case "binary":
      return node.operator === "+" || node.operator === "-" ? Precedence.Additive : Precedence.Multiplicative;
    case "negate":
      return Precedence.Negate;
    case "power":
      return Precedence.Power;
    case "transpose":
      return Precedence.Postfix;
    default:
      return Precedence.Atom;
  }
}

/** Numbers as JavaScript prints them (shortest round-trip form: 0.5, 1e-7). */
export function formatNumber(value: number): string {
  return String(value);
}

// ------------------------------------------------------------------ canonical text

// The renderers use top-level helpers rather than closures made per call: a
// closure made in each call costs a property definition per node in the
// grading threads, which run this through tsx (keepNames; see
// grader/expr/evaluate.ts, CostCounter).

function wrapCanonical(child: ExprNode, minimum: Precedence): string {
  const text = toCanonical(child);
  return precedenceOf(child) < minimum ? `(${text})` : text;
}

export function toCanonical(node: ExprNode): string {
  switch (node.type) {
    case "number":
      return formatNumber(node.value);
    case "name":
      return node.name;
    case "negate":
      return `-${wrapCanonical(node.operand, Precedence.Power)}`;
    case "power":
      return (
        `${wrapCanonical(node.base, Precedence.Postfix)} ** ` +
        `${node.exponent < 0 ? `(${formatNumber(node.exponent)})` : formatNumber(node.exponent)}`
      );
    case "transpose":
      return `${wrapCanonical(node.operand, Precedence.Postfix)}.T`;
    case "call":
      return `${node.callee}(${node.args.map(toCanonical).join(", ")})`;
    case "binary": {
      const level = precedenceOf(node);
      // Left-associative: the right operand needs parentheses at equal precedence.
      return `${wrapCanonical(node.left, leftMinimum(node))} ${node.operator} ${wrapCanonical(node.right, level + 1)}`;
    }
  }
}

/**
 * The precedence a binary node's left operand needs to go without
 * parentheses. `*` and `@` share a level, so `a * b @ c` is `(a * b) @ c`;
 * the parentheses are shown anyway, since that grouping is exactly what a
 * student needs to see (and in LaTeX, juxtaposition would suggest the other).
 */
function leftMinimum(node: BinaryNode): Precedence {
  const level = precedenceOf(node);
  const left = node.left;
  const mixesProducts =
    level === Precedence.Multiplicative && left.type === "binary" && left.operator !== node.operator && precedenceOf(left) === level;
  return mixesProducts ? level + 1 : level;
}

// ------------------------------------------------------------------ LaTeX

export interface LatexOptions {
  /** LaTeX for a name, for quantities the problem writes differently (`W0` → `W^{(0)}`). */
  names?: Readonly<Record<string, string>>;
  /** Shapes by node id: a division with a non-scalar divisor is shown as ⊘ rather than a fraction. */
  shapes?: readonly (Shape | undefined)[];
}

/** `W0` → `W_{0}`, `x` → `x`, `lambda` → `\lambda`, `loss` → `\mathrm{loss}`. */
export function latexName(name: string, names?: Readonly<Record<string, string>>): string {
  // Own keys only: a student's `toString` must not find Object.prototype's.
  const given = names !== undefined && Object.hasOwn(names, name) ? names[name] : undefined;
  if (given !== undefined) return given;
  const indexed = /^([A-Za-z]+)_?(\d+)$/.exec(name);
  if (indexed) return `${latexName(indexed[1])}_{${indexed[2]}}`;
  if (LATEX_GREEK.has(name)) return `\\${name}`;
  if (/^[A-Za-z]$/.test(name)) return name;
  if (/^[A-Za-z]+$/.test(name)) return `\\mathrm{${name}}`;
  return `\\mathrm{${name.replace(/_/g, "\\_")}}`;
}

const LATEX_OPERATORS: Record<BinaryOperator, string> = {
  "+": " + ",
  "-": " - ",
  "*": " \\odot ",
  "@": " \\, ",
  "/": " \\oslash ",
};

function wrapLatex(child: ExprNode, minimum: Precedence, options: LatexOptions): string {
  const text = toLatex(child, options);
  return precedenceOf(child) < minimum ? `\\left(${text}\\right)` : text;
}

export function toLatex(node: ExprNode, options: LatexOptions = {}): string {
  switch (node.type) {
    case "number":
      return latexNumber(node.value);
    case "name":
      return latexName(node.name, options.names);
    case "negate":
      return `-${wrapLatex(node.operand, Precedence.Power, options)}`;
    case "power":
      return `{${wrapLatex(node.base, Precedence.Atom, options)}}^{${latexNumber(node.exponent)}}`;
    case "transpose":
      return `{${wrapLatex(node.operand, Precedence.Atom, options)}}^{\\top}`;
    case "call": {
      // As ∂y/∂x only with its two arguments: a student's "grad()" is rendered as written, for the error that names it.
      if ((node.callee === GRAD || node.callee === JACOBIAN) && node.args.length === 2) {
        return `\\frac{\\partial ${wrapLatex(node.args[0], Precedence.Atom, options)}}{\\partial ${toLatex(node.args[1], options)}}`;
      }
      const definition = FUNCTIONS.get(node.callee);
      const args = node.args.map((arg) => toLatex(arg, options));
      return definition ? definition.latex(args) : `\\operatorname{${node.callee}}\\left(${args.join(", ")}\\right)`;
    }
    case "binary": {
      if (node.operator === "/" && isScalarDivisor(node.right, options.shapes)) {
        return `\\frac{${toLatex(node.left, options)}}{${toLatex(node.right, options)}}`;
      }
      const level = precedenceOf(node);
      return `${wrapLatex(node.left, leftMinimum(node), options)}${LATEX_OPERATORS[node.operator]}${wrapLatex(node.right, level + 1, options)}`;
    }
  }
}

/** Without shapes every divisor is taken to be a scalar: a fraction reads best. */
function isScalarDivisor(divisor: ExprNode, shapes: LatexOptions["shapes"]): boolean {
  const shape = shapes?.[divisor.id];
  return shape === undefined || isScalarShape(shape);
}

function latexNumber(value: number): string {
  const text = formatNumber(value);
  const scientific = /^(-?[\d.]+)e([+-]?\d+)$/.exec(text);
  if (scientific) return `${scientific[1]} \\times 10^{${Number(scientific[2])}}`;
  return text;
}
