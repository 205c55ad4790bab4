import "server-only";
import { Prisma, type Db } from "@/lib/db/client";
import { execute } from "@/lib/db/query-rows";
import type { HistorySubmission } from "./problem-history.sql";

export interface SubmissionOwner {
  variantId: string;
  userId: string;
  assessmentProblemId: string;
  problemId: string;
  idempotencyKey: string | undefined;
}

/** The submission's one statement, straight to the driver (lib/db/direct-sql.ts): the deadline rush runs it for every submission. */
export async function insertSubmission(db: Db, row: HistorySubmission, owner: SubmissionOwner): Promise<void> {
  await execute(
    db,
    Prisma.sql`
    INSERT INTO "Submission" ("id", "variantId", "userId", "assessmentProblemId", "problemId", "attempt", "answers", "score",
      "partResults", "late", "latePenalty", "idempotencyKey", "submittedAt", "gradedAt")
    VALUES (${row.id}, ${owner.variantId}, ${owner.userId}, ${owner.assessmentProblemId}, ${owner.problemId}, ${row.attempt},
      ${row.answers}, ${row.score}, ${row.partResults}, ${row.late}, ${row.latePenalty}, ${owner.idempotencyKey ?? null},
      ${row.submittedAt}, ${new Date()})`,
    // Under load, several students' submissions share one commit (one fsync on SQLite), each all-or-nothing on its own.
    { commitTogether: true },
  );
}
