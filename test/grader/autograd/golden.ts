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
