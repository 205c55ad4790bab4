import "server-only";
import type { DocumentProblem } from "@/grader/authoring";
import { DEFAULT_VALIDATION_SEEDS, validateProblem } from "@/grader/problems";
import { AppError } from "@/lib/errors";
import { MAX_REPORTED_FAILURES, type DocumentFormat, type DocumentValidation } from "./contract";
import { compileDocumentText } from "./read-document";

/** More seeds than this would hold a server worker for too long (50 seeds of the tanh example take about a second). */
export const MAX_VALIDATION_SEEDS = 200;

export interface ValidateProblemDocumentOptions {
  text: string;
  format?: DocumentFormat;
  /** Seeds 0 … seeds − 1; seed 0 is the handout's numbers. */
  seeds?: number;
}

/**
 * Runs a document as `problems validate` runs a bank problem: it must
 * compile, and on every seed its variant must build, its references fit
 * their answer kinds, its correct samples score 1 and its wrong ones below
 * 1, and no reference may show in the student's view. CPU only; the caller
 * checks who may ask.
 */
export function validateProblemDocument({ text, format, seeds = DEFAULT_VALIDATION_SEEDS }: ValidateProblemDocumentOptions): DocumentValidation {
  if (!Number.isInteger(seeds) || seeds < 1 || seeds > MAX_VALIDATION_SEEDS) {
    throw new AppError("INVALID_INPUT", `Validate on 1 to ${MAX_VALIDATION_SEEDS} seeds.`);
  }
  const compiled = compileDocumentText(text, format);
  if (!compiled.ok) return { status: "invalid-document", error: compiled.error };
  return validateCompiled(compiled.problem, seeds);
}

/** Runs a compiled document on seeds 0 … seeds − 1. */
export function validateCompiled(problem: DocumentProblem, seeds: number): DocumentValidation {
  const report = validateProblem(problem, seeds);
  if (report.failures.length === 0) return { status: "valid", slug: report.slug, seeds, checks: report.checks };
  return {
    status: "failing-seeds",
    slug: report.slug,
    seeds,
    checks: report.checks,
    failures: report.failures.slice(0, MAX_REPORTED_FAILURES),
    failureCount: report.failures.length,
  };
}

/** "seed 7, part c.dW1: the correct answer … scores 0": the first failure, as a sentence. */
export function describeFirstFailure(validation: Extract<DocumentValidation, { status: "failing-seeds" }>): string {
  const [first] = validation.failures;
  const more = validation.failureCount > 1 ? ` (${validation.failureCount - 1} more failure${validation.failureCount > 2 ? "s" : ""} on ${validation.seeds} seeds)` : "";
  return `seed ${first.seed}${first.part ? `, part ${first.part}` : ""}: ${first.message}${more}`;
}
