/**
 * Section 08's tests against PyTorch: the seed-0 answers that
 * test/fixtures/bank/make_golden_section_08.py computed from the parameters
 * the bank draws, and helpers to grade a part and to evaluate a formula
 * part's reference at a concrete instance. Tolerance as the engine's
 * fixtures (test/grader/autograd/golden.ts): both sides are float64, in a
 * different order of operations.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tensor } from "@/grader/autograd";
import { getBankProblem } from "@/grader/bank";
import { analyzeExpression, compileEnvironment, evaluate } from "@/grader/expr";
import { buildVariant, gradeSubmission, type Variant } from "@/grader/problems";
import { mismatches } from "../../autograd/golden";

const FIXTURE = join(__dirname, "../../../fixtures/bank/section-08.json");

interface Golden {
  torch: string;
  problems: Record<string, Record<string, unknown>>;
}

const golden = JSON.parse(readFileSync(FIXTURE, "utf8")) as Golden;

export function goldenAnswers<T>(slug: string): T {
  return golden.problems[slug] as T;
}

export const goldenTorchVersion = golden.torch;

export const seed0 = (slug: string) => buildVariant(getBankProblem(slug), 0);

export const variant = (slug: string, seed: number) => buildVariant(getBankProblem(slug), seed);

export const reference = (v: Variant, partId: string) => v.parts.find((part) => part.id === partId)!.reference;

export const grade = (v: Variant, partId: string, answer: unknown) =>
  gradeSubmission(v, { [partId]: answer as string }).parts.find((part) => part.id === partId)!;

/** Asserts that nested arrays agree entrywise within the engine fixtures' mixed tolerance. */
export function expectClose(actual: unknown, expected: unknown): void {
  const flat = (value: unknown) => [value].flat(Infinity) as number[];
  expect(mismatches(flat(actual), flat(expected))).toEqual([]);
}

/**
 * A formula part's reference (grad(L, W1), …) evaluated in the part's own
 * context at the given sizes and values: what pins a formula against PyTorch.
 */
export function evaluateFormula(v: Variant, partId: string, dims: Record<string, number>, values: Record<string, number[][]>): number[][] {
  const part = v.parts.find((candidate) => candidate.id === partId)!;
  if (part.answer.kind !== "expression") throw new Error(`${partId} is not a formula part`);
  const environment = compileEnvironment(part.answer.context);
  const analysis = analyzeExpression(part.reference as string, environment, { allowGrad: true });
  if (!analysis.ok) throw analysis.error;
  const instance = { dims, values: new Map(Object.entries(values).map(([name, rows]) => [name, tensor(rows)])) };
  return evaluate(analysis.typed, environment, instance).toArray() as number[][];
}
