/**
 * Section 09's PyTorch answers for seed 0 (test/fixtures/bank, made by
 * make_golden_section-09.py from section-09-params.json) and the helpers
 * its tests share.
 *
 * Tolerance: golden.ts's mixed 1e-10 relative (plus 1e-12 of the largest
 * entry): both sides are float64, in a different order of operations.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getBankProblem } from "@/grader/bank";
import { buildVariant, gradeSubmission, type Variant } from "@/grader/problems";
import { mismatches } from "../../autograd/golden";

const FIXTURES = join(__dirname, "../../../fixtures/bank");

type Answer = number | number[][];

interface Golden {
  torch: string;
  problems: Record<string, Record<string, Answer>>;
}

export const golden = JSON.parse(readFileSync(join(FIXTURES, "section-09.json"), "utf8")) as Golden;
export const exportedParams = JSON.parse(readFileSync(join(FIXTURES, "section-09-params.json"), "utf8")) as Record<string, unknown>;

export const variant = (slug: string, seed: number) => buildVariant(getBankProblem(slug), seed);
export const reference = (v: Variant, partId: string) => v.parts.find((part) => part.id === partId)!.reference;
export const grade = (v: Variant, partId: string, answer: unknown) =>
  gradeSubmission(v, { [partId]: answer as string }).parts.find((part) => part.id === partId)!;

/** Asserts that an engine value (a number or rows) agrees with PyTorch's within the mixed tolerance. */
export function expectMatchesTorch(actual: unknown, expected: Answer): void {
  const flat = (value: unknown) => (typeof value === "number" ? [value] : (value as number[][]).flat());
  if (typeof expected !== "number") {
    const rows = actual as number[][];
    expect([rows.length, rows[0].length]).toEqual([expected.length, expected[0].length]);
  }
  expect(mismatches(flat(actual), flat(expected))).toEqual([]);
}
