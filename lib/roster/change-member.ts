import "server-only";
import type { Db, Role } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { lockCourseExams } from "@/lib/exceptions/manage-exceptions";
import { assertInstructorRemains } from "./instructor-guard";

export interface ChangeMemberRoleOptions {
  db: Db;
  actorId: string;
  courseId: string;
  userId: string;
  role: Role;
}

async function currentEnrollment(db: Db, courseId: string, userId: string) {
  const enrollment = await db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } });
  if (!enrollment) throw new AppError("NOT_FOUND", "This person is not in the course.");
  return enrollment;
}

/** Changes a member's role, keeping at least one instructor; audited as enrollment.role. */
export async function changeMemberRole({ db, actorId, courseId, userId, role }: ChangeMemberRoleOptions): Promise<void> {
  await db.$transaction(async (tx) => {
    // A student made staff no longer holds an exam with their exception: never beside a grant's check.
    await lockCourseExams(tx, courseId);
    const enrollment = await currentEnrollment(tx as unknown as Db, courseId, userId);
    if (enrollment.role === role) return;
    await tx.enrollment.update({ where: { id: enrollment.id }, data: { role } });
    await tx.auditLog.create({
      data: {
        actorId,
        courseId,
        action: "enrollment.role",
        entityType: "Enrollment",
        entityId: `${userId}:${courseId}`,
        before: { role: enrollment.role },
        after: { role },
      },
    });
    await assertInstructorRemains(tx as unknown as Db, courseId);
  });
}

export interface RemoveMemberOptions {
  db: Db;
  actorId: string;
  courseId: string;
  userId: string;
}

/**
 * Removes someone from a course. Their account, and their submissions (kept
 * for the record and a possible re-enrolment), stay; they simply lose access.
 */
export async function removeMember({ db, actorId, courseId, userId }: RemoveMemberOptions): Promise<void> {
  await db.$transaction(async (tx) => {
    // Dropping the student whose exception holds an exam releases it: never beside a grant's check.
    await lockCourseExams(tx, courseId);
    const enrollment = await currentEnrollment(tx as unknown as Db, courseId, userId);
    await tx.enrollment.delete({ where: { id: enrollment.id } });
    await tx.auditLog.create({
      data: {
        actorId,
        courseId,
        action: "enrollment.remove",
        entityType: "Enrollment",
        entityId: `${userId}:${courseId}`,
        before: { role: enrollment.role, section: enrollment.section },
      },
    });
    await assertInstructorRemains(tx as unknown as Db, courseId);
  });
}
