import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/db/unique-violation";

export interface JoinCourseOptions {
  db: Db;
  /** The signed-in user, checked by the caller. */
  userId: string;
  inviteCode: string;
}

/**
 * Enrols a signed-in user as a STUDENT of the course whose invite code they
 * hold. Someone already in the course keeps their role: an invite link never
 * changes a role, up or down. Audited as enrollment.join.
 */
export async function joinCourse({ db, userId, inviteCode }: JoinCourseOptions): Promise<{ courseId: string; joined: boolean }> {
  const code = inviteCode.trim();
  const course = code ? await db.course.findUnique({ where: { inviteCode: code }, select: { id: true } }) : null;
  if (!course) throw new AppError("NOT_FOUND", "This invite link is not valid any more; ask your instructor for a new one.");
  const courseId = course.id;
  try {
    await db.$transaction([
      db.enrollment.create({ data: { userId, courseId, role: "STUDENT" } }),
      db.auditLog.create({
        data: {
          actorId: userId,
          courseId,
          action: "enrollment.join",
          entityType: "Enrollment",
          entityId: `${userId}:${courseId}`,
          after: { role: "STUDENT" },
        },
      }),
    ]);
    return { courseId, joined: true };
  } catch (error) {
    if (isUniqueViolation(error)) return { courseId, joined: false };
    throw error;
  }
}
