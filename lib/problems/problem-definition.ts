import "server-only";
import { findBankProblem } from "@/grader/bank";
import { buildVariant, type AnyProblem, type Json, type Variant } from "@/grader/problems";
import { AppError } from "@/lib/errors";

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
  throw new AppError("UNAVAILABLE", `Problem ${row.slug} was authored in the browser, which this server cannot grade yet.`);
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
