import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** The zone a course's dates are entered in (lib/dates), found from the course or one of its assessments; NOT_FOUND if neither exists. */
export async function courseTimeZone(db: Db, where: { courseId: string } | { assessmentId: string }): Promise<string> {
  const course =
    "courseId" in where
      ? await db.course.findUnique({ where: { id: where.courseId }, select: { timeZone: true } })
      : (await db.assessment.findUnique({ where: { id: where.assessmentId }, select: { course: { select: { timeZone: true } } } }))?.course;
  if (!course) throw new AppError("NOT_FOUND", "courseId" in where ? "There is no such course." : "There is no such assessment.");
  return course.timeZone;
}
