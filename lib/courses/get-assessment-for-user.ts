import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { isStaffRole } from "@/lib/auth/roles";

export interface GetAssessmentForUserOptions {
  db: Db;
  userId: string;
  assessmentId: string;
}

/**
 * An assessment the user may open: one of their courses', and published
 * unless they are staff there. NOT_FOUND otherwise, so that other courses'
 * assessments look like missing ones.
 */
export async function getAssessmentForUser({ db, userId, assessmentId }: GetAssessmentForUserOptions) {
  const assessment = await db.assessment.findUnique({
    where: { id: assessmentId },
    include: { course: { select: { id: true, title: true, enrollments: { where: { userId }, select: { role: true } } } } },
  });
  const role = assessment?.course.enrollments[0]?.role;
  if (!assessment || !role || (!assessment.published && !isStaffRole(role))) {
    throw new AppError("NOT_FOUND", "There is no such assessment in your courses.");
  }
  return { assessment, role };
}
