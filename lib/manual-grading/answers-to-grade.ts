import "server-only";
import type { Db } from "@/lib/db/client";
import type { StoredPartResults } from "@/lib/submissions/stored-part-results";

/** One student's latest free-text answer to a part, and whether staff have graded it since it was submitted. */
export interface AnswerToGrade {
  studentId: string;
  submissionId: string;
  submittedAt: Date;
  /** The text as the student submitted it (plain text: never rendered as markup). */
  text: string;
  graded: boolean;
}

/** An answer is graded once an override of its part was set at or after its submission (ms since the epoch; none: undefined). */
function gradedSince(lastOverrideAt: number | undefined, submittedAt: Date): boolean {
  return (lastOverrideAt ?? -Infinity) >= submittedAt.getTime();
}

/**
 * Every student's latest answer to a free-text part of a placement, oldest
 * first (the queue's order). An answer counts as graded once an override of
 * that part was set at or after its submission: a TA's grade through the
 * queue is such an override, and so is one set on the student's review page.
 * A student who submits again after being graded is back in the queue.
 * Of a pooled placement, only the students who drew `member` (a slug, as
 * the gradebook tells members apart): a part override is the student's own
 * in the placement, and each student has one member.
 */
export async function listAnswersToGrade(db: Db, assessmentProblemId: string, partId: string, member?: string): Promise<AnswerToGrade[]> {
  const [submissions, overrides] = await Promise.all([
    db.submission.findMany({
      where: member === undefined ? { assessmentProblemId } : { assessmentProblemId, variant: { problem: { slug: member } } },
      select: { id: true, userId: true, submittedAt: true, answers: true, partResults: true },
      orderBy: [{ submittedAt: "desc" }, { attempt: "desc" }],
    }),
    db.scoreOverride.findMany({ where: { assessmentProblemId, partId }, select: { userId: true, createdAt: true } }),
  ]);
  const lastOverride = new Map<string, number>();
  for (const override of overrides)
    lastOverride.set(override.userId, Math.max(lastOverride.get(override.userId) ?? 0, override.createdAt.getTime()));
  const latest = new Map<string, AnswerToGrade>();
  for (const submission of submissions) {
    if (latest.has(submission.userId)) continue;
    if ((submission.partResults as unknown as StoredPartResults)[partId]?.status !== "needsGrading") continue;
    const text = (submission.answers as Record<string, unknown>)[partId];
    latest.set(submission.userId, {
      studentId: submission.userId,
      submissionId: submission.id,
      submittedAt: submission.submittedAt,
      text: typeof text === "string" ? text : "",
      graded: gradedSince(lastOverride.get(submission.userId), submission.submittedAt),
    });
  }
  return [...latest.values()].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || a.studentId.localeCompare(b.studentId));
}

/**
 * Whether one of the student's latest answers in the assessment (one per
 * placement) has a free-text part that waits for a grader, by the queue's
 * own rule above: the LMS is told the grade is not final yet (lib/lti/ags).
 */
export async function awaitsManualGrading(db: Db, userId: string, assessmentId: string): Promise<boolean> {
  const [submissions, overrides] = await Promise.all([
    db.submission.findMany({
      where: { userId, assessmentProblem: { assessmentId } },
      select: { assessmentProblemId: true, submittedAt: true, partResults: true },
      orderBy: [{ submittedAt: "desc" }, { attempt: "desc" }],
    }),
    db.scoreOverride.findMany({
      where: { userId, assessmentProblem: { assessmentId } },
      select: { assessmentProblemId: true, partId: true, createdAt: true },
    }),
  ]);
  const lastOverride = new Map<string, number>();
  for (const { assessmentProblemId, partId, createdAt } of overrides) {
    const key = `${assessmentProblemId} ${partId}`;
    lastOverride.set(key, Math.max(lastOverride.get(key) ?? 0, createdAt.getTime()));
  }
  const seen = new Set<string>();
  for (const submission of submissions) {
    if (seen.has(submission.assessmentProblemId)) continue;
    seen.add(submission.assessmentProblemId);
    const parts = Object.entries(submission.partResults as unknown as StoredPartResults);
    const waiting = parts.some(
      ([partId, result]) =>
        result?.status === "needsGrading" &&
        !gradedSince(lastOverride.get(`${submission.assessmentProblemId} ${partId}`), submission.submittedAt),
    );
    if (waiting) return true;
  }
  return false;
}
