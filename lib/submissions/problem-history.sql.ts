import "server-only";
import { directSql, Prisma, type Db } from "@/lib/db/client";
import type { OverrideForStanding } from "./standing";

export interface HistorySubmission {
  id: string;
  attempt: number;
  score: number;
  late: boolean;
  latePenalty: number;
  partResults: unknown;
  answers: unknown;
  submittedAt: Date;
}

/** One row of loadProblemHistory's statement: a submission (kind "s") or an override ("o"), the other's columns null. */
interface HistoryRow extends Omit<HistorySubmission, "attempt" | "late" | "latePenalty" | "submittedAt">, Omit<OverrideForStanding, "createdAt"> {
  kind: "s" | "o";
  attempt: number;
  late: boolean;
  latePenalty: number;
  at: Date;
}

/**
 * The user's submissions (newest first) and overrides (by id, as the
 * gradebook reads them: OVERRIDE_READ_ORDER, so that two overrides made in
 * the same millisecond settle the same way on both) for a placed problem.
 * Every submission and every problem page reads them, so they are one
 * statement (a UNION ALL: one round trip instead of two), sent to the
 * driver directly (lib/db/direct-sql.ts).
 */
export async function loadProblemHistory(db: Db, userId: string, assessmentProblemId: string) {
  const rows = await directSql(db).query<HistoryRow>(
    Prisma.sql`
      SELECT 's' AS "kind", "id", "attempt", "score", "late", "latePenalty", "partResults", "answers", "submittedAt" AS "at",
        NULL AS "partId", NULL AS "comment"
      FROM "Submission" WHERE "userId" = ${userId} AND "assessmentProblemId" = ${assessmentProblemId}
      UNION ALL
      SELECT 'o', "id", NULL, "score", NULL, NULL, NULL, NULL, "createdAt", "partId", "comment"
      FROM "ScoreOverride" WHERE "userId" = ${userId} AND "assessmentProblemId" = ${assessmentProblemId}
      ORDER BY "kind" DESC, "attempt" DESC, "id" ASC`,
    { dates: ["at"], booleans: ["late"], json: ["partResults", "answers"] },
  );
  const submissions: HistorySubmission[] = [];
  const overrides: OverrideForStanding[] = [];
  for (const row of rows) {
    if (row.kind === "s") {
      const { id, attempt, score, late, latePenalty, partResults, answers, at } = row;
      submissions.push({ id, attempt, score, late, latePenalty, partResults, answers, submittedAt: at });
    } else {
      overrides.push({ partId: row.partId, score: row.score, comment: row.comment, createdAt: row.at });
    }
  }
  return { submissions, overrides };
}

export type ProblemHistory = Awaited<ReturnType<typeof loadProblemHistory>>;
