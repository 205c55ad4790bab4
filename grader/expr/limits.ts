/**
 * Caps that bound the work any input can cause, so that a hostile or
 * careless answer cannot stall a grading worker or the browser. The defaults
 * are far above any honest answer of the handout (the longest, written with
 * sigmoid(W0 @ x + b0) in place of z, is under 60 characters and 15 nodes)
 * and keep the worst case measured in scripts/bench/grader.ts under 50 ms.
 */
export interface ExprLimits {
  /** Characters (UTF-16 code units) of input. */
  maxLength: number;
  /** Nesting of parentheses, calls and prefix minus. */
  maxDepth: number;
  /** Nodes of the syntax tree (operands, operators, calls). */
  maxNodes: number;
  /**
   * Estimated cost of grading one answer, on all K instances together, in
   * cost units (about a nanosecond each on the benchmark machine; see
   * cost.ts), counted from the shapes before anything is evaluated.
   */
  maxCost: number;
}

export const DEFAULT_LIMITS: Readonly<ExprLimits> = Object.freeze({
  maxLength: 500,
  maxDepth: 40,
  maxNodes: 250,
  maxCost: 20_000_000,
});

export function resolveLimits(overrides: Partial<ExprLimits> | undefined): ExprLimits {
  return { ...DEFAULT_LIMITS, ...overrides };
}
