/**
 * Arithmetic on constant trees (numbers, + − * / @, powers, prefix minus),
 * in whatever number type the caller needs: float64 for exponents and
 * number answers, BigInt for exact integer answers. The walk is written
 * once; each caller says what its operations mean and what to do with a
 * node that is not arithmetic (a name, a call, a transpose).
 */
import type { ExprNode, NumberNode } from "./ast";

export interface Arithmetic<T> {
  literal(node: NumberNode): T;
  negate(value: T, node: ExprNode): T;
  add(left: T, right: T, node: ExprNode): T;
  subtract(left: T, right: T, node: ExprNode): T;
  /** `*`, `@` and `·`: between numbers they are all the product. */
  multiply(left: T, right: T, node: ExprNode): T;
  divide(left: T, right: T, node: ExprNode): T;
  power(base: T, exponent: number, node: ExprNode): T;
  /** A node that is not arithmetic: return a value or throw. */
  other(node: ExprNode): T;
}

export function evaluateArithmetic<T>(node: ExprNode, arithmetic: Arithmetic<T>): T {
  const evaluate = (child: ExprNode) => evaluateArithmetic(child, arithmetic);
  switch (node.type) {
    case "number":
      return arithmetic.literal(node);
    case "negate":
      return arithmetic.negate(evaluate(node.operand), node);
    case "power":
      return arithmetic.power(evaluate(node.base), node.exponent, node);
    case "binary": {
      const left = evaluate(node.left);
      const right = evaluate(node.right);
      switch (node.operator) {
        case "+":
          return arithmetic.add(left, right, node);
        case "-":
          return arithmetic.subtract(left, right, node);
        case "/":
          return arithmetic.divide(left, right, node);
        default:
          return arithmetic.multiply(left, right, node);
      }
    }
    default:
      return arithmetic.other(node);
  }
}

/** Float64 arithmetic; `other` is supplied by the caller. */
export function floatArithmetic(other: (node: ExprNode) => number): Arithmetic<number> {
  return {
    literal: (node) => node.value,
    negate: (value) => -value,
    add: (left, right) => left + right,
    subtract: (left, right) => left - right,
    multiply: (left, right) => left * right,
    divide: (left, right) => left / right,
    power: (base, exponent) => Math.pow(base, exponent),
    other,
  };
}
