import "server-only";
// A student's effective rules on an assessment: its own rules with the
// student's exception, or else their section's, applied, and the course-level
// time accommodation. Exceptions only ever give more time or attempts, so no
// date here comes earlier than the assessment's own.
import type { Db, Prisma } from "@/lib/db/client";
import { STANDARD_TIME, type AssessmentRules, type TimeAllowance } from "@/lib/submissions/policy";

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

/**
 * The exception that applies: the student's own beats their section's (the
 * student's is the more specific decision), and of several of one kind the
 * newest wins. Course-level rows (assessmentId null) are not candidates.
 */
export function chooseException(rows: ExceptionTerms[], userId: string, section: string): ExceptionTerms | null {
  const newest = (list: ExceptionTerms[]) => [...list].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0] ?? null;
  const perAssessment = rows.filter((row) => row.assessmentId !== null);
  return (
    newest(perAssessment.filter((row) => row.userId === userId)) ??
    (section === "" ? null : newest(perAssessment.filter((row) => row.userId === null && row.section === section)))
  );
}

/** Pure: `rules` with `exception` and the course-level `accommodation` multiplier applied. */
export function applyException(rules: AssessmentRules, exception: ExceptionTerms | null, accommodation = 1): Effective {
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
 * The student's effective rules on the assessment (its own rules: rulesOf),
 * read from the database. `knownSection`: the student's section when the
 * caller read their enrolment already (resolvePlacement), saving that read.
 */
export async function effectiveRulesFor(
  db: DbOrTx,
  userId: string,
  assessment: { id: string; courseId: string },
  rules: AssessmentRules,
  knownSection?: string,
): Promise<Effective> {
  const section =
    knownSection ??
    (
      await db.enrollment.findUnique({
        where: { userId_courseId: { userId, courseId: assessment.courseId } },
        select: { section: true },
      })
    )?.section ??
    "";
  const rows = await db.assessmentException.findMany({
    where: {
      courseId: assessment.courseId,
      OR: [
        { assessmentId: assessment.id, userId },
        ...(section === "" ? [] : [{ assessmentId: assessment.id, userId: null, section }]),
        { assessmentId: null, userId },
      ],
    },
  });
  const accommodation = Math.max(1, ...rows.filter((row) => row.assessmentId === null).map((row) => row.timeMultiplier));
  return applyException(rules, chooseException(rows, userId, section), accommodation);
}
