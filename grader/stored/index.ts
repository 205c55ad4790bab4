/**
 * Problems and variants of a stored problem version (a Problem row), for
 * the app and for the grading worker threads alike: pure grader code, so
 * that a worker loads it under plain Node (test/lib/grading/worker-imports
 * checks that the worker imports nothing outside grader/). A folder of its
 * own because it sits above grader/problems, grader/authoring and
 * grader/bank: it imports all three, and none of them imports it.
 */
import { compileDocument, DocumentError } from "../authoring";
import { findBankProblem } from "../bank";
import { LruCache } from "../lru-cache";
import { ProblemError } from "../problems/errors";
import type { AnyProblem } from "../problems/types";
import { buildVariant, type Variant } from "../problems/variant";

/** A Problem row, as far as grading needs it. */
export interface ProblemRow {
  id: string;
  slug: string;
  version: number;
  source: "BANK" | "AUTHORED";
  /** An authored row's document (see documentOfStoredDefinition); unused for BANK rows, whose definition lives in grader/bank. */
  definition: unknown;
}

/**
 * The document of an authored row's stored definition. The app stores its
 * text, `{ documentText }` (lib/authoring/stored-document.ts says why); a
 * plain object is read as the document itself (a row written by hand or by
 * a script), as right as its key order.
 */
export function documentOfStoredDefinition(definition: unknown): unknown {
  if (
    typeof definition === "object" &&
    definition !== null &&
    typeof (definition as { documentText?: unknown }).documentText === "string"
  ) {
    return JSON.parse((definition as { documentText: string }).documentText);
  }
  return definition;
}

/**
 * The grader's definition of a stored problem version. Bank problems live
 * in code (grader/bank), which holds only the current version: a row of an
 * older version of a bank problem cannot be graded any more and says so,
 * with ProblemError UNAVAILABLE.
 */
export function problemFromStored(row: ProblemRow): AnyProblem {
  if (row.source === "BANK") {
    const problem = findBankProblem(row.slug);
    if (!problem) throw new ProblemError("UNAVAILABLE", `Problem ${row.slug} is not in this server's bank; ask your instructor.`);
    if (problem.version !== row.version) {
      throw new ProblemError(
        "UNAVAILABLE",
        `Problem ${row.slug} version ${row.version} is not in this server's bank ` +
          `(it has version ${problem.version}); ask your instructor to regrade.`,
      );
    }
    return problem;
  }
  return authoredProblem(row);
}

// A Problem row is immutable (a new version is a new row), so its compiled
// document is valid for as long as the process or thread lives: compile
// each row once. A miss only costs time.
const AUTHORED_CACHE_SIZE = 500;
const authoredCache = new LruCache<AnyProblem>(AUTHORED_CACHE_SIZE);

/**
 * An authored row's document, compiled. Publishing validated it on many
 * seeds, so a failure here means the stored document no longer compiles
 * with this server's grader (a stricter schema after an upgrade).
 */
function authoredProblem(row: ProblemRow): AnyProblem {
  return authoredCache.getOrCreate(row.id, () => {
    try {
      return compileDocument(documentOfStoredDefinition(row.definition));
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      throw new ProblemError(
        "UNAVAILABLE",
        `Problem ${row.slug} version ${row.version} does not compile on this server (${error.message}); ask your instructor.`,
      );
    }
  });
}

// Variants are pure functions of (problem version, seed), and building one
// computes every reference with the engine: keep recent ones.
const VARIANT_CACHE_SIZE = 2_000;
const variantCache = new LruCache<Variant>(VARIANT_CACHE_SIZE);

const variantKey = (row: ProblemRow, seed: number) => `${row.id}:${seed}`;

/** The variant of a stored problem version for a seed, built once per process (and once per grading thread). */
export function variantFromStored(row: ProblemRow, seed: number): Variant {
  return variantCache.getOrCreate(variantKey(row, seed), () => buildVariant(problemFromStored(row), seed));
}

/** The variant if this process has it already, without building it. */
export function knownVariantFromStored(row: ProblemRow, seed: number): Variant | undefined {
  return variantCache.get(variantKey(row, seed));
}

/** Keeps a variant a worker thread built, so that this process does not build it again. */
export function rememberVariantFromStored(row: ProblemRow, seed: number, variant: Variant): void {
  variantCache.set(variantKey(row, seed), variant);
}
