import "server-only";
import type { Db } from "@/lib/db/client";
import { listCoursesForUser, type CourseSummary } from "@/lib/courses/list-courses-for-user";
import { assessmentProgress, type AssessmentProgress } from "./assessment-progress";

export interface CourseWithProgress extends CourseSummary {
  /** The user's progress in each assessment, where they take the course as a student. */
  progress: AssessmentProgress[];
}

/** The user's courses and assessments, with a student's progress in each: the home page's and GET /api/assessments' data. */
export async function listCoursesWithProgress({ db, userId, now }: { db: Db; userId: string; now?: Date }): Promise<CourseWithProgress[]> {
  const courses = await listCoursesForUser({ db, userId });
  const studentAssessmentIds = courses.filter((c) => c.role === "STUDENT").flatMap((c) => c.assessments.map((a) => a.id));
  const progress =
    studentAssessmentIds.length > 0 ? await assessmentProgress({ db, userId, assessmentIds: studentAssessmentIds, now }) : [];
  const byId = new Map(progress.map((p) => [p.assessmentId, p]));
  return courses.map((course) => ({
    ...course,
    progress: course.assessments.flatMap((a) => (byId.has(a.id) ? [byId.get(a.id)!] : [])),
  }));
}
