import "server-only";
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { CourseRole } from "@/lib/auth/roles";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { lockCourseExams } from "@/lib/exceptions/manage-exceptions";
import type { LaunchClaims } from "./validate-id-token";

// The Chainrule course of an LMS course: (platform, deployment, context id).
// A context is linked once, by an instructor's first launch from it
// (lib/lti/pending-course-link.ts): to a Chainrule course they teach, or to a
// new, empty one. An LMS course is never joined to a Chainrule course by its
// name or slug, which an LMS could choose to reach a course that is not its own.
// The launcher's enrolment follows the LMS's role on every launch: the LMS
// is where their membership is managed.

export interface LinkedCourse {
  courseLinkId: string;
  courseId: string;
}

export type LmsContext = NonNullable<LaunchClaims["context"]>;

export interface CourseLinkKey {
  platformId: string;
  /** LtiDeployment.id (the row, not the claim's value). */
  deploymentId: string;
  contextId: string;
}

function courseSlug(label: string): string {
  const base = label
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${base || "lms-course"}-${randomBytes(4).toString("hex")}`;
}

/** The linked course of a context, its label and title refreshed; null when no one has linked it yet. */
export async function findCourseLink(db: Db, key: CourseLinkKey, context: LmsContext): Promise<LinkedCourse | null> {
  const link = await db.ltiCourseLink.findUnique({ where: { platformId_deploymentId_contextId: key } });
  if (!link) return null;
  if (link.contextLabel !== context.label || link.contextTitle !== context.title) {
    await db.ltiCourseLink.update({ where: { id: link.id }, data: { contextLabel: context.label, contextTitle: context.title } });
  }
  return { courseLinkId: link.id, courseId: link.courseId };
}

/**
 * Links the context to `courseId`, or to a new empty course named after it when null; audited. If someone
 * linked it meanwhile (two instructors at once), their link stands and is returned with `created: false`.
 */
export async function createCourseLink(
  db: Db,
  key: CourseLinkKey,
  context: LmsContext,
  courseId: string | null,
  actorId: string | null,
): Promise<LinkedCourse & { created: boolean }> {
  try {
    return await db.$transaction(async (tx) => {
      const course =
        courseId === null
          ? await tx.course.create({
              data: {
                slug: courseSlug(context.label || context.title),
                title: (context.title || context.label || "LMS course").slice(0, 200),
              },
            })
          : { id: courseId };
      const created = await tx.ltiCourseLink.create({
        data: { ...key, courseId: course.id, contextLabel: context.label, contextTitle: context.title },
      });
      await tx.auditLog.create({
        data: {
          actorId,
          courseId: course.id,
          action: courseId === null ? "lti.course.create" : "lti.course.link",
          entityType: "Course",
          entityId: course.id,
          after: { platformId: key.platformId, contextId: context.id },
        },
      });
      return { courseLinkId: created.id, courseId: course.id, created: true };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await findCourseLink(db, key, context);
    if (!existing) throw error;
    return { ...existing, created: false };
  }
}

/** Enrols the user with the role the LMS gives them (audited when it is new or changed). */
export async function enrolFromLaunch(db: Db, userId: string, courseId: string, role: CourseRole): Promise<void> {
  const existing = await db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } });
  if (existing?.role === role) return;
  try {
    await db.$transaction([
      // A learner made staff no longer holds an exam with their exception (lib/exceptions lockCourseExams).
      ...(existing ? [lockCourseExams(db, courseId)] : []),
      db.enrollment.upsert({ where: { userId_courseId: { userId, courseId } }, create: { userId, courseId, role }, update: { role } }),
      db.auditLog.create({
        data: {
          actorId: userId,
          courseId,
          action: "lti.enrollment",
          entityType: "Enrollment",
          entityId: `${userId}:${courseId}`,
          before: existing ? { role: existing.role } : undefined,
          after: { role },
        },
      }),
    ]);
  } catch (error) {
    // Two launches of one person at once both tried to create it: the other one did.
    if (!isUniqueViolation(error)) throw error;
  }
}
