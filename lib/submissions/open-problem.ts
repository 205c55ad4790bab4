import "server-only";
import type { Db } from "@/lib/db/client";
import { variantOffThread } from "@/lib/grading/grade-off-thread";
import type { ProblemRow } from "@/lib/problems/problem-definition";
import { getOrCreateVariant } from "@/lib/problems/get-or-create-variant";
import { resolvePlacement } from "@/lib/problems/resolve-placement";

export interface OpenProblemOptions {
  db: Db;
  userId: string;
  slug: string;
  assessmentId?: string;
  /** The session token's version, for requests made with a session (see resolvePlacement). */
  sessionVersion?: number;
}

/**
 * Everything a student's request about one placed problem starts from: the
 * placement (checked against the user's enrolments), the user's variant
 * row (drawn on first use) and the built variant of the problem version the
 * variant was drawn from, which is the version it is graded with (an
 * authored problem's is built in the grading pool, off this thread).
 */
export async function openProblem({ db, userId, slug, assessmentId, sessionVersion }: OpenProblemOptions) {
  const { placement, variant: drawn } = await resolvePlacement({ db, userId, slug, assessmentId, sessionVersion });
  const variantRow =
    drawn ??
    (await getOrCreateVariant({
      db,
      userId,
      assessmentProblemId: placement.id,
      problemId: placement.problem.id,
      handoutNumbers: placement.assessment.handoutNumbers,
    }));
  const problemRow: ProblemRow =
    variantRow.problemId === placement.problem.id
      ? placement.problem
      : await db.problem.findUniqueOrThrow({
          where: { id: variantRow.problemId },
          select: { id: true, slug: true, version: true, source: true, definition: true },
        });
  return { placement, variantRow, problemRow, variant: await variantOffThread(problemRow, variantRow.seed) };
}

export type OpenedProblem = Awaited<ReturnType<typeof openProblem>>;

export function placementInfo(placement: OpenedProblem["placement"]) {
  return {
    assessmentProblemId: placement.id,
    assessmentId: placement.assessment.id,
    assessmentTitle: placement.assessment.title,
    courseId: placement.assessment.courseId,
    points: placement.points,
    position: placement.position,
  };
}
