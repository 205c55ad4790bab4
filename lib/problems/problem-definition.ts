import "server-only";
import { findBankProblem } from "@/grader/bank";
import { compileDocument, DocumentError } from "@/grader/authoring";
import { buildVariant, type AnyProblem, type Json, type Variant } from "@/grader/problems";
import { AppError } from "@/lib/errors";
import { documentOfDefinition } from "@/lib/authoring/stored-document";

/** A Problem row, as far as grading needs it. */
export interface ProblemRow {
  id: string;
  slug: string;
  version: number;
  source: "BANK" | "AUTHORED";
  definition: unknown;
}

/**
 * The grader's definition of a stored problem version. Bank problems live
 * in code (grader/bank), which holds only the current version: a row of an
 * older version of a bank problem cannot be graded any more and says so.
 */
export function problemDefinition(row: ProblemRow): AnyProblem {
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
  return authoredDefinition(row);
}

// A Problem row is immutable (a new version is a new row), so its compiled
// document is valid for as long as the process lives: compile each row once.
// Bounded like the variant cache below; compiling costs milliseconds, so a
// miss only costs time.
const AUTHORED_CACHE_SIZE = 500;
const authoredCache = new Map<string, AnyProblem>();

/**
 * An authored row's document, compiled. Publishing validated it on many
 * seeds, so a failure here means the stored document no longer compiles
 * with this server's grader (a stricter schema after an upgrade): the
 * student is told to ask, and the instructor can publish a fixed version.
 */
function authoredDefinition(row: ProblemRow): AnyProblem {
  const hit = authoredCache.get(row.id);
  if (hit) return hit;
  let problem: AnyProblem;
  try {
    problem = compileDocument(documentOfDefinition(row.definition));
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
    throw new AppError("UNAVAILABLE", `Problem ${row.slug} version ${row.version} does not compile on this server (${error.message}); ask your instructor.`);
  }
  authoredCache.set(row.id, problem);
  if (authoredCache.size > AUTHORED_CACHE_SIZE) authoredCache.delete(authoredCache.keys().next().value!);
  return problem;
}

// Variants are pure functions of (problem version, seed), and building one
// computes every reference with the engine: keep recent ones. A bounded map
// in insertion order, refreshed on use (least recently used goes first).
const VARIANT_CACHE_SIZE = 2_000;
const variantCache = new Map<string, Variant>();

/** The variant of a stored problem version for a seed, built once per process. */
export function cachedVariant(row: ProblemRow, seed: number): Variant {
  const key = `${row.id}:${seed}`;
  const hit = variantCache.get(key);
  if (hit) {
    variantCache.delete(key);
    variantCache.set(key, hit);
    return hit;
  }
  const variant = buildVariant(problemDefinition(row), seed);
  variantCache.set(key, variant);
  if (variantCache.size > VARIANT_CACHE_SIZE) variantCache.delete(variantCache.keys().next().value!);
  return variant;
}

/**
 * References as a student may see them once revealed. An expression part's
 * reference is often `grad(y, W0)`, which tells a student nothing; they see
 * the problem's first sample correct answer instead, which `problems
 * validate` checks scores 1 against that reference on every seed.
 */
export function revealedReferences(row: ProblemRow, variant: Variant): Record<string, Json> {
  const definition = problemDefinition(row);
  return Object.fromEntries(
    variant.parts.map((part) => {
      if (part.answer.kind !== "expression") return [part.id, part.reference];
      const written = definition.parts.find((p) => p.id === part.id)?.examples(variant.params).correct.find((answer) => typeof answer === "string");
      return [part.id, written ?? part.reference];
    }),
  );
}
