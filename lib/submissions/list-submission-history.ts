import "server-only";
import type { Db } from "@/lib/db/client";
import type { Variant } from "@/grader/problems";
import type { Json } from "@/grader/problems/types";
import type { SubmissionHistoryResponse } from "./contract";
import { openProblem } from "./open-problem";
import { loadProblemHistory, partResultsList, type ProblemHistory, type StoredPartResults } from "./problem-state";

export interface ListSubmissionHistoryOptions {
  db: Db;
  userId: string;
  slug: string;
  assessmentId?: string;
  /** The session token's version, for requests made with a session (lib/problems/resolve-placement.ts). */
  sessionVersion?: number;
}

/** The user's own submissions to a placed problem, newest first, with their feedback. */
export async function listSubmissionHistory({ db, userId, slug, assessmentId, sessionVersion }: ListSubmissionHistoryOptions): Promise<SubmissionHistoryResponse> {
  const { placement, variant } = await openProblem({ db, userId, slug, assessmentId, sessionVersion });
  return submissionHistoryOf(variant, await loadProblemHistory(db, userId, placement.id));
}

export function submissionHistoryOf(variant: Variant, { submissions }: Pick<ProblemHistory, "submissions">): SubmissionHistoryResponse {
  return {
    submissions: submissions.map((submission) => ({
      submissionId: submission.id,
      attempt: submission.attempt,
      submittedAt: submission.submittedAt.toISOString(),
      score: submission.score,
      late: submission.late,
      latePenalty: submission.latePenalty,
      answers: submission.answers as Record<string, Json>,
      parts: partResultsList(variant, submission.partResults as unknown as StoredPartResults),
    })),
  };
}
