import "server-only";
import { z } from "zod";
import { Prisma, type Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/query-rows";
import { sqlBoolean, sqlDate, sqlJson, sqlNumber } from "@/lib/db/sql-codecs";
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

/** One row of the history statement: a submission (kind "s") or an override ("o"); the other kind's columns are null. */
export const HistoryRow = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("s"),
    id: z.string(),
    attempt: sqlNumber,
    score: sqlNumber,
    late: sqlBoolean,
    latePenalty: sqlNumber,
    partResults: sqlJson,
    answers: sqlJson,
    at: sqlDate,
  }),
  z.object({ kind: z.literal("o"), id: z.string(), score: sqlNumber, at: sqlDate, partId: z.string(), comment: z.string() }),
]);

/**
 * The user's submissions (newest first) and overrides (by id, as the
 * gradebook reads them: OVERRIDE_READ_ORDER, so that two overrides made in
 * the same millisecond settle the same way on both) for a placed problem.
 * Every submission and every problem page reads them, so they are one
 * statement (a UNION ALL: one round trip instead of two), sent to the
 * driver directly (lib/db/direct-sql.ts).
 */
export async function loadProblemHistory(db: Db, userId: string, assessmentProblemId: string) {
  const rows = await queryRows(
    db,
    "problem history",
    Prisma.sql`
      SELECT 's' AS "kind", "id", "attempt", "score", "late", "latePenalty", "partResults", "answers", "submittedAt" AS "at",
        NULL AS "partId", NULL AS "comment"
      FROM "Submission" WHERE "userId" = ${userId} AND "assessmentProblemId" = ${assessmentProblemId}
      UNION ALL
      SELECT 'o', "id", NULL, "score", NULL, NULL, NULL, NULL, "createdAt", "partId", "comment"
      FROM "ScoreOverride" WHERE "userId" = ${userId} AND "assessmentProblemId" = ${assessmentProblemId}
      ORDER BY "kind" DESC, "attempt" DESC, "id" ASC`,
    HistoryRow,
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
