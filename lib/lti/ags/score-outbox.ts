import "server-only";
import type { Db } from "@/lib/db/client";
import { awaitsManualGrading } from "@/lib/manual-grading/answers-to-grade";
import { assessmentProgress } from "@/lib/progress/assessment-progress";

// Writing scores to send (LtiScoreOutbox) and reading what to send.
// A row says "this student's score in this assessment changed at scoredAt";
// it is written by the transaction that changed it (a submission, an
// override or manual grade, a regrade), so a change is never committed
// without its row. The score sent is read when sending, from the same code
// as the student's own progress page (lib/progress), so the LMS gets the
// total the gradebook shows and there is no second scoring formula.

/** "release": an exam's held results came out (release-sweep.ts). */
export type ScoreChangeReason = "submission" | "override" | "manual-grade" | "regrade" | "resend" | "release";

/** Prisma's client, or the transaction client of the change being recorded. */
type Writer = Pick<Db, "ltiLineItem" | "ltiScoreOutbox">;

export interface EnqueueScoreChangeOptions {
  assessmentId: string;
  userIds: readonly string[];
  reason: ScoreChangeReason;
  scoredAt: Date;
}

/** One row per line item of the assessment and student. Returns how many were written (0 when the assessment is in no LMS). */
export async function enqueueScoreChange(
  db: Writer,
  { assessmentId, userIds, reason, scoredAt }: EnqueueScoreChangeOptions,
): Promise<number> {
  if (userIds.length === 0) return 0;
  const lineItems = await db.ltiLineItem.findMany({
    where: { assessmentId, NOT: { lineItemUrl: { startsWith: "pending:" } } },
    select: { id: true },
  });
  if (lineItems.length === 0) return 0;
  const data = lineItems.flatMap((item) =>
    userIds.map((userId) => ({ lineItemId: item.id, userId, reason, scoredAt, nextAttemptAt: scoredAt })),
  );
  await db.ltiScoreOutbox.createMany({ data });
  return data.length;
}

export interface StudentScore {
  /**
   * Points earned; null while the exam's results are held (then only
   * "submitted, grading pending" is sent). With "PendingManual", the points
   * of the auto-graded parts so far, which AGS reads as partial.
   */
  scoreGiven: number | null;
  scoreMaximum: number;
  activityProgress: "Initialized" | "Started" | "InProgress" | "Submitted" | "Completed";
  gradingProgress: "FullyGraded" | "Pending" | "PendingManual" | "Failed" | "NotReady";
}

/** The student's current total in the assessment, as their progress page and the gradebook count it. */
export async function currentStudentScore(db: Db, userId: string, assessmentId: string, now = new Date()): Promise<StudentScore> {
  const [progress] = await assessmentProgress({ db, userId, assessmentIds: [assessmentId], now });
  if (!progress) throw new Error(`assessment ${assessmentId} does not exist`);
  const attempted = progress.problems.some((problem) => problem.attemptsUsed > 0);
  const activityProgress =
    progress.status === "complete" || progress.status === "closed" ? "Completed" : attempted ? "Submitted" : "Initialized";
  if (progress.pointsEarned === null) {
    return { scoreGiven: null, scoreMaximum: progress.pointsPossible, activityProgress, gradingProgress: "Pending" };
  }
  // AGS: PendingManual "requires human intervention; a score present is partial and may be updated during the manual grading".
  const gradingProgress = (await awaitsManualGrading(db, userId, assessmentId)) ? "PendingManual" : "FullyGraded";
  return { scoreGiven: progress.pointsEarned, scoreMaximum: progress.pointsPossible, activityProgress, gradingProgress };
}
