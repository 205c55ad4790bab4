// A course whose one placement is a pool (nn-backprop, with chain-rule and
// zero-init beside it), and students chosen by computing which member each
// draws with the app's own draw (lib/pools/draw-pool-member.ts).
import type { Db } from "@/lib/db/client";
import { pickPoolMember } from "@/lib/pools/draw-pool-member";
import { bankProblemRow } from "./course-fixture";
import { createStaffFixture } from "../lib/gradebook/staff-fixture";
import type { CourseFixtureOptions } from "./course-fixture";

export const POOL_SLUGS = ["nn-backprop", "chain-rule", "zero-init"] as const;
export type PoolSlug = (typeof POOL_SLUGS)[number];

/** A right answer to one part of each member (the whole of nn-backprop's d.dW0, chain-rule's a.formula). */
export const POOL_ANSWERS: Record<string, Record<string, string>> = {
  "nn-backprop": { "d.dW0": "(W1.T * z * (1 - z)) @ x.T" },
  "chain-rule": { "a.formula": "Jf @ Jg" },
  "zero-init": {},
};

export async function createPoolFixture(db: Db, options: CourseFixtureOptions = {}) {
  const fixture = await createStaffFixture(db, { slugs: ["nn-backprop"], ...options });
  const placement = fixture.placements[0];
  const members = await Promise.all(POOL_SLUGS.slice(1).map((slug) => bankProblemRow(db, slug)));
  await db.placementPoolMember.createMany({
    data: members.map((problem, i) => ({ assessmentProblemId: placement.id, problemId: problem.id, position: i + 1 })),
  });
  /** A new student who draws `slug` from the pool (of the members listed, by default the whole pool). */
  const studentDrawing = async (slug: PoolSlug, pool: readonly string[] = POOL_SLUGS) => {
    for (let i = 0; i < 100; i++) {
      const user = await fixture.addStudent(`pool-${slug}-${i}`);
      if (pickPoolMember(user.id, placement.id, pool) === slug) return user;
    }
    throw new Error(`No student drew ${slug} in 100 tries: the draw is not uniform.`);
  };
  return { ...fixture, placement, memberRows: members, studentDrawing };
}
