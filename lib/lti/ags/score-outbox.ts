import "server-only";
import { z } from "zod";
import { Prisma, type Db } from "@/lib/db/client";
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
type Writer = Pick<Db, "$queryRaw" | "ltiScoreOutbox">;

export interface EnqueueScoreChangeOptions {
  assessmentId: string;
  userIds: readonly string[];
  reason: ScoreChangeReason;
  scoredAt: Date;
}

const Recipient = z.object({ lineItemId: z.string(), userId: z.string() });

/**
 * The (line item, student) pairs to queue: the assessment's line items (not placeholders) in the LMS courses
 * each student is a member of (lib/lti/context-membership.ts). A line item's LMS course is that of the
 * resource link it was made for; one whose link is gone has no known course and gets nothing.
 */
function recipientsStatement(assessmentId: string, userIds: readonly string[]) {
  return Prisma.sql`
    SELECT li."id" AS "lineItemId", m."userId"
    FROM "LtiLineItem" li
    JOIN "LtiResourceLink" rl ON rl."id" = li."resourceLinkId"
    JOIN "LtiContextMembership" m ON m."courseLinkId" = rl."courseLinkId"
    WHERE li."assessmentId" = ${assessmentId} AND li."lineItemUrl" NOT LIKE 'pending:%'
      AND m."userId" IN (${Prisma.join([...userIds])})`;
}

/**
 * One row per line item of the assessment and student, for the LMS courses the student is in (a student in none
 * gets none). One query to choose them, as many as when every line item got a row. Returns how many were written.
 */
export async function enqueueScoreChange(
  db: Writer,
  { assessmentId, userIds, reason, scoredAt }: EnqueueScoreChangeOptions,
): Promise<number> {
  if (userIds.length === 0) return 0;
  const recipients = z.array(Recipient).parse(await db.$queryRaw(recipientsStatement(assessmentId, userIds)));
  if (recipients.length === 0) return 0;
  const data = recipients.map(({ lineItemId, userId }) => ({ lineItemId, userId, reason, scoredAt, nextAttemptAt: scoredAt }));
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
