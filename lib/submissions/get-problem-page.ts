import "server-only";
import type { SubmissionHistoryResponse, VariantResponse } from "./contract";
import { openProblem } from "./open-problem";
import { loadProblemHistory } from "./problem-history.sql";
import { variantViewOf, type GetVariantViewOptions } from "./get-variant-view";
import { submissionHistoryOf } from "./list-submission-history";

export type GetProblemPageOptions = GetVariantViewOptions;

/**
 * What the student's problem page shows: the same view and history the JSON
 * API answers with (GET …/problems/:slug and …/submissions), from one opening
 * of the problem and one read of the history.
 */
export async function getProblemPage({ db, userId, slug, assessmentId, sessionVersion, now = new Date() }: GetProblemPageOptions): Promise<{
  view: VariantResponse;
  history: SubmissionHistoryResponse;
}> {
  const opened = await openProblem({ db, userId, slug, assessmentId, sessionVersion, now });
  const history = await loadProblemHistory(db, userId, opened.placement.id);
  return {
    view: variantViewOf(opened, history, now),
    history: submissionHistoryOf(opened.variant, opened.effective.rules, history, now),
  };
}
