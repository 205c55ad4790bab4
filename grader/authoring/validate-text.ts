/**
 * Compiling a document's text and validating it on many seeds: the CPU
 * work of the problem editor, run in a grading worker thread
 * (lib/grading/grading-task.ts), never on the thread that answers requests.
 */
import { DEFAULT_VALIDATION_SEEDS, ProblemError, validateProblem, type ValidationFailure } from "../problems";
import { importDocument, type DocumentFormat } from "./codec";
import { compileDocument, type DocumentProblem } from "./compile";
import { DocumentError, type DocumentErrorCode } from "./errors";
import type { ProblemDocumentInput } from "./schema";

/** A DocumentError as JSON (its toJSON): its code, the path shown as `parts[2].reference`, and every issue found. */
export interface DocumentErrorInfo {
  code: DocumentErrorCode;
  path: string;
  message: string;
  issues: { path: string; message: string }[];
}

/**
 * The outcome of running a document on many seeds, as `problems validate`
 * does. `failures` lists at most MAX_REPORTED_FAILURES, first seeds first;
 * `failureCount` counts them all.
 */
export type DocumentValidation =
  | { status: "valid"; slug: string; seeds: number; checks: number }
  | { status: "invalid-document"; error: DocumentErrorInfo }
  | { status: "failing-seeds"; slug: string; seeds: number; checks: number; failures: ValidationFailure[]; failureCount: number };

export const MAX_REPORTED_FAILURES = 20;

/** More seeds than this would hold a worker thread for too long (a few seconds for the heaviest document the limits allow). */
export const MAX_VALIDATION_SEEDS = 200;

export type CompiledText =
  /** `document` as written (defaults left out), validated; `problem` compiled from it. */
  { ok: true; document: ProblemDocumentInput; problem: DocumentProblem } | { ok: false; error: DocumentErrorInfo };

/**
 * Reads a document's text (JSON or YAML) and compiles it. Compiling is
 * where everything that does not depend on a seed is checked, its cost
 * included (grader/authoring/cost.ts); nothing of the author's runs,
 * whatever the text says. A DocumentError is the author's mistake and comes
 * back as a value; any other error is a bug and is thrown.
 */
export function compileDocumentText(text: string, format?: DocumentFormat): CompiledText {
  try {
    const document = importDocument(text, format);
    return { ok: true, document, problem: compileDocument(document) };
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
    return { ok: false, error: error.toJSON() };
  }
}

export interface ValidateDocumentTextOptions {
  text: string;
  format?: DocumentFormat;
  /** Seeds 0 … seeds − 1; seed 0 is the handout's numbers. */
  seeds?: number;
}

/**
 * Runs a document as `problems validate` runs a bank problem: it must
 * compile, and on every seed its variant must build, its references fit
 * their answer kinds, its correct samples score 1 and its wrong ones below
 * 1, and no reference may show in the student's view.
 */
export function validateDocumentText({ text, format, seeds = DEFAULT_VALIDATION_SEEDS }: ValidateDocumentTextOptions): DocumentValidation {
  if (!Number.isInteger(seeds) || seeds < 1 || seeds > MAX_VALIDATION_SEEDS) {
    throw new ProblemError("INVALID_SEED", `Validate on 1 to ${MAX_VALIDATION_SEEDS} seeds.`);
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
