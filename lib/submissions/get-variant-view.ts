import "server-only";
import type { Db } from "@/lib/db/client";
import type { VariantResponse } from "./contract";
import { revealedReferences } from "@/lib/problems/problem-definition";
import { openProblem, placementInfo, type OpenedProblem } from "./open-problem";
import { loadProblemHistory, partWeights, policyInfo, rulesOf, standingInfo, type ProblemHistory } from "./problem-state";

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
 * are included only when the assessment's reveal policy allows it now.
 */
export async function getVariantView({ db, userId, slug, assessmentId, sessionVersion, now = new Date() }: GetVariantViewOptions): Promise<VariantResponse> {
  const opened = await openProblem({ db, userId, slug, assessmentId, sessionVersion });
  return variantViewOf(opened, await loadProblemHistory(db, userId, opened.placement.id), now);
}

/** The view of an opened problem, given the user's history of it. */
export function variantViewOf(opened: OpenedProblem, { submissions, overrides }: ProblemHistory, now: Date): VariantResponse {
  const { placement, variant } = opened;
  const rules = rulesOf(placement.assessment);
  const policy = policyInfo(rules, submissions.length, now);
  return {
    variant: variant.public,
    placement: placementInfo(placement),
    policy,
    standing: standingInfo(rules, partWeights(variant), placement.points, submissions, overrides),
    ...(policy.referencesRevealed ? { references: revealedReferences(opened.problemRow, variant) } : {}),
  };
}
