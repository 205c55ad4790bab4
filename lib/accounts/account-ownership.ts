import "server-only";
import type { Db } from "@/lib/db/client";

// Whoever holds an account link holds the account: its courses, its
// submissions and any site-wide right. So an instructor may make one only for
// an account their courses wholly own. Checked when the link is made and
// again when it is used, since the account may have joined another course
// or been given a right in between (a claim link lasts a week).

/** Why a link from `courseId`, made by `actorId`, may not set the account's password. */
export type AccountLinkRefusal =
  /** The account is not in the course the link is made from. */
  | "not-in-course"
  /** A site admin or LTI registrar (scripts/admin/grant.ts): no course owns those rights. */
  | "site-rights"
  /** Signs in through an LMS, by (issuer, sub): it has no password, and must keep none (lib/lti/link-user.ts). */
  | "lms-account"
  /** Enrolled, in any role, in a course the actor does not teach, or the actor is gone. */
  | "other-courses";

export interface AccountLinkScope {
  /** The instructor who makes (or made) the link; null once their account was deleted. */
  actorId: string | null;
  courseId: string;
  userId: string;
}

/**
 * Null when the course owns the account: it is in `courseId`, every one of
 * its enrolments is in a course `actorId` is an instructor of, and it holds
 * no site-wide right and no LMS identity. Otherwise the reason. `db` may be
 * a transaction, so that the check and the new password are one change.
 */
export async function accountLinkRefusal(
  db: Pick<Db, "user" | "enrollment">,
  { actorId, courseId, userId }: AccountLinkScope,
): Promise<AccountLinkRefusal | null> {
  const member = await db.user.findUnique({
    where: { id: userId },
    select: {
      isAdmin: true,
      mayRegisterLtiPlatforms: true,
      enrollments: { select: { courseId: true } },
      ltiIdentities: { select: { id: true }, take: 1 },
    },
  });
  const courseIds = member?.enrollments.map((enrollment) => enrollment.courseId) ?? [];
  if (!member || !courseIds.includes(courseId)) return "not-in-course";
  if (member.isAdmin || member.mayRegisterLtiPlatforms) return "site-rights";
  if (actorId === null) return "other-courses";
  const taught = await db.enrollment.count({ where: { userId: actorId, role: "INSTRUCTOR", courseId: { in: courseIds } } });
  if (taught !== courseIds.length) return "other-courses";
  return member.ltiIdentities.length > 0 ? "lms-account" : null;
}
