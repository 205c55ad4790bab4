import type { PublicExpressionSpec } from "@/grader/problems";

/**
 * An expression box's placeholder: the names this part's answer may use, in
 * the problem's own words, and the operator students most often need. Never
 * an example expression: any example could be some part's answer (the old
 * "e.g. W0 @ x + b0" was 2.1(a)'s answer less σ, and named variables the
 * chain-rule problem does not have), whereas prose never parses as one. The
 * test grades every placeholder as an answer to every part of the bank.
 */
export function expressionPlaceholder(spec: PublicExpressionSpec): string {
  const names = Object.keys(spec.context.variables);
  return names.length === 0 ? "an expression; @ is the matrix product" : `in terms of ${names.join(", ")}; @ is the matrix product`;
}
