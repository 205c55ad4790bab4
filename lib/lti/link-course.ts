import "server-only";
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { CourseRole } from "@/lib/auth/roles";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import type { LaunchClaims } from "./validate-id-token";

// The Chainrule course of an LMS course: (platform, deployment, context id),
// made with a new, empty course on the first launch from the context. An LMS
// course is never joined to an existing Chainrule course by its name or
// slug, which an LMS could choose to reach a course that is not its own.
// The launcher's enrolment follows the LMS's role on every launch: the LMS
// is where their membership is managed.

export interface LinkedCourse {
  courseLinkId: string;
  courseId: string;
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

export async function linkCourse(
  db: Db,
  platformId: string,
  deploymentRowId: string,
  context: NonNullable<LaunchClaims["context"]>,
): Promise<LinkedCourse> {
  const key = { platformId, deploymentId: deploymentRowId, contextId: context.id };
  for (let attempt = 0; ; attempt++) {
    const link = await db.ltiCourseLink.findUnique({ where: { platformId_deploymentId_contextId: key } });
    if (link) {
      if (link.contextLabel !== context.label || link.contextTitle !== context.title) {
        await db.ltiCourseLink.update({ where: { id: link.id }, data: { contextLabel: context.label, contextTitle: context.title } });
      }
      return { courseLinkId: link.id, courseId: link.courseId };
    }
    try {
      return await db.$transaction(async (tx) => {
        const course = await tx.course.create({
          data: { slug: courseSlug(context.label || context.title), title: (context.title || context.label || "LMS course").slice(0, 200) },
        });
        const created = await tx.ltiCourseLink.create({
          data: { ...key, courseId: course.id, contextLabel: context.label, contextTitle: context.title },
        });
        await tx.auditLog.create({
          data: {
            courseId: course.id,
            action: "lti.course.create",
            entityType: "Course",
            entityId: course.id,
            after: { platformId, contextId: context.id },
          },
        });
        return { courseLinkId: created.id, courseId: course.id };
      });
    } catch (error) {
      if (attempt < 2 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

/** Enrols the user with the role the LMS gives them (audited when it is new or changed). */
export async function enrolFromLaunch(db: Db, userId: string, courseId: string, role: CourseRole): Promise<void> {
  const existing = await db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } });
  if (existing?.role === role) return;
  try {
    await db.$transaction([
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
