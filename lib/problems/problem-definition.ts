import "server-only";
import type { Json, Variant } from "@/grader/problems";
import { findBankProblem } from "@/grader/bank";
import { problemOfRow, variantOfRow, type ProblemRow } from "@/lib/grading/problem-variants";
import { isAppError } from "@/lib/errors";
import type { PartWeight } from "@/lib/submissions/policy";

// A stored problem version's grader definition and variants. The code lives
// in lib/grading/problem-variants.ts, free of "server-only", because the
// grading worker threads need the same definitions; the app imports it from
// here under the names it has always used.

export type { ProblemRow };

/**
 * The grader's definition of a stored problem version. Bank problems live
 * in code (grader/bank), which holds only the current version: a row of an
 * older version of a bank problem cannot be graded any more and says so.
 */
export const problemDefinition = problemOfRow;

/** The variant of a stored problem version for a seed, built once per process (and once per grading thread). */
export const cachedVariant = variantOfRow;

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

/**
 * Part ids and points of a stored version, for totals that must not fail:
 * its definition's, or, when the version cannot be built any more (an older
 * version of a bank problem, an authored document over today's cost caps),
 * the bank's current parts, else none. `definitionAvailable` says which, so
 * that staff pages can point to the regrade page.
 */
export function partWeightsOfRow(row: ProblemRow): { parts: PartWeight[]; definitionAvailable: boolean } {
  try {
    return { parts: weightsOf(problemDefinition(row).parts), definitionAvailable: true };
  } catch (error) {
    if (!isAppError(error) || error.code !== "UNAVAILABLE") throw error;
    const current = row.source === "BANK" ? findBankProblem(row.slug) : undefined;
    return { parts: current ? weightsOf(current.parts) : [], definitionAvailable: false };
  }
}

function weightsOf(parts: readonly PartWeight[]): PartWeight[] {
  return parts.map((part) => ({ id: part.id, points: part.points }));
}
