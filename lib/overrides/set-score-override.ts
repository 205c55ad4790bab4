import "server-only";
import { enqueueScoreChange } from "@/lib/lti/ags/score-outbox";
import { kickScoreSender } from "@/lib/lti/ags/score-sender-loop";
import type { Db, Prisma } from "@/lib/db/client";
import type { AuthorizedUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { standingInfo } from "@/lib/submissions/standing";
import { findColumn, loadStaffAssessment, memberColumn, type StaffColumn } from "@/lib/gradebook/load-staff-assessment";

/** Longest comment kept; the student reads it next to the score. */
export const MAX_OVERRIDE_COMMENT = 2_000;

export interface SetScoreOverrideOptions {
  db: Db;
  /** A TA or instructor of the assessment's course (checked here). */
  actor: AuthorizedUser;
  assessmentId: string;
  assessmentProblemId: string;
  studentId: string;
  /** The part overridden; "" for the whole problem. */
  partId: string;
  /** Fraction of the part's (or the problem's) points, in [0, 1]. */
  score: number;
  /** Required: why. The student sees it. */
  comment: string;
  now?: Date;
  /** A grade through the TA queue (lib/manual-grading): the rubric items checked and the submission graded, kept with the row. */
  manualGrade?: { rubricItemIds: string[]; submissionId: string };
}

export interface ScoreOverrideResult {
  overrideId: string;
  auditLogId: string;
  /** The score that counted before, for the part or the problem (fraction); null when nothing counted yet. */
  before: number | null;
  after: number;
  /** The problem's counted score after the override (fraction). */
  problemScore: number | null;
}

/**
 * Sets one student's score on a part, or on a whole placed problem, with a
 * required comment. The override is a new ScoreOverride row applied on top
 * of whatever submission counts (lib/submissions/policy applyOverrides), so
 * it survives regrading; older rows stay as history. The same transaction
 * writes an AuditLog row with who, when, and the score before → after.
 */
export async function setScoreOverride(options: SetScoreOverrideOptions): Promise<ScoreOverrideResult> {
  const { db, actor, assessmentId, assessmentProblemId, studentId, partId, score, now = new Date(), manualGrade } = options;
  const comment = options.comment.trim();
  if (comment.length === 0) throw new AppError("INVALID_INPUT", "Write a comment: the student sees it next to the new score.");
  if (comment.length > MAX_OVERRIDE_COMMENT)
    throw new AppError("INVALID_INPUT", `Keep the comment under ${MAX_OVERRIDE_COMMENT} characters.`);
  if (!Number.isFinite(score) || score < 0 || score > 1)
    throw new AppError("INVALID_INPUT", "A score is a fraction from 0 to 1 of the points.");

  const { assessment, rules, columns } = await loadStaffAssessment({ db, actor, assessmentId });
  const column = await studentsColumn(db, findColumn(columns, assessmentProblemId), studentId);
  if (partId !== "" && !column.parts.some((part) => part.id === partId)) {
    throw new AppError(
      "INVALID_INPUT",
      `${column.slug} has no part "${partId}"; its parts are ${column.parts.map((p) => p.id).join(", ")}.`,
    );
  }
  const enrollment = await db.enrollment.findUnique({
    where: { userId_courseId: { userId: studentId, courseId: assessment.courseId } },
    select: { role: true },
  });
  if (enrollment?.role !== "STUDENT") throw new AppError("NOT_FOUND", "That student is not enrolled in this course.");

  let enqueued = 0;
  const result = await db.$transaction(async (tx) => {
    const [submissions, overrides] = await Promise.all([
      tx.submission.findMany({
        where: { userId: studentId, assessmentProblemId },
        select: { attempt: true, score: true, latePenalty: true, partResults: true },
      }),
      tx.scoreOverride.findMany({
        where: { userId: studentId, assessmentProblemId },
        select: { partId: true, score: true, comment: true, createdAt: true },
      }),
    ]);
    const standingBefore = standingInfo(rules, column.parts, column.points, submissions, overrides);
    const before = partId === "" ? standingBefore.score : (standingBefore.partScores[partId] ?? null);
    const override = await tx.scoreOverride.create({
      data: {
        userId: studentId,
        assessmentProblemId,
        partId,
        score,
        comment,
        createdById: actor.id,
        createdAt: now,
        ...(manualGrade ? { rubricItemIds: manualGrade.rubricItemIds, submissionId: manualGrade.submissionId } : {}),
      },
    });
    const standingAfter = standingInfo(rules, column.parts, column.points, submissions, [...overrides, override]);
    const audit = await tx.auditLog.create({
      data: {
        actorId: actor.id,
        courseId: assessment.courseId,
        action: manualGrade ? "score.manualGrade" : "score.override",
        entityType: "ScoreOverride",
        entityId: override.id,
        before: { studentId, assessmentProblemId, partId, score: before, problemScore: standingBefore.score } as Prisma.InputJsonValue,
        after: {
          studentId,
          assessmentProblemId,
          partId,
          score,
          problemScore: standingAfter.score,
          ...(manualGrade ?? {}),
        } as Prisma.InputJsonValue,
        comment,
        createdAt: now,
      },
    });
    // The LMS's copy of the total (lib/lti/ags): in the same transaction, so it cannot be lost.
    enqueued = await enqueueScoreChange(tx, {
      assessmentId,
      userIds: [studentId],
      reason: manualGrade ? "manual-grade" : "override",
      scoredAt: now,
    });
    return { overrideId: override.id, auditLogId: audit.id, before, after: score, problemScore: standingAfter.score };
  });
  if (enqueued > 0) kickScoreSender();
  return result;
}

/**
 * The column as the student is graded on it: of a pool, the member they
 * drew (their variant's problem, as the gradebook reads it), whose parts
 * their part overrides name; before they draw, the placement's own problem.
 */
async function studentsColumn(db: Db, column: StaffColumn, studentId: string): Promise<StaffColumn> {
  if (column.pool.length === 0) return column;
  const variant = await db.variant.findUnique({
    where: { userId_assessmentProblemId: { userId: studentId, assessmentProblemId: column.assessmentProblemId } },
    select: { problem: { select: { slug: true } } },
  });
  return memberColumn(column, variant?.problem.slug);
}
