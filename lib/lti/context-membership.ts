import "server-only";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/unique-violation";

// Who is in which LMS course (LtiContextMembership), so that a score goes
// only to the gradebook columns of LMS courses the student is in: a course
// linked to several LMS courses (contexts) would otherwise send each score
// to all of them, and the LMSes refuse a score of someone not in the course.
// A launch from a context confirms its launcher; a roster sync confirms
// every member it lists and removes the memberships it no longer confirms
// (pruneContextMemberships), whatever confirmed them before: the roster is
// the LMS's newest word. A removed member's next launch adds them again.

export type MembershipSource = "launch" | "roster";

export interface RecordMembershipOptions {
  userId: string;
  /** LtiCourseLink.id of the context. */
  courseLinkId: string;
  source: MembershipSource;
  now: Date;
}

/** Records (or confirms again) that the user is in the LMS course. */
export async function recordContextMembership(db: Db, { userId, courseLinkId, source, now }: RecordMembershipOptions): Promise<void> {
  const upsert = () =>
    db.ltiContextMembership.upsert({
      where: { userId_courseLinkId: { userId, courseLinkId } },
      create: { userId, courseLinkId, source, lastSeenAt: now },
      update: { source, lastSeenAt: now },
    });
  // Two launches of one person at once: the loser of the insert updates the winner's row.
  await upsert().catch((error: unknown) => {
    if (isUniqueViolation(error)) return upsert();
    throw error;
  });
}

/**
 * After a complete roster sync that started at `syncStartedAt` and confirmed every member it listed at that time:
 * removes the context's memberships it did not confirm. One confirmed later (a launch during the sync) stays.
 */
export async function pruneContextMemberships(db: Db, courseLinkId: string, syncStartedAt: Date): Promise<number> {
  const removed = await db.ltiContextMembership.deleteMany({ where: { courseLinkId, lastSeenAt: { lt: syncStartedAt } } });
  return removed.count;
}
