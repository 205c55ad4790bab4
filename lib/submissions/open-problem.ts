import "server-only";
import type { Db } from "@/lib/db/client";
import { variantOffThread } from "@/lib/grading/grade-off-thread";
import type { ProblemRow } from "@/lib/problems/problem-definition";
import { getOrCreateVariant } from "@/lib/problems/get-or-create-variant";
import { resolvePlacement } from "@/lib/problems/resolve-placement";
import { isStaffRole } from "@/lib/auth/roles";
import { assertOpenFor, startIfTimed } from "@/lib/assessments/assessment-window";
import { applyException, effectiveRulesFor } from "@/lib/exceptions/effective-rules";
import { AppError } from "@/lib/errors";
import { drawnMemberId } from "@/lib/pools/drawn-member";
import { rulesOf } from "./standing";

export interface OpenProblemOptions {
  db: Db;
  userId: string;
  slug: string;
  assessmentId?: string;
  /** The session token's version, for requests made with a session (see resolvePlacement). */
  sessionVersion?: number;
  now?: Date;
}

/**
 * Everything a student's request about one placed problem starts from: the
 * placement (checked against the user's enrolments), the user's variant
 * row (drawn on first use) and the built variant of the problem version the
 * variant was drawn from, which is the version it is graded with (an
 * authored problem's is built in the grading pool, off this thread).
 *
 * For a pooled placement the user works on the member drawn for them
 * (lib/pools), and only under its slug: another member's slug is
 * NOT_FOUND. A student is refused before the assessment opens, before anything is
 * drawn; their first opening of a timed assessment starts their clock
 * (`startedAt`, null when untimed or for staff). `effective` are the
 * student's rules with their exceptions (lib/exceptions), which every
 * deadline, attempt and time check of the request reads.
 */
export async function openProblem({ db, userId, slug, assessmentId, sessionVersion, now = new Date() }: OpenProblemOptions) {
  const resolved = await resolvePlacement({ db, userId, slug, assessmentId, sessionVersion });
  const { placement, variant: drawn } = resolved;
  const isStaff = isStaffRole(resolved.role);
  assertOpenFor(isStaff, placement.assessment, now);
  const memberId = await drawnMemberId({
    db,
    userId,
    assessmentProblemId: placement.id,
    placementProblemId: placement.problem.id,
    pooled: placement.pooled,
    variantProblemId: drawn?.problemId ?? null,
  });
  const problemRow: ProblemRow =
    memberId === placement.problem.id
      ? placement.problem
      : await db.problem.findUniqueOrThrow({
          where: { id: memberId },
          select: { id: true, slug: true, version: true, source: true, definition: true },
        });
  // A pool's other members are not this user's to open: the same answer as a problem that is not there, before anything is stored.
  if (problemRow.slug !== slug) throw new AppError("NOT_FOUND", `There is no problem "${slug}" in your assessments for that assessment.`);
  const startedAt = await startIfTimed(
    db,
    {
      userId,
      isStaff,
      assessmentId: placement.assessment.id,
      timeLimitMinutes: placement.assessment.timeLimitMinutes,
      startedAt: resolved.startedAt,
    },
    now,
  );
  const variantRow =
    drawn ??
    (await getOrCreateVariant({
      db,
      userId,
      assessmentProblemId: placement.id,
      problemId: memberId,
      handoutNumbers: placement.assessment.handoutNumbers,
    }));
  const own = rulesOf(placement.assessment);
  const effective = isStaff ? applyException(own, null) : await effectiveRulesFor(db, userId, placement.assessment, own, resolved);
  return { placement, variantRow, problemRow, startedAt, effective, variant: await variantOffThread(problemRow, variantRow.seed) };
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
