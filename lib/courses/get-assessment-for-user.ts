import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { isStaffRole } from "@/lib/auth/roles";
import { startIfTimed } from "@/lib/assessments/assessment-window";
import { notYetOpen } from "@/lib/submissions/policy";

export interface GetAssessmentForUserOptions {
  db: Db;
  userId: string;
  assessmentId: string;
  now?: Date;
}

/**
 * An assessment the user may open: one of their courses', and published
 * unless they are staff there. NOT_FOUND otherwise, so that other courses'
 * assessments look like missing ones.
 */
export async function getAssessmentForUser({ db, userId, assessmentId }: GetAssessmentForUserOptions) {
  const assessment = await db.assessment.findUnique({
    where: { id: assessmentId },
    include: { course: { select: { id: true, title: true, timeZone: true, enrollments: { where: { userId }, select: { role: true } } } } },
  });
  const role = assessment?.course.enrollments[0]?.role;
  if (!assessment || !role || (!assessment.published && !isStaffRole(role))) {
    throw new AppError("NOT_FOUND", "There is no such assessment in your courses.");
  }
  return { assessment, role };
}

/**
 * The assessment as its page shows it to the user: before it opens a student
 * gets only that it exists and when it opens (`open` false, and no start is
 * recorded); once open, a student's first visit to a timed assessment starts
 * their clock (`startedAt`, null when untimed or for staff).
 */
export async function visitAssessment({ db, userId, assessmentId, now = new Date() }: GetAssessmentForUserOptions) {
  const { assessment, role } = await getAssessmentForUser({ db, userId, assessmentId });
  const isStaff = isStaffRole(role);
  if (!isStaff && notYetOpen(assessment, now)) return { assessment, role, open: false, startedAt: null };
  const existing =
    isStaff || assessment.timeLimitMinutes === null
      ? null
      : await db.assessmentStart.findUnique({ where: { userId_assessmentId: { userId, assessmentId } }, select: { startedAt: true } });
  const startedAt = await startIfTimed(
    db,
    { userId, isStaff, assessmentId, timeLimitMinutes: assessment.timeLimitMinutes, startedAt: existing?.startedAt ?? null },
    now,
  );
  return { assessment, role, open: true, startedAt };
}
