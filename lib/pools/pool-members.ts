import "server-only";
import type { Db } from "@/lib/db/client";

/** One problem a pooled placement may give a student. */
export interface PoolMember {
  problemId: string;
  slug: string;
  title: string;
}

/**
 * The members of each placement, in order, the placement's own problem
 * first: a placement that is not a pool has that one member. Placements
 * not found are left out of the map.
 */
export async function poolMembersOf(db: Db, assessmentProblemIds: readonly string[]): Promise<Map<string, PoolMember[]>> {
  const select = { id: true, slug: true, title: true } as const;
  const placements = await db.assessmentProblem.findMany({
    where: { id: { in: [...assessmentProblemIds] } },
    select: {
      id: true,
      problem: { select },
      poolMembers: { orderBy: { position: "asc" }, select: { problem: { select } } },
    },
  });
  const member = (p: { id: string; slug: string; title: string }): PoolMember => ({ problemId: p.id, slug: p.slug, title: p.title });
  return new Map(placements.map((p) => [p.id, [member(p.problem), ...p.poolMembers.map((m) => member(m.problem))]]));
}
