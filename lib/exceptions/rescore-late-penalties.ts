import "server-only";
import { latenessAt } from "@/lib/submissions/policy";
import { rulesOf } from "@/lib/submissions/standing";
import { partWeightsOfRow } from "@/lib/problems/problem-definition";
import type { StoredPartResults } from "@/lib/submissions/stored-part-results";
import { ownEffectiveRulesOfStudents, type DbOrTx } from "./effective-rules";

// A submission stores its score after the late penalty it earned on arrival.
// Granting (or removing) a later due date changes which penalty it earned, so
// the stored rows are re-scored in the transaction that changes the
// exception: every reader (gradebook, exports, the student) then agrees
// without knowing about exceptions.

interface StoredSubmission {
  score: number;
  latePenalty: number;
  partResults: unknown;
  problem: { id: string; slug: string; version: number; source: "BANK" | "AUTHORED"; definition: unknown };
}

/**
 * The score before any late penalty. Undone from the stored score while the
 * penalty is below 1; a penalty of 1 (set by an earlier re-score) kept no
 * trace of it, so it is summed again from the stored part scores and points.
 */
function scoreBeforePenalty(submission: StoredSubmission): number {
  if (submission.latePenalty < 1) return submission.score / (1 - submission.latePenalty);
  const { parts } = partWeightsOfRow(submission.problem);
  const results = submission.partResults as StoredPartResults;
  const total = parts.reduce((sum, part) => sum + part.points, 0);
  return total === 0 ? 0 : parts.reduce((sum, part) => sum + part.points * (results[part.id]?.score ?? 0), 0) / total;
}

/**
 * Re-scores the students' stored submissions on the assessment under their
 * effective rules as they now stand. Returns how many rows changed.
 */
export async function rescoreLatePenalties(tx: DbOrTx, assessmentId: string, userIds: readonly string[]): Promise<number> {
  if (userIds.length === 0) return 0;
  const assessment = await tx.assessment.findUniqueOrThrow({ where: { id: assessmentId } });
  // Every student's rules and submissions in a few queries, not a few per student: a section can be hundreds.
  const effective = await ownEffectiveRulesOfStudents(tx, userIds, assessment, rulesOf(assessment));
  const submissions = await tx.submission.findMany({
    where: { userId: { in: [...userIds] }, assessmentProblem: { assessmentId } },
    select: {
      id: true,
      userId: true,
      score: true,
      late: true,
      latePenalty: true,
      partResults: true,
      submittedAt: true,
      problem: { select: { id: true, slug: true, version: true, source: true, definition: true } },
    },
  });
  let changed = 0;
  for (const submission of submissions) {
    const lateness = latenessAt(effective.get(submission.userId)!.rules, submission.submittedAt);
    // The flag too: with no penalty per day, a later due date changes only whether the work was late.
    if (lateness.penalty === submission.latePenalty && lateness.late === submission.late) continue;
    const score = scoreBeforePenalty(submission) * (1 - lateness.penalty);
    await tx.submission.update({ where: { id: submission.id }, data: { score, late: lateness.late, latePenalty: lateness.penalty } });
    changed++;
  }
  return changed;
}
