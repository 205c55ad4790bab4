import "server-only";
import { z } from "zod";
import { Prisma, type Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/query-rows";
import { sqlBoolean, sqlDate, sqlJson, sqlNumber } from "@/lib/db/sql-codecs";
import type { AssessmentRules } from "./policy";
import type { OverrideForStanding, SubmissionForStanding } from "./standing";

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

/** An override's row in the statements below, which read a student's overrides beside their submissions. */
const OverrideRow = z.object({
  kind: z.literal("o"),
  id: z.string(),
  score: sqlNumber,
  at: sqlDate,
  partId: z.string(),
  comment: z.string(),
});

const overrideOf = (row: z.output<typeof OverrideRow>): OverrideForStanding => ({
  partId: row.partId,
  score: row.score,
  comment: row.comment,
  createdAt: row.at,
});

/** A submission's row in the history statements: every column the history shows, its time as "at". */
const SubmissionRow = z.object({
  id: z.string(),
  attempt: sqlNumber,
  score: sqlNumber,
  late: sqlBoolean,
  latePenalty: sqlNumber,
  partResults: sqlJson,
  answers: sqlJson,
  at: sqlDate,
});

const submissionOf = ({ at, ...row }: z.output<typeof SubmissionRow>): HistorySubmission => ({ ...row, submittedAt: at });

/** One row of the history statement: a submission (kind "s") or an override ("o"); the other kind's columns are null. */
export const HistoryRow = z.discriminatedUnion("kind", [SubmissionRow.extend({ kind: z.literal("s") }), OverrideRow]);

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
    { readOnly: true },
  );
  const submissions: HistorySubmission[] = [];
  const overrides: OverrideForStanding[] = [];
  for (const row of rows) {
    if (row.kind === "s") {
      const { kind: _kind, ...submission } = row;
      submissions.push(submissionOf(submission));
    } else {
      overrides.push(overrideOf(row));
    }
  }
  return { submissions, overrides };
}

export type ProblemHistory = Awaited<ReturnType<typeof loadProblemHistory>>;

export interface HistoryPage {
  /** Newest first. */
  submissions: HistorySubmission[];
  /** The attempt to ask for older ones before (the oldest listed), or null when none are older. */
  nextBefore: number | null;
}

/**
 * Up to `limit` of the user's submissions to a placed problem with an
 * attempt number below `before` (any, without it), newest first: what the
 * JSON history answers, so that one request reads a page of answers however
 * long the student has practised. Attempts are 1..n per student and
 * placement, so a page's last attempt is where the next one starts.
 */
export async function loadHistoryPage(
  db: Db,
  userId: string,
  assessmentProblemId: string,
  { limit, before }: { limit: number; before?: number },
): Promise<HistoryPage> {
  const rows = await queryRows(
    db,
    "submission history page",
    Prisma.sql`
      SELECT "id", "attempt", "score", "late", "latePenalty", "partResults", "answers", "submittedAt" AS "at"
      FROM "Submission" WHERE "userId" = ${userId} AND "assessmentProblemId" = ${assessmentProblemId}
        ${before === undefined ? Prisma.empty : Prisma.sql`AND "attempt" < ${before}`}
      ORDER BY "attempt" DESC LIMIT ${limit + 1}`,
    SubmissionRow,
    { readOnly: true },
  );
  // One row more than the page says whether an older page exists, without counting them all.
  const listed = rows.slice(0, limit);
  return {
    submissions: listed.map(submissionOf),
    nextBefore: rows.length > limit ? listed[listed.length - 1].attempt : null,
  };
}

/** One row of the standing-basis statement: a submission that may count, with how many there are in all, or an override. */
const StandingRow = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("s"),
    attempt: sqlNumber,
    score: sqlNumber,
    latePenalty: sqlNumber,
    partResults: sqlJson,
    used: sqlNumber,
  }),
  OverrideRow,
]);

/**
 * The order that puts the submission a policy counts first (policy.ts countedAttempt): the earliest of equal
 * bests, or the last. Under BEST_PER_PART every submission is read, newest first.
 */
const COUNTED_FIRST: Record<AssessmentRules["scoringPolicy"], Prisma.Sql> = {
  BEST: Prisma.sql`"score" DESC, "attempt" ASC`,
  LAST: Prisma.sql`"attempt" DESC`,
  BEST_PER_PART: Prisma.sql`"attempt" DESC`,
};

export interface StandingBasis {
  /** How many submissions the student has made to the problem: the next one is attempt attemptsUsed + 1. */
  attemptsUsed: number;
  /** The submissions a score can count from: the one that counts under BEST or LAST, every one under BEST_PER_PART. */
  submissions: SubmissionForStanding[];
  overrides: OverrideForStanding[];
}

/**
 * What a new submission's response needs of the student's earlier ones,
 * and nothing more: how many there are, and only the submissions the score
 * can count from (policy.ts countedScores): the best or the last one, or
 * under BEST_PER_PART every one, without its answers. The new submission
 * beside these gives the same standing as beside the whole history, so a
 * submission costs the same at the fiftieth attempt as at the first, where
 * loadProblemHistory reads and parses every earlier answer and result.
 * The ranking reads no JSON: only the one row that counts is fetched whole.
 */
export async function loadStandingBasis(
  db: Db,
  userId: string,
  assessmentProblemId: string,
  rules: Pick<AssessmentRules, "scoringPolicy">,
): Promise<StandingBasis> {
  const everyOne = rules.scoringPolicy === "BEST_PER_PART";
  const rows = await queryRows(
    db,
    "standing basis",
    Prisma.sql`
      WITH "ranked" AS (
        SELECT "id", COUNT(*) OVER () AS "used",
          ROW_NUMBER() OVER (ORDER BY ${COUNTED_FIRST[rules.scoringPolicy]}) AS "rank"
        FROM "Submission" WHERE "userId" = ${userId} AND "assessmentProblemId" = ${assessmentProblemId}
      )
      SELECT 's' AS "kind", s."attempt", s."score", s."latePenalty", s."partResults", r."used",
        NULL AS "at", NULL AS "partId", NULL AS "comment", r."rank" AS "rank", NULL AS "id"
      FROM "ranked" r JOIN "Submission" s ON s."id" = r."id"
      WHERE ${everyOne ? Prisma.sql`1 = 1` : Prisma.sql`r."rank" = 1`}
      UNION ALL
      SELECT 'o', NULL, "score", NULL, NULL, NULL, "createdAt", "partId", "comment", NULL, "id"
      FROM "ScoreOverride" WHERE "userId" = ${userId} AND "assessmentProblemId" = ${assessmentProblemId}
      ORDER BY "kind" DESC, "rank" ASC, "id" ASC`,
    StandingRow,
    { readOnly: true },
  );
  const basis: StandingBasis = { attemptsUsed: 0, submissions: [], overrides: [] };
  for (const row of rows) {
    if (row.kind === "s") {
      const { attempt, score, latePenalty, partResults, used } = row;
      basis.attemptsUsed = used;
      basis.submissions.push({ attempt, score, latePenalty, partResults });
    } else {
      basis.overrides.push(overrideOf(row));
    }
  }
  return basis;
}
