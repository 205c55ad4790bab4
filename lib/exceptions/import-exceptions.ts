import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { datesProblems } from "./check-terms";
import { parseExceptionsCsv, type ExceptionCsvColumn, type ExceptionCsvRow, type ExceptionRowError } from "./exceptions-csv";
import {
  assessmentOf,
  lockAssessment,
  refuseOnReleasedExam,
  RESCORING_TRANSACTION,
  storeException,
  type ExceptionTarget,
} from "./manage-exceptions";

/** One row as it would be stored: whom it is for (a student's email and name, or a section) and its terms. */
export interface PlannedException {
  line: number;
  target: ExceptionTarget;
  /** The student's email, or the section's name, as the preview shows it. */
  who: string;
  name: string | null;
  dueAt: Date | null;
  lateCutoffAt: Date | null;
  extraAttempts: number;
  timeMultiplier: number;
  reason: string;
}

export interface ExceptionImportPlan {
  rows: PlannedException[];
  /** Every problem of every row; the import stores nothing unless this is empty. */
  errors: ExceptionRowError[];
}

export interface ImportExceptionsOptions {
  db: Db;
  assessmentId: string;
  csv: string;
}

/** What importing the CSV would create, without storing anything: the dry run, with each row's errors by line and column. */
export async function planExceptionImport({ db, assessmentId, csv }: ImportExceptionsOptions): Promise<ExceptionImportPlan> {
  const assessment = await assessmentOf(db, assessmentId);
  const { rows, errors } = parseExceptionsCsv(csv, assessment.timeZone);
  const emails = rows.flatMap((row) => (row.email ? [row.email] : []));
  const sections = [...new Set(rows.flatMap((row) => (row.section ? [row.section] : [])))];
  const [students, sectionCounts] = await Promise.all([
    db.enrollment.findMany({
      where: { courseId: assessment.courseId, role: "STUDENT", user: { email: { in: emails } } },
      select: { userId: true, user: { select: { email: true, name: true } } },
    }),
    db.enrollment.groupBy({
      by: ["section"],
      where: { courseId: assessment.courseId, role: "STUDENT", section: { in: sections } },
      _count: { _all: true },
    }),
  ]);
  const studentByEmail = new Map(students.map((s) => [s.user.email.toLowerCase(), s]));
  const knownSections = new Set(sectionCounts.map((s) => s.section));
  const planned: PlannedException[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const rowErrors: ExceptionRowError[] = [];
    const fail = (column: ExceptionCsvColumn, message: string) => rowErrors.push({ line: row.line, column, message });
    const target = targetOf(row, studentByEmail, knownSections, fail);
    const key = row.email ? `email:${row.email}` : `section:${row.section}`;
    if (seen.has(key))
      fail(row.email ? "email" : "section", `${row.email ?? `section "${row.section}"`} is already on line ${seen.get(key)}`);
    else seen.set(key, row.line);
    for (const problem of datesProblems(assessment, row)) fail(problem.path as ExceptionCsvColumn, problem.message);
    if (rowErrors.length > 0 || !target) {
      errors.push(...rowErrors);
      continue;
    }
    planned.push({
      line: row.line,
      target,
      who: row.email ?? row.section!,
      name: row.email ? (studentByEmail.get(row.email)?.user.name ?? null) : null,
      dueAt: row.dueAt ?? null,
      lateCutoffAt: row.lateCutoffAt ?? null,
      extraAttempts: row.extraAttempts,
      timeMultiplier: row.timeMultiplier,
      reason: row.reason,
    });
  }
  return { rows: planned, errors: errors.sort((a, b) => a.line - b.line) };
}

function targetOf(
  row: ExceptionCsvRow,
  studentByEmail: Map<string, { userId: string }>,
  knownSections: Set<string>,
  fail: (column: ExceptionCsvColumn, message: string) => void,
): ExceptionTarget | null {
  if (row.email) {
    const student = studentByEmail.get(row.email);
    if (!student) fail("email", `${row.email} is not a student of this course`);
    return student ? { userId: student.userId, section: null } : null;
  }
  if (!knownSections.has(row.section!)) fail("section", `no student of this course is in section "${row.section}"`);
  return knownSections.has(row.section!) ? { userId: null, section: row.section! } : null;
}

/**
 * Imports the CSV: every row stored, audited and re-scored in one
 * transaction, or, when any row has an error, nothing (INVALID_INPUT with
 * the row errors in `details.rows`), nor on an exam released to everyone
 * (CONFLICT, checked in that transaction as createException does). The caller checked the instructor role.
 */
export async function importExceptions(options: ImportExceptionsOptions & { actorId: string; now?: Date }): Promise<ExceptionImportPlan> {
  const plan = await planExceptionImport(options);
  if (plan.errors.length > 0) {
    throw new AppError("INVALID_INPUT", `Nothing was imported: ${plan.errors.length} problem(s) to fix first.`, { rows: plan.errors });
  }
  if (plan.rows.length === 0) throw new AppError("INVALID_INPUT", "Nothing was imported: the CSV has no rows.");
  const assessment = await assessmentOf(options.db, options.assessmentId);
  await options.db.$transaction(async (tx) => {
    await lockAssessment(tx, assessment.id);
    const refuseAgain = await refuseOnReleasedExam(tx, assessment.id, options.now);
    for (const row of plan.rows) {
      await storeException(
        tx,
        options.actorId,
        assessment,
        row.target,
        { ...row, dueAt: row.dueAt ?? undefined, lateCutoffAt: row.lateCutoffAt ?? undefined },
        "exception.import",
      );
    }
    refuseAgain();
  }, RESCORING_TRANSACTION);
  return plan;
}
