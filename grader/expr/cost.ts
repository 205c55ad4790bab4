/**
 * Weights of the evaluation-cost estimate, in cost units of about a
 * nanosecond each: what the engine's kernels took per entry (or per
 * multiply-add) on the benchmark machine (2-core AMD EPYC, Node 20),
 * rounded up. The estimate only has to bound the time an answer can take
 * (the cap in limits.ts), so the weights err on the slow side: a
 * transcendental function costs about five times an addition, and a matrix
 * product is cheap per multiply-add but pays for copying its operands.
 */
export const COST = Object.freeze({
  /** Per syntax-tree node evaluated: allocation and dispatch. */
  node: 200,
  /** Per entry of + − * / and prefix minus. */
  arithmetic: 10,
  /** Per entry of sigmoid, tanh, exp, log and ** (a power). */
  transcendental: 50,
  /** Per entry of abs, sqrt, relu. */
  cheapFunction: 15,
  /** Per entry copied: transposes, reductions, ones, zeros, eye, diag. */
  copy: 5,
  /** Per multiply-add of a matrix product (m·k·n). */
  multiplyAdd: 0.5,
  /** Per entry of a matrix product's operands and result: the kernel copies them. */
  productEntry: 4,
});

/** The cost of an m×k by k×n matrix product. */
export function matrixProductCost(m: number, k: number, n: number): number {
  return COST.multiplyAdd * m * k * n + COST.productEntry * (m * k + k * n + m * n);
}

/**
 * The engine's counted work (grader/autograd/work.ts) in cost units, at the
 * least the estimate charges per operation: every entry an op writes is
 * charged at least COST.productEntry (an arithmetic entry 10, a copied one
 * 5, a product's result 4), every multiply-add COST.multiplyAdd. An
 * estimate that is sound never falls below this.
 */
export function workCost(work: { multiplyAdds: number; entries: number }): number {
  return COST.multiplyAdd * work.multiplyAdds + COST.productEntry * work.entries;
}
