import "server-only";
import type { Db } from "@/lib/db/client";
import type { VariantResponse } from "./contract";
import { revealedReferences } from "@/lib/problems/problem-definition";
import { openProblem, placementInfo } from "./open-problem";
import { loadProblemHistory, partWeights, policyInfo, rulesOf, standingInfo } from "./problem-state";

export interface GetVariantViewOptions {
  db: Db;
  userId: string;
  slug: string;
  assessmentId?: string;
  now?: Date;
}

/**
 * The signed-in user's variant of a problem as the page shows it. References
 * are included only when the assessment's reveal policy allows it now.
 */
export async function getVariantView({ db, userId, slug, assessmentId, now = new Date() }: GetVariantViewOptions): Promise<VariantResponse> {
  const opened = await openProblem({ db, userId, slug, assessmentId });
  const { placement, variant } = opened;
  const rules = rulesOf(placement.assessment);
  const { submissions, overrides } = await loadProblemHistory(db, userId, placement.id);
  const policy = policyInfo(rules, submissions.length, now);
  return {
    variant: variant.public,
    placement: placementInfo(placement),
    policy,
    standing: standingInfo(rules, partWeights(variant), placement.points, submissions, overrides),
    ...(policy.referencesRevealed ? { references: revealedReferences(opened.problemRow, variant) } : {}),
  };
}
