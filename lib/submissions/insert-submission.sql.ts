import "server-only";
import { Prisma, type Db } from "@/lib/db/client";
import { execute } from "@/lib/db/query-rows";
import { enqueueScoreChange } from "@/lib/lti/ags/score-outbox";
import { kickScoreSender } from "@/lib/lti/ags/score-sender-loop";
import type { HistorySubmission } from "./problem-history.sql";

export interface SubmissionOwner {
  variantId: string;
  userId: string;
  assessmentProblemId: string;
  problemId: string;
  idempotencyKey: string | undefined;
}

function insertStatement(row: HistorySubmission, owner: SubmissionOwner) {
  return Prisma.sql`
    INSERT INTO "Submission" ("id", "variantId", "userId", "assessmentProblemId", "problemId", "attempt", "answers", "score",
      "partResults", "late", "latePenalty", "idempotencyKey", "submittedAt", "gradedAt")
    VALUES (${row.id}, ${owner.variantId}, ${owner.userId}, ${owner.assessmentProblemId}, ${owner.problemId}, ${row.attempt},
      ${row.answers}, ${row.score}, ${row.partResults}, ${row.late}, ${row.latePenalty}, ${owner.idempotencyKey ?? null},
      ${row.submittedAt}, ${new Date()})`;
}

/** The submission's one statement, straight to the driver (lib/db/direct-sql.ts): the deadline rush runs it for every submission. */
export async function insertSubmission(db: Db, row: HistorySubmission, owner: SubmissionOwner): Promise<void> {
  await execute(
    db,
    insertStatement(row, owner),
    // Under load, several students' submissions share one commit (one fsync on SQLite), each all-or-nothing on its own.
    { commitTogether: true },
  );
}

/**
 * The same INSERT, for an assessment placed in an LMS: in one transaction
 * with its score's outbox rows (lib/lti/ags), so that no graded submission
 * is committed without them. Only such assessments take this slower path.
 */
export async function insertSubmissionWithScoreChange(db: Db, row: HistorySubmission, owner: SubmissionOwner, assessmentId: string) {
  await db.$transaction(async (tx) => {
    // Through Prisma's model API, so that a lost race for the attempt number is the P2002 that isUniqueViolation reads.
    await tx.submission.create({
      data: {
        id: row.id,
        variantId: owner.variantId,
        userId: owner.userId,
        assessmentProblemId: owner.assessmentProblemId,
        problemId: owner.problemId,
        attempt: row.attempt,
        answers: row.answers as Prisma.InputJsonValue,
        score: row.score,
        partResults: row.partResults as Prisma.InputJsonValue,
        late: row.late,
        latePenalty: row.latePenalty,
        idempotencyKey: owner.idempotencyKey ?? null,
        submittedAt: row.submittedAt,
        gradedAt: new Date(),
      },
    });
    await enqueueScoreChange(tx, { assessmentId, userIds: [owner.userId], reason: "submission", scoredAt: row.submittedAt });
  });
  kickScoreSender();
}
