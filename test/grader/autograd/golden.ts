/**
 * Reading the PyTorch fixtures of test/fixtures/autograd (made by
 * make_golden.py there) and comparing with them.
 *
 * Tolerance: |actual − expected| ≤ 1e-10·|expected| + 1e-12·max|expected|,
 * the maximum taken over the whole reference tensor. Both sides compute in
 * float64, but in a different order (blocked products, other reduction
 * trees), so they differ by rounding: a relative 1e-10 leaves room for a
 * few thousand roundings (unit roundoff is 1.1e-16), and the absolute term
 * covers elements that are sums of cancelling terms, whose relative error
 * can be large while their absolute error stays at the scale of the tensor.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Tensor } from "../../../grader/autograd";

export interface Encoded {
  shape: number[];
  data: number[];
}

const FIXTURES = join(__dirname, "../../fixtures/autograd");

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as T;
}

export function decode(encoded: Encoded, requiresGrad = false): Tensor {
  return new Tensor(Float64Array.from(encoded.data), encoded.shape, { requiresGrad });
}

export const RELATIVE_TOLERANCE = 1e-10;
export const SCALE_TOLERANCE = 1e-12;

/** The elements (at most 5) where `actual` is outside the mixed tolerance of `expected`. */
export function mismatches(actual: ArrayLike<number>, expected: readonly number[]): string[] {
  const scale = expected.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
  const found: string[] = [];
  if (actual.length !== expected.length) return [`length ${actual.length} vs ${expected.length}`];
  for (let i = 0; i < expected.length && found.length < 5; i++) {
    const a = actual[i];
    const b = expected[i];
    if (!(Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.abs(b) + SCALE_TOLERANCE * scale)) found.push(`[${i}] ${a} vs ${b}`);
  }
  return found;
}

/** Asserts shape equality and elementwise agreement within the mixed tolerance. */
export function expectMatches(actual: Tensor | null, expected: Encoded | null): void {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  expect(actual!.shape).toEqual(expected.shape);
  expect(mismatches(actual!.data, expected.data)).toEqual([]);
}

/** A normalisation case: an input with an optional elementwise weight and bias, and PyTorch's output and gradients. */
export interface AffineCase {
  x: Encoded;
  weight: Encoded | null;
  bias: Encoded | null;
  output: Encoded;
  grad_output: Encoded;
  grad_x: Encoded;
  grad_weight?: Encoded | null;
  grad_bias?: Encoded | null;
}

/** The case's input, weight and bias as leaves that require grad (weight and bias null when the case has none). */
export function affineInputs(c: AffineCase): { x: Tensor; weight: Tensor | null; bias: Tensor | null } {
  return { x: decode(c.x, true), weight: c.weight && decode(c.weight, true), bias: c.bias && decode(c.bias, true) };
}

/** Asserts the output, then back-propagates the case's upstream gradient and asserts the gradients of input, weight and bias. */
export function expectAffineAgreement(y: Tensor, inputs: ReturnType<typeof affineInputs>, c: AffineCase): void {
  expectMatches(y, c.output);
  y.backward(decode(c.grad_output));
  expectMatches(inputs.x.grad, c.grad_x);
  if (inputs.weight) expectMatches(inputs.weight.grad, c.grad_weight ?? null);
  if (inputs.bias) expectMatches(inputs.bias.grad, c.grad_bias ?? null);
}
