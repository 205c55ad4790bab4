import "server-only";
import { rubricScore } from "@/grader/answers";
import type { Db } from "@/lib/db/client";
import type { AuthorizedUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { setScoreOverride, type ScoreOverrideResult } from "@/lib/overrides/set-score-override";
import { listAnswersToGrade } from "./answers-to-grade";
import { holdsClaim, releaseClaim } from "./claim-answer";
import { loadQueuePart, type QueuePosition } from "./open-answer";

export interface GradeQueuedAnswerOptions extends QueuePosition {
  db: Db;
  actor: AuthorizedUser;
  studentId: string;
  /** The rubric items checked; the score is their points summed, capped to the part's points. */
  rubricItemIds: string[];
  /** Instead of rubric items: the score in points, from 0 to the part's points. */
  points?: number;
  /** Optional: the student sees it beside the score; without one, the checked items' labels are shown. */
  comment: string;
  now?: Date;
}

/**
 * A TA's grade of one free-text answer: only by the TA who holds its claim
 * (so that nobody grades an answer another TA has open), stored as a part
 * override (lib/overrides, which checks the role and the enrolment and
 * audits it as "score.manualGrade") with the rubric items checked, after
 * which the claim is released.
 */
export async function gradeQueuedAnswer(options: GradeQueuedAnswerOptions): Promise<ScoreOverrideResult> {
  const { db, actor, studentId, rubricItemIds, points, now = new Date() } = options;
  const part = await loadQueuePart(db, actor, options);
  const answer = (await listAnswersToGrade(db, options.assessmentProblemId, options.partId, part.member)).find(
    (candidate) => candidate.studentId === studentId,
  );
  if (!answer) throw new AppError("NOT_FOUND", "That student has no answer to this part.");
  const key = { assessmentProblemId: options.assessmentProblemId, userId: studentId, partId: options.partId };
  if (!(await holdsClaim(db, key, actor.id, now)))
    throw new AppError(
      "CONFLICT",
      "You no longer hold this answer (your claim lapsed or another TA took it): open it again before grading.",
    );

  const unknown = rubricItemIds.filter((id) => !part.rubric.some((item) => item.id === id));
  if (unknown.length > 0) throw new AppError("INVALID_INPUT", `No rubric item ${unknown.join(", ")} in part ${part.partId}.`);
  if (points !== undefined && rubricItemIds.length > 0)
    throw new AppError("INVALID_INPUT", "Give either rubric items or a score, not both.");
  if (points !== undefined && (!Number.isFinite(points) || points < 0 || points > part.points))
    throw new AppError("INVALID_INPUT", `A score for part ${part.partId} is from 0 to ${part.points} points.`);
  const score = points !== undefined ? (part.points > 0 ? points / part.points : 0) : rubricScore(part, rubricItemIds, part.points);

  const checkedLabels = part.rubric.filter((item) => rubricItemIds.includes(item.id)).map((item) => item.label);
  const comment =
    options.comment.trim() || (checkedLabels.length > 0 ? `Credit for: ${checkedLabels.join("; ")}.` : "Graded by the course staff.");
  const result = await setScoreOverride({
    db,
    actor,
    assessmentId: options.assessmentId,
    assessmentProblemId: options.assessmentProblemId,
    studentId,
    partId: options.partId,
    score,
    comment,
    now,
    manualGrade: { rubricItemIds, submissionId: answer.submissionId },
  });
  await releaseClaim(db, key, actor.id);
  return result;
}
