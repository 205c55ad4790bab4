import "server-only";
import type { Db } from "@/lib/db/client";
import { pickPoolMember } from "./draw-pool-member";
import { poolMembersOf } from "./pool-members";

export interface DrawnMemberOptions {
  db: Db;
  userId: string;
  assessmentProblemId: string;
  /** The placement's own problem (member 0). */
  placementProblemId: string;
  /** Whether the placement has other members (PlacementPoolMember rows). */
  pooled: boolean;
  /** The problem version of the user's variant, once drawn: it wins over any draw, whatever the pool has become. */
  variantProblemId: string | null;
}

/**
 * The problem version a user works on in a placement: their variant's once
 * drawn; before that, the placement's own problem, or for a pool the member
 * drawn for them (draw-pool-member.ts), which the caller then stores in the
 * variant. Editing a pool later changes no stored draw.
 */
export async function drawnMemberId({ db, userId, assessmentProblemId, placementProblemId, pooled, variantProblemId }: DrawnMemberOptions) {
  if (variantProblemId !== null) return variantProblemId;
  if (!pooled) return placementProblemId;
  const members = (await poolMembersOf(db, [assessmentProblemId])).get(assessmentProblemId) ?? [];
  return pickPoolMember(userId, assessmentProblemId, members).problemId;
}
