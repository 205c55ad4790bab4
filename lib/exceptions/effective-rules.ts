import "server-only";
// A student's effective rules on an assessment: its own rules with every
// exception that applies to the student (their own and their section's)
// combined, and the course-level time accommodation. Exceptions only ever give more time or attempts, so no
// date here comes earlier than the assessment's own.
import type { Db, Prisma } from "@/lib/db/client";
import { creditEndsAt, STANDARD_TIME, type AssessmentRules, type TimeAllowance } from "@/lib/submissions/policy";
import { selectExceptionDates } from "./exception-dates.sql";
import { selectOwnExceptions } from "./own-exceptions.sql";

export interface ExceptionTerms {
  assessmentId: string | null;
  userId: string | null;
  section: string | null;
  dueAt: Date | null;
  lateCutoffAt: Date | null;
  extraAttempts: number;
  timeMultiplier: number;
  createdAt: Date;
}

export interface Effective {
  rules: AssessmentRules;
  /** For policy.ts personalEndsAt. */
  allowance: TimeAllowance;
}

function later(own: Date | null, other: Date | null): Date | null {
  // No own date means none applies (no due date, or no cut-off): an exception cannot add one.
  if (own === null || other === null) return own;
  return other.getTime() > own.getTime() ? other : own;
}

/** What an exception changes: the terms applyException reads. */
export type ExceptionChange = Pick<ExceptionTerms, "dueAt" | "lateCutoffAt" | "extraAttempts" | "timeMultiplier">;

function latest(dates: readonly (Date | null)[]): Date | null {
  return dates.reduce<Date | null>((best, date) => (date !== null && (best === null || date > best) ? date : best), null);
}

/**
 * Every per-assessment row that applies to the student (their own and their
 * section's) combined term by term, the most generous of each: a new grant
 * ("1 extra attempt") never takes away an earlier one ("+3 days"). Terms are
 * never summed: granting "2 extra attempts" again still means 2. Null when
 * none applies; course-level rows (assessmentId null) are not candidates.
 */
export function combineExceptions(rows: readonly ExceptionTerms[], userId: string, section: string): ExceptionChange | null {
  const applying = rows.filter(
    (row) => row.assessmentId !== null && (row.userId === userId || (row.userId === null && section !== "" && row.section === section)),
  );
  if (applying.length === 0) return null;
  return {
    dueAt: latest(applying.map((row) => row.dueAt)),
    lateCutoffAt: latest(applying.map((row) => row.lateCutoffAt)),
    extraAttempts: Math.max(...applying.map((row) => row.extraAttempts)),
    timeMultiplier: Math.max(...applying.map((row) => row.timeMultiplier)),
  };
}

/** Pure: `rules` with `exception` and the course-level `accommodation` multiplier applied. */
export function applyException(rules: AssessmentRules, exception: ExceptionChange | null, accommodation = 1): Effective {
  const dueAt = later(rules.dueAt, exception?.dueAt ?? null);
  // A later due date carries the cut-off with it: a cut-off before the new due date would void it.
  const lateCutoffAt = later(later(rules.lateCutoffAt, exception?.lateCutoffAt ?? null), exception?.dueAt ?? null);
  const extra = exception?.extraAttempts ?? 0;
  // The larger multiplier: an assessment's exception never takes away a standing accommodation.
  const multiplier = Math.max(1, accommodation, exception?.timeMultiplier ?? 1);
  return {
    rules: {
      ...rules,
      dueAt,
      lateCutoffAt,
      attemptLimit: rules.attemptLimit === null ? null : rules.attemptLimit + extra,
    },
    allowance: multiplier === 1 ? STANDARD_TIME : { multiplier, extraMinutes: 0 },
  };
}

/** The client or a transaction of it: granting an exception re-scores inside its own transaction. */
export type DbOrTx = Db | Prisma.TransactionClient;

/**
 * Pure: the latest close (policy.ts creditEndsAt) that any of `exceptions`
 * gives over the assessment's own `rules`, or null when none is later than
 * its own: policy.ts AssessmentRules.exceptionsCloseAt. Time multipliers
 * change no close (a student's time ends at their cut-off at the latest).
 */
export function latestExceptionClose(
  rules: AssessmentRules,
  exceptions: readonly Pick<ExceptionTerms, "dueAt" | "lateCutoffAt">[],
): Date | null {
  const own = creditEndsAt(rules)?.getTime() ?? null;
  let latest: number | null = null;
  for (const { dueAt, lateCutoffAt } of exceptions) {
    const terms: ExceptionChange = { dueAt, lateCutoffAt, extraAttempts: 0, timeMultiplier: 1 };
    const close = creditEndsAt(applyException(rules, terms).rules)?.getTime() ?? null;
    if (close !== null && (own === null || close > own) && (latest === null || close > latest)) latest = close;
  }
  return latest === null ? null : new Date(latest);
}

/**
 * What the caller already read about the student, each saving a query: the
 * placement query reads both (lib/problems/placement.sql.ts).
 */
export interface KnownStudent {
  /** Their Enrollment.section. */
  section: string;
  /** Whether any exception row may apply to them here (own-exceptions.sql.ts exceptionMayApply). */
  hasExceptions: boolean;
}

/**
 * The student's own effective rules on the assessment (its own rules:
 * rulesOf): their exceptions and their section's combined, and their accommodation,
 * without any classmate's.
 */
export async function ownEffectiveRules(
  db: Db,
  userId: string,
  assessment: { id: string; courseId: string },
  rules: AssessmentRules,
  known?: KnownStudent,
): Promise<Effective> {
  const studentSection =
    known?.section ??
    (await db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId: assessment.courseId } }, select: { section: true } }))
      ?.section ??
    "";
  const rows = known?.hasExceptions === false ? [] : await selectOwnExceptions(db, { userId, assessment, section: studentSection });
  const accommodation = Math.max(1, ...rows.filter((row) => row.assessmentId === null).map((row) => row.timeMultiplier));
  return applyException(rules, combineExceptions(rows, userId, studentSection), accommodation);
}

/**
 * ownEffectiveRules for many students at once, in two queries whatever their
 * number (re-scoring a whole section inside one transaction).
 */
export async function ownEffectiveRulesOfStudents(
  db: DbOrTx,
  userIds: readonly string[],
  assessment: { id: string; courseId: string },
  rules: AssessmentRules,
): Promise<Map<string, Effective>> {
  const ids = [...userIds];
  const enrollments = await db.enrollment.findMany({
    where: { courseId: assessment.courseId, userId: { in: ids } },
    select: { userId: true, section: true },
  });
  const sectionOf = new Map(enrollments.map((row) => [row.userId, row.section]));
  const sections = [...new Set(enrollments.map((row) => row.section).filter((section) => section !== ""))];
  const rows = await db.assessmentException.findMany({
    where: {
      courseId: assessment.courseId,
      OR: [
        { assessmentId: assessment.id, userId: { in: ids } },
        { assessmentId: assessment.id, userId: null, section: { in: sections } },
        { assessmentId: null, userId: { in: ids } },
      ],
    },
  });
  const result = new Map<string, Effective>();
  for (const userId of ids) {
    const accommodation = Math.max(
      1,
      ...rows.filter((row) => row.assessmentId === null && row.userId === userId).map((row) => row.timeMultiplier),
    );
    result.set(userId, applyException(rules, combineExceptions(rows, userId, sectionOf.get(userId) ?? ""), accommodation));
  }
  return result;
}

/**
 * The student's effective rules (ownEffectiveRules) and, for an exam, the
 * close of every classmate's exception (exceptionsCloseAt), read beside them:
 * an exam's results wait until it has closed for everyone.
 */
export async function effectiveRulesFor(
  db: Db,
  userId: string,
  assessment: { id: string; courseId: string },
  rules: AssessmentRules,
  known?: KnownStudent,
): Promise<Effective> {
  const [effective, othersDates] = await Promise.all([
    ownEffectiveRules(db, userId, assessment, rules, known),
    rules.feedbackMode === "EXAM" ? selectExceptionDates(db, assessment.id) : [],
  ]);
  return { ...effective, rules: { ...effective.rules, exceptionsCloseAt: latestExceptionClose(rules, othersDates) } };
}
