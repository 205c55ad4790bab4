import "server-only";
import type { Db, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { ExceptionBody } from "./requests";

const SHOWN = {
  id: true,
  userId: true,
  section: true,
  dueAt: true,
  lateCutoffAt: true,
  extraAttempts: true,
  timeMultiplier: true,
  reason: true,
  createdById: true,
  createdAt: true,
} as const;

async function courseOf(db: Db, assessmentId: string) {
  const assessment = await db.assessment.findUnique({ where: { id: assessmentId }, select: { courseId: true } });
  if (!assessment) throw new AppError("NOT_FOUND", "There is no such assessment.");
  return assessment.courseId;
}

/** The assessment's exceptions, newest first (the caller checked the staff role). */
export async function listExceptions(db: Db, assessmentId: string) {
  await courseOf(db, assessmentId);
  return db.assessmentException.findMany({ where: { assessmentId }, select: SHOWN, orderBy: { createdAt: "desc" } });
}

/** Creates one exception, audited in the same transaction (the caller checked the instructor role). */
export async function createException(db: Db, actorId: string, assessmentId: string, body: ExceptionBody) {
  const courseId = await courseOf(db, assessmentId);
  if (body.studentId) {
    const enrollment = await db.enrollment.findUnique({ where: { userId_courseId: { userId: body.studentId, courseId } } });
    // Not found rather than forbidden: the course's roster is the instructor's to know, anyone else's is not.
    if (!enrollment || enrollment.role !== "STUDENT") throw new AppError("NOT_FOUND", "That student is not enrolled in this course.");
  } else if ((await db.enrollment.count({ where: { courseId, section: body.section } })) === 0) {
    throw new AppError("NOT_FOUND", `There is no section "${body.section}" in this course.`);
  }
  return db.$transaction(async (tx) => {
    const row = await tx.assessmentException.create({
      data: {
        courseId,
        assessmentId,
        userId: body.studentId ?? null,
        section: body.section ?? null,
        dueAt: body.dueAt ?? null,
        lateCutoffAt: body.lateCutoffAt ?? null,
        extraAttempts: body.extraAttempts,
        timeMultiplier: body.timeMultiplier,
        reason: body.reason,
        createdById: actorId,
      },
      select: SHOWN,
    });
    await tx.auditLog.create({
      data: {
        actorId,
        courseId,
        action: "exception.create",
        entityType: "AssessmentException",
        entityId: row.id,
        after: JSON.parse(JSON.stringify(row)) as Prisma.InputJsonValue,
        comment: body.reason,
      },
    });
    return row;
  });
}

/** Deletes one of the assessment's exceptions, audited with what it was. */
export async function deleteException(db: Db, actorId: string, assessmentId: string, id: string) {
  const courseId = await courseOf(db, assessmentId);
  return db.$transaction(async (tx) => {
    const row = await tx.assessmentException.findFirst({ where: { id, assessmentId }, select: SHOWN });
    if (!row) throw new AppError("NOT_FOUND", "There is no such exception on this assessment.");
    await tx.assessmentException.delete({ where: { id } });
    await tx.auditLog.create({
      data: {
        actorId,
        courseId,
        action: "exception.delete",
        entityType: "AssessmentException",
        entityId: id,
        before: JSON.parse(JSON.stringify(row)) as Prisma.InputJsonValue,
      },
    });
    return { deleted: id };
  });
}
