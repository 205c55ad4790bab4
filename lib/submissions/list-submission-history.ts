import "server-only";
import type { Db } from "@/lib/db/client";
import type { Variant } from "@/grader/problems";
import type { Json } from "@/grader/problems/types";
import type { SubmissionHistoryResponse } from "./contract";
import { openProblem } from "./open-problem";
import { resultsHeld, type AssessmentRules } from "./policy";
import { loadProblemHistory, type ProblemHistory } from "./problem-history.sql";
import { partResultsList } from "./standing";
import type { StoredPartResults } from "./stored-part-results";

export interface ListSubmissionHistoryOptions {
  db: Db;
  userId: string;
  slug: string;
  assessmentId?: string;
  /** The session token's version, for requests made with a session (lib/problems/resolve-placement.ts). */
  sessionVersion?: number;
  now?: Date;
}

/** The user's own submissions to a placed problem, newest first, with their feedback. */
export async function listSubmissionHistory({
  db,
  userId,
  slug,
  assessmentId,
  sessionVersion,
  now = new Date(),
}: ListSubmissionHistoryOptions): Promise<SubmissionHistoryResponse> {
  const { placement, variant, effective } = await openProblem({ db, userId, slug, assessmentId, sessionVersion, now });
  // The student's rules: an exam's results stay held until it closes for everyone, exceptions included.
  return submissionHistoryOf(variant, effective.rules, await loadProblemHistory(db, userId, placement.id), now);
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
