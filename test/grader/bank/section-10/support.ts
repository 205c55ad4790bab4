/** Shared by the Section 10 tests: seed variants, grading one part, and the PyTorch answers of test/fixtures/bank/section-10.json. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getBankProblem } from "@/grader/bank";
import { buildVariant, gradeSubmission, type Variant } from "@/grader/problems";
import { mismatches } from "../../autograd/golden";

export const variant = (slug: string, seed: number) => buildVariant(getBankProblem(slug), seed);
export const reference = (v: Variant, partId: string) => v.parts.find((part) => part.id === partId)!.reference;
export const grade = (v: Variant, partId: string, answer: unknown) =>
  gradeSubmission(v, { [partId]: answer as string }).parts.find((part) => part.id === partId)!;

/** PyTorch's seed-0 answers, by problem slug (make_golden_section-10.py). */
export const GOLDEN = JSON.parse(readFileSync(join(__dirname, "../../../fixtures/bank/section-10.json"), "utf8")) as Record<
  string,
  Record<string, unknown>
>;

/** Asserts that a reference (a number or nested rows) agrees with PyTorch's within golden.ts's float64 tolerance. */
export function expectAgrees(actual: unknown, expected: unknown): void {
  const flat = (value: unknown): number[] => (Array.isArray(value) ? value.flatMap(flat) : [value as number]);
  const shape = (value: unknown): number[] => (Array.isArray(value) ? [value.length, ...shape(value[0])] : []);
  expect(shape(actual)).toEqual(shape(expected));
  expect(mismatches(flat(actual), flat(expected))).toEqual([]);
}
