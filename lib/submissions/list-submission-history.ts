import "server-only";
import type { Db } from "@/lib/db/client";
import type { Variant } from "@/grader/problems";
import type { Json } from "@/grader/problems/types";
import type { SubmissionHistoryPage, SubmissionHistoryResponse } from "./contract";
import { openProblem } from "./open-problem";
import { resultsHeld, type AssessmentRules } from "./policy";
import { loadHistoryPage, type ProblemHistory } from "./problem-history.sql";
import { DEFAULT_HISTORY_PAGE, type HistoryPageQuery } from "./requests";
import { partResultsList } from "./standing";
import type { StoredPartResults } from "./stored-part-results";

export interface ListSubmissionHistoryOptions {
  db: Db;
  userId: string;
  slug: string;
  assessmentId?: string;
  /** The session token's version, for requests made with a session (lib/problems/resolve-placement.ts). */
  sessionVersion?: number;
  /** Which page (GET …/submissions' query, lib/submissions/requests.ts). */
  page?: HistoryPageQuery;
  now?: Date;
}

/**
 * A page of the user's own submissions to a placed problem, newest first, with their feedback: `page.limit` of them
 * (DEFAULT_HISTORY_PAGE without one), older than attempt `page.before` when given.
 */
export async function listSubmissionHistory({
  db,
  userId,
  slug,
  assessmentId,
  sessionVersion,
  page = { limit: DEFAULT_HISTORY_PAGE },
  now = new Date(),
}: ListSubmissionHistoryOptions): Promise<SubmissionHistoryPage> {
  const { placement, variant, effective } = await openProblem({ db, userId, slug, assessmentId, sessionVersion, now });
  const { submissions, nextBefore } = await loadHistoryPage(db, userId, placement.id, page);
  // The student's rules: an exam's results stay held until it closes for everyone, exceptions included.
  return { ...submissionHistoryOf(variant, effective.rules, { submissions }, now), nextBefore };
}

/**
 * The history as the student sees it at `now`: while an exam's results are held, without scores or part results
 * (policy.ts resultsHeld).
 */
export function submissionHistoryOf(
  variant: Variant,
  rules: AssessmentRules,
  { submissions }: Pick<ProblemHistory, "submissions">,
  now: Date,
): SubmissionHistoryResponse {
  const held = resultsHeld(rules, now);
  return {
    submissions: submissions.map((submission) => ({
      submissionId: submission.id,
      attempt: submission.attempt,
      submittedAt: submission.submittedAt.toISOString(),
      score: held ? null : submission.score,
      late: submission.late,
      latePenalty: submission.latePenalty,
      answers: submission.answers as Record<string, Json>,
      parts: partResultsList(variant, submission.partResults as unknown as StoredPartResults, { held }),
    })),
  };
}
