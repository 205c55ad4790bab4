import "server-only";
import { enqueueScoreChange } from "@/lib/lti/ags/score-outbox";
import { kickScoreSender } from "@/lib/lti/ags/score-sender-loop";
import type { Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import {
  planRegrade,
  regradeAll,
  sameScore,
  scoreChanged,
  STORED_SUBMISSION_SELECT,
  type PlanRegradeOptions,
  type RegradePlan,
} from "./plan-regrade";

/** Submissions regraded and written per transaction: short transactions keep SQLite's single writer free for students. */
export const REGRADE_BATCH_SIZE = 200;

export interface ApplyRegradeOptions extends PlanRegradeOptions {
  /** The planHash of the preview the user saw; when given and the plan has changed since, nothing is written (CONFLICT). */
  expectedPlanHash?: string;
  now?: Date;
  batchSize?: number;
}

export interface RegradeResult {
  plan: RegradePlan;
  submissionsRegraded: number;
  submissionsChanged: number;
  auditLogId: string;
}

/**
 * Applies a regrade: moves the placed problem and its variants to the target
 * version, then grades every submission still graded with another version
 * again and stores its new score and partResults, one transaction per batch.
 * Overrides are separate rows applied on top of submissions, so they are
 * untouched and keep deciding the scores they decided.
 *
 * The placement and variants move first, so that a student submitting during
 * the regrade is graded with the new version; the batches then run until no
 * submission of an older version is left, which also catches submissions that
 * were being graded with the old version when the move happened.
 */
export async function applyRegrade(options: ApplyRegradeOptions): Promise<RegradeResult> {
  const { db, actor, assessmentProblemId, expectedPlanHash, now = new Date(), batchSize = REGRADE_BATCH_SIZE } = options;
  const plan = await planRegrade(options);
  if (expectedPlanHash !== undefined && expectedPlanHash !== plan.planHash) {
    throw new AppError("CONFLICT", "Submissions changed since the preview; preview the regrade again before applying it.");
  }
  const target = await db.problem.findUniqueOrThrow({
    where: { id: plan.to.problemId },
    select: { id: true, slug: true, version: true, source: true, definition: true },
  });
  const placement = await db.assessmentProblem.findUniqueOrThrow({
    where: { id: assessmentProblemId },
    select: { problemId: true, assessmentId: true, assessment: { select: { courseId: true } } },
  });

  // Of a pool, only the member regraded moves: its pool row, or the placement's own problem when it is that member.
  const ofMember = { slug: target.slug };
  const ownProblem = await db.problem.findUniqueOrThrow({ where: { id: placement.problemId }, select: { slug: true } });
  await db.$transaction([
    ownProblem.slug === target.slug
      ? db.assessmentProblem.update({ where: { id: assessmentProblemId }, data: { problemId: target.id } })
      : db.placementPoolMember.updateMany({ where: { assessmentProblemId, problem: ofMember }, data: { problemId: target.id } }),
    db.variant.updateMany({
      where: { assessmentProblemId, problem: ofMember, problemId: { not: target.id } },
      data: { problemId: target.id },
    }),
  ]);

  let submissionsRegraded = 0;
  let enqueued = 0;
  let submissionsChanged = 0;
  for (;;) {
    const batch = await db.submission.findMany({
      where: { assessmentProblemId, problem: ofMember, problemId: { not: target.id } },
      orderBy: { id: "asc" },
      take: batchSize,
      select: STORED_SUBMISSION_SELECT,
    });
    if (batch.length === 0) break;
    const regraded = await regradeAll(target, batch);
    // Each update is conditional on the version read, so a row changed meanwhile is left for the next round.
    // The LMS's copy of the changed students' totals is enqueued in the same transaction (lib/lti/ags).
    const counts = await db.$transaction(async (tx) => {
      const updated: { count: number }[] = [];
      for (const r of regraded) {
        updated.push(
          await tx.submission.updateMany({
            where: { id: r.submissionId, problemId: r.fromProblemId },
            data: {
              score: r.newScore,
              partResults: r.newPartResults as unknown as Prisma.InputJsonValue,
              problemId: target.id,
              gradedAt: now,
            },
          }),
        );
      }
      const changedStudents = [...new Set(regraded.filter((r, i) => updated[i].count > 0 && scoreChanged(r)).map((r) => r.userId))];
      enqueued += await enqueueScoreChange(tx, {
        assessmentId: placement.assessmentId,
        userIds: changedStudents,
        reason: "regrade",
        scoredAt: now,
      });
      return updated;
    });
    counts.forEach((count, i) => {
      if (count.count === 0) return;
      submissionsRegraded++;
      if (scoreChanged(regraded[i])) submissionsChanged++;
    });
  }

  const audit = await db.auditLog.create({
    data: {
      actorId: actor.id,
      courseId: placement.assessment.courseId,
      action: "problem.regrade",
      entityType: "AssessmentProblem",
      entityId: assessmentProblemId,
      before: { problemId: placement.problemId, versions: plan.from.map((f) => f.version) } as Prisma.InputJsonValue,
      after: {
        problemId: target.id,
        version: target.version,
        submissionsRegraded,
        submissionsChanged,
        studentsChanged: plan.students.filter((s) => !sameScore(s.deltaPoints, 0)).length,
      } as Prisma.InputJsonValue,
      comment: `Regraded ${plan.slug} to version ${target.version}.`,
      createdAt: now,
    },
  });
  if (enqueued > 0) kickScoreSender();
  return { plan, submissionsRegraded, submissionsChanged, auditLogId: audit.id };
}
