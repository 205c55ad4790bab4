import "server-only";
import type { Db } from "@/lib/db/client";
import type { VariantResponse } from "./contract";
import { revealedReferences } from "@/lib/problems/problem-definition";
import { openProblem, placementInfo, type OpenedProblem } from "./open-problem";
import type { PublicVariant, Variant } from "@/grader/problems";
import { loadProblemHistory, type ProblemHistory } from "./problem-history.sql";
import { partWeights, policyInfo, settledParts, standingForStudent, standingInfo, timingOf } from "./standing";

export interface GetVariantViewOptions {
  db: Db;
  userId: string;
  slug: string;
  assessmentId?: string;
  /** The session token's version, for requests made with a session (lib/problems/resolve-placement.ts). */
  sessionVersion?: number;
  now?: Date;
}

/**
 * The signed-in user's variant of a problem as the page shows it. References
 * are included only when the assessment's reveal policy allows it now, and
 * an extra that answers parts only once those parts are settled; while an
 * exam's results are held, neither, and no score (standingForStudent).
 */
export async function getVariantView({
  db,
  userId,
  slug,
  assessmentId,
  sessionVersion,
  now = new Date(),
}: GetVariantViewOptions): Promise<VariantResponse> {
  const opened = await openProblem({ db, userId, slug, assessmentId, sessionVersion, now });
  return variantViewOf(opened, await loadProblemHistory(db, userId, opened.placement.id), now);
}

/** The view of an opened problem, given the user's history of it. */
export function variantViewOf(opened: OpenedProblem, { submissions, overrides }: ProblemHistory, now: Date): VariantResponse {
  const { placement, variant } = opened;
  const rules = opened.effective.rules;
  const policy = policyInfo(rules, submissions.length, now, timingOf(placement.assessment, opened.startedAt, opened.effective));
  return {
    variant: withSettledExtras(variant, settledParts(rules, variant, submissions, now)),
    placement: placementInfo(placement),
    policy,
    standing: standingForStudent(standingInfo(rules, partWeights(variant), placement.points, submissions, overrides), policy.resultsHeld),
    ...(policy.referencesRevealed ? { references: revealedReferences(opened.problemRow, variant) } : {}),
  };
}

/**
 * The public variant, with each held extra (grader ProblemDefinition.heldExtras) whose parts are all settled in
 * place of its public form.
 */
function withSettledExtras(variant: Variant, settled: ReadonlySet<string>): PublicVariant {
  const released = Object.entries(variant.heldExtras).filter(([, held]) => held.answers.every((id) => settled.has(id)));
  if (released.length === 0) return variant.public;
  return {
    ...variant.public,
    extras: { ...variant.public.extras, ...Object.fromEntries(released.map(([name, held]) => [name, held.value])) },
  };
}
