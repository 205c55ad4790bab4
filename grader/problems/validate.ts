/**
 * `problems validate`: runs a problem on many seeds and checks that it is
 * sound: the variant and every reference compute, references fit their
 * answer kinds, every sample answer listed as correct scores 1 and every one
 * listed as wrong scores below 1, and nothing the student sees carries a
 * reference.
 */
import type { AnyProblem } from "./types";
import { buildVariant } from "./variant";
import { gradePart } from "./grade";

export interface ValidationFailure {
  slug: string;
  seed: number;
  part?: string;
  message: string;
}

export interface ValidationReport {
  slug: string;
  seeds: number;
  checks: number;
  failures: ValidationFailure[];
}

export const DEFAULT_VALIDATION_SEEDS = 50;

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function containsNumberArray(value: unknown): boolean {
  return Array.isArray(value) && value.some((entry) => typeof entry === "number" || containsNumberArray(entry));
}

export function validateProblem(problem: AnyProblem, seedCount = DEFAULT_VALIDATION_SEEDS): ValidationReport {
  const failures: ValidationFailure[] = [];
  let checks = 0;
  for (let seed = 0; seed < seedCount; seed++) {
    const fail = (message: string, part?: string) => failures.push({ slug: problem.slug, seed, ...(part ? { part } : {}), message });
    let variant;
    try {
      variant = buildVariant(problem, seed);
    } catch (error) {
      fail(`the variant does not build: ${(error as Error).message}`);
      continue;
    }
    const publicText = JSON.stringify(variant.public);
    const partIds = new Set(problem.parts.map((part) => part.id));
    for (const [name, held] of Object.entries(variant.heldExtras)) {
      checks++;
      const unknown = held.answers.filter((id) => !partIds.has(id));
      if (held.answers.length === 0 || unknown.length > 0) fail(`the held extra ${name} must name the parts it answers (unknown: ${unknown.join(", ") || "none named"})`);
    }
    for (const part of problem.parts) {
      const built = variant.parts.find((candidate) => candidate.id === part.id)!;
      let examples;
      try {
        examples = part.examples(variant.params);
      } catch (error) {
        fail(`its examples do not compute: ${(error as Error).message}`, part.id);
        continue;
      }
      if (examples.correct.length === 0) fail("it lists no correct sample answer", part.id);
      for (const answer of examples.correct) {
        checks++;
        try {
          const result = gradePart(variant, part.id, answer);
          if (result.score !== 1) fail(`the correct answer ${describe(answer)} scores ${result.score} (${result.status}: ${result.feedback})`, part.id);
        } catch (error) {
          fail(`grading ${describe(answer)} throws: ${(error as Error).message}`, part.id);
        }
      }
      for (const answer of examples.wrong) {
        checks++;
        try {
          const result = gradePart(variant, part.id, answer);
          if (result.score >= 1) fail(`the wrong answer ${describe(answer)} scores 1`, part.id);
        } catch (error) {
          fail(`grading ${describe(answer)} throws: ${(error as Error).message}`, part.id);
        }
      }
      // A computed array (a matrix, a numeric shape) must never reach the student's view. Scalars,
      // option ids and symbolic shapes are left out: they occur in any statement by chance.
      checks++;
      if (containsNumberArray(built.reference) && publicText.includes(JSON.stringify(built.reference))) {
        fail("the student's view of the variant contains this part's reference", part.id);
      }
    }
  }
  return { slug: problem.slug, seeds: seedCount, checks, failures };
}
