import "server-only";
import type { Db } from "@/lib/db/client";
import type { AuthorizedUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { findMemberColumn, loadStaffAssessment } from "@/lib/gradebook/load-staff-assessment";
import { listAnswersToGrade, type AnswerToGrade } from "./answers-to-grade";
import { claimAnswer, releaseClaim, type ClaimOutcome } from "./claim-answer";
import { freeTextPartsOf, type FreeTextPart } from "./free-text-parts";

export interface QueuePosition {
  assessmentId: string;
  assessmentProblemId: string;
  partId: string;
  /** Of a pooled placement, the member's slug (by default its own problem, the pool's first). */
  member?: string;
}

export interface OpenedAnswer {
  part: FreeTextPart;
  student: { id: string; name: string; email: string };
  answer: AnswerToGrade;
  /** Whether the actor now holds the answer, or who does. */
  claim: ClaimOutcome;
  /** 1-based place among the part's answers, oldest first, and how many there are. */
  position: number;
  total: number;
  /** Answers of the part still without a grade, this one included while it has none. */
  left: number;
  previousStudentId: string | null;
  nextStudentId: string | null;
  /** The part's current staff grade (the latest override), if any. */
  currentGrade: { score: number; comment: string; rubricItemIds: string[] } | null;
  /** The course's IANA zone, shown beside the viewer's (lib/dates). */
  timeZone: string;
}

/**
 * The part of the queue, after checking the actor's role in the course
 * (loadStaffAssessment), that the part is free text and, of a pool, that
 * the member is in it (NOT_FOUND otherwise).
 */
export async function loadQueuePart(db: Db, actor: AuthorizedUser, position: QueuePosition) {
  return (await loadQueuePartIn(db, actor, position)).part;
}

/** loadQueuePart, with the course's time zone. */
async function loadQueuePartIn(db: Db, actor: AuthorizedUser, position: QueuePosition) {
  const { assessment, columns } = await loadStaffAssessment({ db, actor, assessmentId: position.assessmentId });
  const column = findMemberColumn(columns, position.assessmentProblemId, position.member);
  const found = freeTextPartsOf(column).find((candidate) => candidate.partId === position.partId);
  if (!found) throw new AppError("NOT_FOUND", `${column.slug} has no free-text part "${position.partId}".`);
  const part = column.pool.length === 0 ? found : { ...found, member: column.slug };
  return { part, timeZone: assessment.course.timeZone };
}

/**
 * Opens the next answer that needs grading and no other TA holds, claiming
 * it for the actor; null when none is left. Each candidate is claimed
 * atomically (claimAnswer), so two TAs asking at once get different answers.
 */
export async function openNextAnswer(
  db: Db,
  actor: AuthorizedUser,
  position: QueuePosition & {
    /** A student whose answer the TA skips (and releases, when they hold it), so that "next" moves on. */
    skip?: string;
  },
  now: Date = new Date(),
): Promise<OpenedAnswer | null> {
  const { part, timeZone } = await loadQueuePartIn(db, actor, position);
  const answers = await listAnswersToGrade(db, position.assessmentProblemId, position.partId, part.member);
  if (position.skip)
    await releaseClaim(db, { assessmentProblemId: position.assessmentProblemId, userId: position.skip, partId: position.partId }, actor.id);
  for (const answer of answers.filter((candidate) => !candidate.graded && candidate.studentId !== position.skip)) {
    const claim = await claimAnswer(
      db,
      { assessmentProblemId: position.assessmentProblemId, userId: answer.studentId, partId: position.partId },
      actor.id,
      now,
    );
    if (claim.claimed) return openedView(db, part, answers, answer, claim, timeZone);
  }
  return null;
}

/** Opens one student's answer (previous, next, or a link), claiming it when no other TA holds it, else saying who does. */
export async function openAnswer(
  db: Db,
  actor: AuthorizedUser,
  position: QueuePosition & { studentId: string },
  now: Date = new Date(),
): Promise<OpenedAnswer> {
  const { part, timeZone } = await loadQueuePartIn(db, actor, position);
  const answers = await listAnswersToGrade(db, position.assessmentProblemId, position.partId, part.member);
  const answer = answers.find((candidate) => candidate.studentId === position.studentId);
  if (!answer) throw new AppError("NOT_FOUND", "That student has no answer to this part.");
  const claim = await claimAnswer(
    db,
    { assessmentProblemId: position.assessmentProblemId, userId: answer.studentId, partId: position.partId },
    actor.id,
    now,
  );
  return openedView(db, part, answers, answer, claim, timeZone);
}

async function openedView(
  db: Db,
  part: FreeTextPart,
  answers: AnswerToGrade[],
  answer: AnswerToGrade,
  claim: ClaimOutcome,
  timeZone: string,
): Promise<OpenedAnswer> {
  const index = answers.indexOf(answer);
  const [student, latest] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: answer.studentId }, select: { id: true, name: true, email: true } }),
    db.scoreOverride.findFirst({
      where: { assessmentProblemId: part.assessmentProblemId, userId: answer.studentId, partId: part.partId },
      orderBy: { createdAt: "desc" },
      select: { score: true, comment: true, rubricItemIds: true },
    }),
  ]);
  return {
    part,
    timeZone,
    student: { id: student.id, name: student.name ?? "", email: student.email },
    answer,
    claim,
    position: index + 1,
    total: answers.length,
    left: answers.filter((candidate) => !candidate.graded).length,
    previousStudentId: index > 0 ? answers[index - 1].studentId : null,
    nextStudentId: index < answers.length - 1 ? answers[index + 1].studentId : null,
    currentGrade: latest
      ? {
          score: latest.score,
          comment: latest.comment,
          rubricItemIds: Array.isArray(latest.rubricItemIds)
            ? latest.rubricItemIds.filter((id): id is string => typeof id === "string")
            : [],
        }
      : null,
  };
}
