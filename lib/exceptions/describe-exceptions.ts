import "server-only";
import { formatCourseDate } from "@/lib/dates";
import { combineExceptions, type DbOrTx, type ExceptionTerms } from "./effective-rules";

// The terms that apply to a student on an assessment, in words, for the
// gradebook's badge, the staff review page and the student's own page. Each
// reads only the rows that can apply to the students asked about.

export interface AppliedTerms {
  dueAt: Date | null;
  lateCutoffAt: Date | null;
  extraAttempts: number;
  /** The multiplier applied on a timed assessment (1: none). */
  timeMultiplier: number;
}

/** "due Tue 3 Nov 2026, 12:00 Europe/London · 2 extra attempts · 1.5× time" (dates in the course's zone, named), or "" when nothing applies. */
export function describeTerms(terms: AppliedTerms, timeZone: string): string {
  const parts: string[] = [];
  if (terms.dueAt) parts.push(`due ${formatCourseDate(terms.dueAt, timeZone)}`);
  if (terms.lateCutoffAt) parts.push(`no submissions after ${formatCourseDate(terms.lateCutoffAt, timeZone)}`);
  if (terms.extraAttempts > 0) parts.push(`${terms.extraAttempts} extra attempt${terms.extraAttempts === 1 ? "" : "s"}`);
  if (terms.timeMultiplier > 1) parts.push(`${terms.timeMultiplier}× time`);
  return parts.join(" · ");
}

interface Assessment {
  id: string;
  courseId: string;
  timeLimitMinutes: number | null;
}

function applied(rows: ExceptionTerms[], userId: string, section: string, timed: boolean): AppliedTerms | null {
  const chosen = combineExceptions(rows, userId, section);
  const accommodation = Math.max(
    1,
    ...rows.filter((row) => row.assessmentId === null && row.userId === userId).map((row) => row.timeMultiplier),
  );
  const timeMultiplier = timed ? Math.max(accommodation, chosen?.timeMultiplier ?? 1) : 1;
  if (!chosen && timeMultiplier === 1) return null;
  return {
    dueAt: chosen?.dueAt ?? null,
    lateCutoffAt: chosen?.lateCutoffAt ?? null,
    extraAttempts: chosen?.extraAttempts ?? 0,
    timeMultiplier,
  };
}

/** The terms that apply to each of `students` (by userId); students with none are left out. */
export async function termsForStudents(
  db: DbOrTx,
  assessment: Assessment,
  students: readonly { userId: string; section: string }[],
): Promise<Map<string, AppliedTerms>> {
  const userIds = students.map((student) => student.userId);
  const sections = [...new Set(students.map((student) => student.section).filter((section) => section !== ""))];
  const rows = await db.assessmentException.findMany({
    where: {
      courseId: assessment.courseId,
      OR: [
        { assessmentId: assessment.id, userId: { in: userIds } },
        { assessmentId: assessment.id, userId: null, section: { in: sections } },
        { assessmentId: null, userId: { in: userIds } },
      ],
    },
  });
  const result = new Map<string, AppliedTerms>();
  for (const student of students) {
    const terms = applied(rows, student.userId, student.section, assessment.timeLimitMinutes !== null);
    if (terms) result.set(student.userId, terms);
  }
  return result;
}

/** The terms that apply to one student, or null; the caller decided they may see them (staff, or the student themself). */
export async function termsForStudent(db: DbOrTx, assessment: Assessment, userId: string): Promise<AppliedTerms | null> {
  const enrollment = await db.enrollment.findUnique({
    where: { userId_courseId: { userId, courseId: assessment.courseId } },
    select: { section: true },
  });
  return (await termsForStudents(db, assessment, [{ userId, section: enrollment?.section ?? "" }])).get(userId) ?? null;
}

/** For the gradebook grid: each listed student's terms in words (students with none left out). */
export async function exceptionNotes(
  db: DbOrTx,
  assessmentId: string,
  students: readonly { userId: string; section: string }[],
): Promise<Record<string, string>> {
  const assessment = await db.assessment.findUnique({
    where: { id: assessmentId },
    select: { id: true, courseId: true, timeLimitMinutes: true, course: { select: { timeZone: true } } },
  });
  if (!assessment || students.length === 0) return {};
  const terms = await termsForStudents(db, assessment, students);
  return Object.fromEntries([...terms].map(([userId, applied]) => [userId, describeTerms(applied, assessment.course.timeZone)]));
}

/** One student's terms on an assessment in words, or null; the caller decided they may see them (staff, or the student themself). */
export async function exceptionSummaryFor(db: DbOrTx, assessmentId: string, userId: string): Promise<string | null> {
  const assessment = await db.assessment.findUnique({
    where: { id: assessmentId },
    select: { id: true, courseId: true, timeLimitMinutes: true, course: { select: { timeZone: true } } },
  });
  if (!assessment) return null;
  const terms = await termsForStudent(db, assessment, userId);
  return terms ? describeTerms(terms, assessment.course.timeZone) : null;
}
