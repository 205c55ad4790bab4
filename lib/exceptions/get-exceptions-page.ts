import "server-only";
import type { Db } from "@/lib/db/client";
import { assertCourseRole, type AuthorizedUser } from "@/lib/auth/session";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { listExceptions } from "./manage-exceptions";

export interface GetExceptionsPageOptions {
  db: Db;
  /** Must be a TA or instructor of the assessment's course; only instructors may change anything. */
  actor: AuthorizedUser;
  assessmentId: string;
}

/** What the assessment's Exceptions page shows: its own dates, its exceptions, and whom one can be for. */
export async function getExceptionsPage({ db, actor, assessmentId }: GetExceptionsPageOptions) {
  const assessment = await db.assessment.findUnique({
    where: { id: assessmentId },
    select: {
      id: true,
      title: true,
      courseId: true,
      dueAt: true,
      lateCutoffAt: true,
      timeLimitMinutes: true,
      attemptLimit: true,
      course: { select: { title: true, timeZone: true } },
    },
  });
  if (!assessment) throw new AppError("NOT_FOUND", "There is no such assessment.");
  const canEdit = assertCourseRole(actor, assessment.courseId, STAFF_ROLES) === "INSTRUCTOR";
  const [exceptions, students] = await Promise.all([
    listExceptions(db, assessmentId),
    db.enrollment.findMany({
      where: { courseId: assessment.courseId, role: "STUDENT" },
      select: { userId: true, section: true, user: { select: { name: true, email: true } } },
      orderBy: { user: { name: "asc" } },
    }),
  ]);
  const sections = [...new Set(students.map((s) => s.section).filter((section) => section !== ""))].sort();
  return {
    assessment,
    canEdit,
    exceptions,
    students: students.map((s) => ({ id: s.userId, name: s.user.name, email: s.user.email, section: s.section })),
    sections,
  };
}

export type ExceptionsPage = Awaited<ReturnType<typeof getExceptionsPage>>;
