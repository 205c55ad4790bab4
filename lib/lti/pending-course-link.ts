import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { AuthorizedUser } from "@/lib/auth/session";
import { loadMemberships } from "@/lib/auth/credentials";
import type { Membership } from "@/lib/auth/roles";
import { createCourseLink, enrolFromLaunch, type CourseLinkKey, type LmsContext } from "./link-course";
import { landLaunch } from "./landing";
import { readHandoff, signHandoff } from "./handoff-token";
import { recordContextMembership } from "./context-membership";

// An instructor's first launch from an LMS course that is not linked yet
// (docs/lti.md, Linking an LMS course): the launch signs them in and sends
// them to /lti/link-course with this token, which carries what the launch
// proved (platform, deployment, context, resource link) for 30 minutes
// (lib/lti/handoff-token.ts: signed, and bound to the person who launched),
// so nothing needs storing while they choose. Only an LMS instructor gets one;
// the course they pick must be one they teach in Chainrule too.

const LIFETIME_SECONDS = 30 * 60;
const START_OVER = "open the Chainrule link in your LMS course again to start over.";

export interface PendingCourseLink {
  userId: string;
  key: CourseLinkKey;
  context: LmsContext;
  resourceLink: { id: string; title: string } | null;
  custom: Record<string, string>;
}

const pendingSchema = z.object({
  key: z.object({ platformId: z.string(), deploymentId: z.string(), contextId: z.string() }),
  context: z.object({ id: z.string(), label: z.string(), title: z.string() }),
  resourceLink: z.object({ id: z.string(), title: z.string() }).nullable(),
  custom: z.record(z.string(), z.string()),
});

export function signPendingCourseLink({ userId, ...pending }: PendingCourseLink, now = new Date()): Promise<string> {
  return signHandoff("lti-pending-course-link", userId, { ...pending }, LIFETIME_SECONDS, now);
}

/** The pending link the token carries, if it is genuine, current and `userId`'s; FORBIDDEN otherwise. */
export async function readPendingCourseLink(token: string, userId: string, now = new Date()): Promise<PendingCourseLink> {
  const pending = await readHandoff("lti-pending-course-link", token, userId, pendingSchema, START_OVER, now);
  return { userId, ...pending };
}

export interface LinkableCourse {
  id: string;
  title: string;
  slug: string;
  term: string;
}

/** The Chainrule courses the user teaches (INSTRUCTOR), which an LMS course of theirs may be linked to. */
export async function linkableCoursesFor(db: Db, userId: string): Promise<LinkableCourse[]> {
  const rows = await db.enrollment.findMany({
    where: { userId, role: "INSTRUCTOR" },
    select: { course: { select: { id: true, title: true, slug: true, term: true } } },
    orderBy: { course: { title: "asc" } },
  });
  return rows.map((row) => row.course);
}

export interface CompleteCourseLinkResult {
  courseId: string;
  /** false when another instructor linked the LMS course first; theirs stands. */
  linked: boolean;
  landingPath: string;
  memberships: Membership[];
}

/**
 * Links the pending LMS course to `courseId` (a course the user teaches) or, when null, to a new course,
 * then enrols the user as INSTRUCTOR and finds where their launch lands.
 */
export async function completeCourseLink(
  db: Db,
  user: AuthorizedUser,
  input: { pending: string; courseId: string | null },
  now = new Date(),
): Promise<CompleteCourseLinkResult> {
  const pending = await readPendingCourseLink(input.pending, user.id, now);
  if (input.courseId !== null) {
    const teaches = await db.enrollment.findUnique({ where: { userId_courseId: { userId: user.id, courseId: input.courseId } } });
    if (teaches?.role !== "INSTRUCTOR") {
      throw new AppError(
        "FORBIDDEN",
        "You can link an LMS course only to a Chainrule course you teach; choose one of yours or a new course.",
      );
    }
  }
  const link = await createCourseLink(db, pending.key, pending.context, input.courseId, user.id);
  await enrolFromLaunch(db, user.id, link.courseId, "INSTRUCTOR");
  await recordContextMembership(db, { userId: user.id, courseLinkId: link.courseLinkId, source: "launch", now });
  const landingPath = await landLaunch(db, {
    platformId: pending.key.platformId,
    courseLinkId: link.courseLinkId,
    courseId: link.courseId,
    resourceLink: pending.resourceLink,
    custom: pending.custom,
    role: "INSTRUCTOR",
  });
  return { courseId: link.courseId, linked: link.created, landingPath, memberships: await loadMemberships(db, user.id) };
}
