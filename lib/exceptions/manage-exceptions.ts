import "server-only";
import type { Db, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { rulesOf } from "@/lib/submissions/standing";
import { datesProblems, releasedExamProblem, type FieldProblem } from "./check-terms";
import { latestExceptionClose } from "./effective-rules";
import { selectExceptionDatesIn } from "./exception-dates.sql";
import { invalidFields } from "./invalid-fields";
import { rescoreLatePenalties } from "./rescore-late-penalties";
import type { ExceptionBody } from "./requests";

type Tx = Prisma.TransactionClient;

/**
 * For a transaction that re-scores: Prisma's default 5 s would fail a
 * section of a few hundred students on a loaded server with a 500, so it
 * gets a minute to run and waits up to 10 s for a connection.
 */
export const RESCORING_TRANSACTION = { timeout: 60_000, maxWait: 10_000 } as const;

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

/** What the list shows beside the terms: who it is for and who granted it. */
const LISTED = {
  ...SHOWN,
  user: { select: { name: true, email: true } },
  createdBy: { select: { name: true, email: true } },
} as const;

export type ExceptionTarget = { userId: string; section: null } | { userId: null; section: string };

export async function assessmentOf(db: Db, assessmentId: string) {
  const assessment = await db.assessment.findUnique({
    where: { id: assessmentId },
    select: { id: true, courseId: true, dueAt: true, lateCutoffAt: true, course: { select: { timeZone: true } } },
  });
  if (!assessment) throw new AppError("NOT_FOUND", "There is no such assessment.");
  const { course, ...own } = assessment;
  return { ...own, timeZone: course.timeZone };
}

/** The assessment's exceptions, newest first, with names (the caller checked the staff role). */
export async function listExceptions(db: Db, assessmentId: string) {
  await assessmentOf(db, assessmentId);
  return db.assessmentException.findMany({ where: { assessmentId }, select: LISTED, orderBy: { createdAt: "desc" } });
}

export type ListedException = Awaited<ReturnType<typeof listExceptions>>[number];

/** Whom an exception is for, checked against the course's roster; a problem naming the field when it is no one. */
export async function checkTarget(
  db: Db,
  courseId: string,
  wanted: { studentId?: string; section?: string },
  fields = { student: "studentId", section: "section" },
): Promise<ExceptionTarget | FieldProblem> {
  if (wanted.studentId !== undefined) {
    const enrollment = await db.enrollment.findUnique({
      where: { userId_courseId: { userId: wanted.studentId, courseId } },
      select: { role: true },
    });
    if (!enrollment || enrollment.role !== "STUDENT") return { path: fields.student, message: "that is not a student of this course" };
    return { userId: wanted.studentId, section: null };
  }
  const section = wanted.section ?? "";
  if (section === "" || (await db.enrollment.count({ where: { courseId, role: "STUDENT", section } })) === 0) {
    return { path: fields.section, message: `no student of this course is in section "${section}"` };
  }
  return { userId: null, section };
}

export function isTarget(value: ExceptionTarget | FieldProblem): value is ExceptionTarget {
  return "userId" in value;
}

/**
 * Takes the assessment's row for the rest of the transaction. Every write
 * that can move when an exam releases its results to everyone (a grant, an
 * exception deleted; an edit of the assessment updates the row itself) takes
 * it first, so they run one after another and a release check made after it
 * reads everything committed before and nothing can commit beside it. A
 * no-op UPDATE, which both databases accept: PostgreSQL locks the row, SQLite
 * takes its one write lock at once (a read first could be refused BUSY later).
 */
export async function lockAssessment(tx: Tx, assessmentId: string): Promise<void> {
  await tx.$executeRaw`UPDATE "Assessment" SET "id" = "id" WHERE "id" = ${assessmentId}`;
}

/**
 * lockAssessment for every exam of a course, for a roster change: dropping a
 * student, making them staff or moving them out of a section takes their
 * exceptions off the exam's close (exception-dates.sql.ts), which can release
 * it as deleting the exception does. A statement the caller awaits inside its
 * transaction or puts first in a batch transaction.
 */
export function lockCourseExams(client: Tx | Db, courseId: string) {
  return client.$executeRaw`UPDATE "Assessment" SET "id" = "id" WHERE "courseId" = ${courseId} AND "feedbackMode" = 'EXAM'`;
}

/**
 * Inside the caller's transaction, after lockAssessment: refuses (CONFLICT)
 * any grant on an exam whose results are out to everyone at `now`
 * (check-terms.ts releasedExamProblem), read from the clock when not given.
 * Returns the same check against the same release moment, to make again
 * just before the transaction commits: a grant whose writes ran past that
 * moment is rolled back, since a student may already have seen the results.
 */
export async function refuseOnReleasedExam(tx: Tx, assessmentId: string, now?: Date): Promise<() => void> {
  const assessment = await tx.assessment.findUnique({ where: { id: assessmentId } });
  if (!assessment || assessment.feedbackMode !== "EXAM") return () => {};
  const rules = rulesOf(assessment);
  const releaseRules = { ...rules, exceptionsCloseAt: latestExceptionClose(rules, await selectExceptionDatesIn(tx, assessmentId)) };
  const refuse = () => {
    const problem = releasedExamProblem(releaseRules, now ?? new Date());
    if (problem) throw new AppError("CONFLICT", problem);
  };
  refuse();
  return refuse;
}

/** The students whose stored scores an exception for `target` can change. */
export async function studentsOf(tx: Tx, courseId: string, target: ExceptionTarget): Promise<string[]> {
  if (target.userId !== null) return [target.userId];
  const rows = await tx.enrollment.findMany({ where: { courseId, role: "STUDENT", section: target.section }, select: { userId: true } });
  return rows.map((row) => row.userId);
}

export interface ExceptionTerms {
  dueAt?: Date;
  lateCutoffAt?: Date;
  extraAttempts: number;
  timeMultiplier: number;
  reason: string;
}

/**
 * Stores one checked exception with its audit entry and re-scores the late
 * penalties it changes, inside the caller's transaction.
 */
export async function storeException(
  tx: Tx,
  actorId: string,
  assessment: { id: string; courseId: string },
  target: ExceptionTarget,
  terms: ExceptionTerms,
  auditAction = "exception.create",
) {
  const row = await tx.assessmentException.create({
    data: {
      courseId: assessment.courseId,
      assessmentId: assessment.id,
      userId: target.userId,
      section: target.section,
      dueAt: terms.dueAt ?? null,
      lateCutoffAt: terms.lateCutoffAt ?? null,
      extraAttempts: terms.extraAttempts,
      timeMultiplier: terms.timeMultiplier,
      reason: terms.reason,
      createdById: actorId,
    },
    select: SHOWN,
  });
  await tx.auditLog.create({
    data: {
      actorId,
      courseId: assessment.courseId,
      action: auditAction,
      entityType: "AssessmentException",
      entityId: row.id,
      after: JSON.parse(JSON.stringify(row)) as Prisma.InputJsonValue,
      comment: terms.reason,
    },
  });
  // Always: any term (a later cut-off too) can change which penalty stored work earned under the combined rules.
  await rescoreLatePenalties(tx, assessment.id, await studentsOf(tx, assessment.courseId, target));
  return row;
}

/**
 * Creates one exception (the caller checked the instructor role). Refused
 * with INVALID_INPUT naming the field when it would not give more than the
 * assessment's own rules or names no student of the course, and with
 * CONFLICT on an exam released to everyone (checked in the transaction that
 * stores it, under lockAssessment); stored, audited and re-scored in one
 * transaction otherwise.
 */
export async function createException(db: Db, actorId: string, assessmentId: string, body: ExceptionBody, now?: Date) {
  const assessment = await assessmentOf(db, assessmentId);
  const problems = datesProblems(assessment, body);
  const target = await checkTarget(db, assessment.courseId, body);
  if (!isTarget(target)) problems.unshift(target);
  if (problems.length > 0 || !isTarget(target)) throw invalidFields(problems);
  return db.$transaction(async (tx) => {
    await lockAssessment(tx, assessmentId);
    const refuseAgain = await refuseOnReleasedExam(tx, assessmentId, now);
    const row = await storeException(tx, actorId, assessment, target, body);
    refuseAgain();
    return row;
  }, RESCORING_TRANSACTION);
}

/** Deletes one of the assessment's exceptions, audited with what it was; the late penalties it removed come back. */
export async function deleteException(db: Db, actorId: string, assessmentId: string, id: string) {
  const assessment = await assessmentOf(db, assessmentId);
  return db.$transaction(async (tx) => {
    // Deleting the exception that holds an exam's results releases them: never beside a grant's check (lockAssessment).
    await lockAssessment(tx, assessmentId);
    const row = await tx.assessmentException.findFirst({ where: { id, assessmentId }, select: SHOWN });
    if (!row) throw new AppError("NOT_FOUND", "There is no such exception on this assessment.");
    await tx.assessmentException.delete({ where: { id } });
    await tx.auditLog.create({
      data: {
        actorId,
        courseId: assessment.courseId,
        action: "exception.delete",
        entityType: "AssessmentException",
        entityId: id,
        before: JSON.parse(JSON.stringify(row)) as Prisma.InputJsonValue,
      },
    });
    const target: ExceptionTarget =
      row.userId !== null ? { userId: row.userId, section: null } : { userId: null, section: row.section ?? "" };
    await rescoreLatePenalties(tx, assessmentId, await studentsOf(tx, assessment.courseId, target));
    return { deleted: id };
  }, RESCORING_TRANSACTION);
}
