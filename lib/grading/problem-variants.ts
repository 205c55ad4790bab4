/**
 * Problems and variants from a stored Problem row, for code that runs outside
 * a React Server Component bundle: the grading worker threads (plain Node
 * with tsx, no "server-only", no Prisma). The logic is the one of
 * lib/problems/problem-definition.ts, which imports "server-only" and so
 * cannot load in a worker; that module can re-export these functions, so
 * that one piece of code serves both.
 *
 * Imports are relative (not "@/…"): the worker resolves them without the
 * app's bundler or tsconfig paths.
 */
import { findBankProblem } from "../../grader/bank";
import { compileDocument, DocumentError } from "../../grader/authoring";
import { buildVariant, type AnyProblem, type Variant } from "../../grader/problems";
import { AppError } from "../errors";
import { LruCache } from "../lru-cache";

/** A Problem row, as far as grading needs it. */
export interface ProblemRow {
  id: string;
  slug: string;
  version: number;
  source: "BANK" | "AUTHORED";
  /** The authored document (lib/authoring/stored-document.ts); unused for BANK rows, whose definition lives in grader/bank. */
  definition: unknown;
}

/**
 * The document of a stored definition: `{ documentText }` as written by
 * lib/authoring/stored-document.ts (whose `documentOfDefinition` is this
 * function behind "server-only"), or a plain object read as the document.
 */
export function documentOfStoredDefinition(definition: unknown): unknown {
  if (typeof definition === "object" && definition !== null && typeof (definition as { documentText?: unknown }).documentText === "string") {
    return JSON.parse((definition as { documentText: string }).documentText);
  }
  return definition;
}

/**
 * The grader's definition of a stored problem version. Bank problems live
 * in code (grader/bank), which holds only the current version: a row of an
 * older version of a bank problem cannot be graded any more and says so.
 */
export function problemOfRow(row: ProblemRow): AnyProblem {
  if (row.source === "BANK") {
    const problem = findBankProblem(row.slug);
    if (!problem) throw new AppError("UNAVAILABLE", `Problem ${row.slug} is not in this server's bank; ask your instructor.`);
    if (problem.version !== row.version) {
      throw new AppError(
        "UNAVAILABLE",
        `Problem ${row.slug} version ${row.version} is not in this server's bank (it has version ${problem.version}); ask your instructor to regrade.`,
      );
    }
    return problem;
  }
  return authoredProblem(row);
}

// A Problem row is immutable (a new version is a new row), so its compiled
// document is valid for as long as the thread lives: compile each row once.
// Compiling costs milliseconds, so a miss only costs time.
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
      throw new AppError("UNAVAILABLE", `Problem ${row.slug} version ${row.version} does not compile on this server (${error.message}); ask your instructor.`);
    }
  });
}

// Variants are pure functions of (problem version, seed), and building one
// computes every reference with the engine: keep recent ones.
const VARIANT_CACHE_SIZE = 2_000;
const variantCache = new LruCache<Variant>(VARIANT_CACHE_SIZE);

const variantKey = (row: ProblemRow, seed: number) => `${row.id}:${seed}`;

/** The variant of a stored problem version for a seed, built once per thread. */
export function variantOfRow(row: ProblemRow, seed: number): Variant {
  return variantCache.getOrCreate(variantKey(row, seed), () => buildVariant(problemOfRow(row), seed));
}

/** The variant if this thread has it already, without building it. */
export function knownVariantOfRow(row: ProblemRow, seed: number): Variant | undefined {
  return variantCache.get(variantKey(row, seed));
}

/** Keeps a variant another thread built, so that this thread does not build it again. */
export function rememberVariantOfRow(row: ProblemRow, seed: number, variant: Variant): void {
  variantCache.set(variantKey(row, seed), variant);
}
