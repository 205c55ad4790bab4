import "server-only";
import type { Db, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { checkTarget, isTarget } from "./manage-exceptions";
import { invalidFields } from "./invalid-fields";
import type { AccommodationBody } from "./requests";

// A course-level accommodation: an AssessmentException row with no
// assessment, for one student, giving only a time multiplier. Every timed
// assessment of the course applies it (effective-rules.ts), so an instructor
// sets it once from the roster rather than per assessment. One per student:
// setting it again replaces the old one (both audited). It needs no check
// against a released exam (manage-exceptions.ts refuseOnReleasedExam): a time
// multiplier never moves a close, since a student's time ends at their
// cut-off at the latest (policy.ts personalEndsAt).

const SHOWN = {
  id: true,
  userId: true,
  timeMultiplier: true,
  reason: true,
  createdById: true,
  createdAt: true,
  user: { select: { name: true, email: true } },
  createdBy: { select: { name: true, email: true } },
} as const;

async function assertCourse(db: Db, courseId: string) {
  if ((await db.course.count({ where: { id: courseId } })) === 0) throw new AppError("NOT_FOUND", "There is no such course.");
}

/** The course's accommodations, by student (the caller checked the staff role). */
export async function listAccommodations(db: Db, courseId: string) {
  await assertCourse(db, courseId);
  return db.assessmentException.findMany({ where: { courseId, assessmentId: null }, select: SHOWN, orderBy: { createdAt: "desc" } });
}

export type ListedAccommodation = Awaited<ReturnType<typeof listAccommodations>>[number];

const audited = (row: object) => JSON.parse(JSON.stringify(row)) as Prisma.InputJsonValue;

/** Sets a student's accommodation, replacing any they had, audited in one transaction (the caller checked the instructor role). */
export async function setAccommodation(db: Db, actorId: string, courseId: string, body: AccommodationBody) {
  await assertCourse(db, courseId);
  const target = await checkTarget(db, courseId, { studentId: body.studentId });
  if (!isTarget(target)) throw invalidFields([target]);
  return db.$transaction(async (tx) => {
    const previous = await tx.assessmentException.findMany({ where: { courseId, assessmentId: null, userId: body.studentId } });
    await tx.assessmentException.deleteMany({ where: { id: { in: previous.map((row) => row.id) } } });
    const row = await tx.assessmentException.create({
      data: {
        courseId,
        assessmentId: null,
        userId: body.studentId,
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
        action: "accommodation.set",
        entityType: "AssessmentException",
        entityId: row.id,
        before: previous.length > 0 ? audited(previous) : undefined,
        after: audited(row),
        comment: body.reason,
      },
    });
    return row;
  });
}

/** Removes a student's accommodation (?studentId=), audited. */
export async function removeAccommodation(db: Db, actorId: string, courseId: string, studentId: string) {
  await assertCourse(db, courseId);
  return db.$transaction(async (tx) => {
    const previous = await tx.assessmentException.findMany({ where: { courseId, assessmentId: null, userId: studentId } });
    if (previous.length === 0) throw new AppError("NOT_FOUND", "That student has no accommodation in this course.");
    await tx.assessmentException.deleteMany({ where: { id: { in: previous.map((row) => row.id) } } });
    await tx.auditLog.create({
      data: {
        actorId,
        courseId,
        action: "accommodation.remove",
        entityType: "AssessmentException",
        entityId: previous[0].id,
        before: audited(previous),
      },
    });
    return { removed: studentId };
  });
}
