import "server-only";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { AppError } from "@/lib/errors";
import { notYetOpen, type AssessmentWindow } from "@/lib/submissions/policy";
import { formatCourseDate } from "@/lib/dates";

/**
 * Refuses a student's request about an assessment before it opens
 * (NOT_YET_OPEN, 403, with the opening time): called before anything is
 * read for or created by the request (a variant, a start, a submission).
 * Staff preview everything at any time.
 */
export function assertOpenFor(isStaff: boolean, window: Pick<AssessmentWindow, "opensAt"> & { timeZone: string }, now: Date): void {
  if (isStaff || !notYetOpen(window, now)) return;
  throw new AppError(
    "NOT_YET_OPEN",
    `This assessment opens at ${formatCourseDate(window.opensAt!, window.timeZone)}; its problems are shown from then.`,
    {
      opensAt: window.opensAt!.toISOString(),
    },
  );
}

/**
 * The student's start of a timed assessment, recorded on their first request
 * for it and never changed. Two first requests at once both insert; the
 * unique (userId, assessmentId) index refuses the second, which then reads
 * the winner's, so a student has one start whatever the race.
 */
export async function startAssessment(db: Db, userId: string, assessmentId: string, now: Date): Promise<Date> {
  try {
    const created = await db.assessmentStart.create({ data: { userId, assessmentId, startedAt: now }, select: { startedAt: true } });
    return created.startedAt;
  } catch (error) {
    if (!isUniqueViolation(error, "userId")) throw error;
    const existing = await db.assessmentStart.findUniqueOrThrow({
      where: { userId_assessmentId: { userId, assessmentId } },
      select: { startedAt: true },
    });
    return existing.startedAt;
  }
}

/** The student's start, recording it now if the assessment is timed and this is their first request; null if untimed or staff. */
export async function startIfTimed(
  db: Db,
  {
    userId,
    isStaff,
    assessmentId,
    timeLimitMinutes,
    startedAt,
  }: {
    userId: string;
    isStaff: boolean;
    assessmentId: string;
    timeLimitMinutes: number | null;
    startedAt: Date | null;
  },
  now: Date,
): Promise<Date | null> {
  if (startedAt) return startedAt;
  // Staff previews start no clock; an untimed assessment needs none (one write fewer per first visit).
  if (isStaff || timeLimitMinutes === null) return null;
  return startAssessment(db, userId, assessmentId, now);
}
