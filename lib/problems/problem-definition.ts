import "server-only";
import type { Json, Variant } from "@/grader/problems";
import { findBankProblem } from "@/grader/bank";
import { problemFromStored, type ProblemRow } from "@/grader/stored";
import { appErrorOfProblem } from "@/lib/errors";
import type { PartWeight } from "@/lib/submissions/policy";

// What the app reads off a stored problem version beyond its definition and
// variants, which come from grader/stored/.

/** Still imported from here by lib/submissions/open-problem.ts. */
export type { ProblemRow };

/**
 * References as a student may see them once revealed. An expression part's
 * reference is often `grad(y, W0)`, which tells a student nothing; they see
 * the problem's first sample correct answer instead, which `problems
 * validate` checks scores 1 against that reference on every seed.
 */
export function revealedReferences(row: ProblemRow, variant: Variant): Record<string, Json> {
  const definition = problemFromStored(row);
  return Object.fromEntries(
    variant.parts.map((part) => {
      if (part.answer.kind !== "expression") return [part.id, part.reference];
      const written = definition.parts
        .find((p) => p.id === part.id)
        ?.examples(variant.params)
        .correct.find((answer) => typeof answer === "string");
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
    return { parts: weightsOf(problemFromStored(row).parts), definitionAvailable: true };
  } catch (error) {
    if (!appErrorOfProblem(error)) throw error;
    const current = row.source === "BANK" ? findBankProblem(row.slug) : undefined;
    return { parts: current ? weightsOf(current.parts) : [], definitionAvailable: false };
  }
}

function weightsOf(parts: readonly PartWeight[]): PartWeight[] {
  return parts.map((part) => ({ id: part.id, points: part.points }));
}
