import "server-only";
import type { Db } from "@/lib/db/client";
import type { AuthorizedUser } from "@/lib/auth/session";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { assertCourseRole } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { isPendingLineItem } from "./line-items";
import { enqueueScoreChange } from "./score-outbox";
import { kickScoreSender } from "./score-sender-loop";

// What the gradebook shows of the LMS copy of each student's score, and the
// staff's "Resend". A student's state on a line item is that of their newest
// outbox row: sent, pending (not tried yet), retrying (a failure, with the
// next attempt's time) or failed (with the platform's answer). Only the LMS
// courses the student is in are listed (lib/lti/context-membership.ts): a
// course linked to several LMS courses shows no row, and so no "failed", for
// a column of an LMS course the student never joined or has left.

export type ScoreSyncState = "sent" | "pending" | "sending" | "retrying" | "failed";

export interface StudentScoreSync {
  studentId: string;
  studentName: string;
  studentEmail: string;
  lineItemId: string;
  lineItemUrl: string;
  /** The title of the LMS course whose gradebook has the line item. */
  lmsCourseTitle: string;
  state: ScoreSyncState;
  /** Points sent (or being sent) of scoreMaximum; null before a first attempt. */
  scoreGiven: number | null;
  scoreMaximum: number | null;
  sentAt: string | null;
  nextAttemptAt: string | null;
  attempts: number;
  lastError: string;
}

async function assessmentCourse(db: Db, actor: AuthorizedUser, assessmentId: string): Promise<string> {
  const assessment = await db.assessment.findUnique({ where: { id: assessmentId }, select: { courseId: true } });
  if (!assessment) throw new AppError("NOT_FOUND", "There is no such assessment.");
  assertCourseRole(actor, assessment.courseId, STAFF_ROLES);
  return assessment.courseId;
}

export async function listScoreSync(db: Db, actor: AuthorizedUser, assessmentId: string): Promise<StudentScoreSync[]> {
  const courseId = await assessmentCourse(db, actor, assessmentId);
  const rows = await db.ltiScoreOutbox.findMany({
    where: { lineItem: { assessmentId }, state: { not: "SUPERSEDED" } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: {
      lineItem: { select: { lineItemUrl: true, resourceLink: { select: { courseLinkId: true } } } },
      user: { select: { name: true, email: true } },
    },
  });
  const lmsCourses = await db.ltiCourseLink.findMany({
    where: { courseId },
    select: { id: true, contextTitle: true, memberships: { select: { userId: true } } },
  });
  const titles = new Map(lmsCourses.map((link) => [link.id, link.contextTitle]));
  const members = new Set(lmsCourses.flatMap((link) => link.memberships.map((m) => `${m.userId} ${link.id}`)));
  const newest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    const courseLinkId = row.lineItem.resourceLink?.courseLinkId;
    if (!courseLinkId || !members.has(`${row.userId} ${courseLinkId}`)) continue;
    if (!newest.has(`${row.userId} ${row.lineItemId}`)) newest.set(`${row.userId} ${row.lineItemId}`, row);
  }
  return [...newest.values()].map((row) => ({
    studentId: row.userId,
    studentName: row.user.name,
    studentEmail: row.user.email,
    lineItemId: row.lineItemId,
    lineItemUrl: row.lineItem.lineItemUrl,
    lmsCourseTitle: titles.get(row.lineItem.resourceLink?.courseLinkId ?? "") ?? "",
    state:
      row.state === "SENT"
        ? "sent"
        : row.state === "FAILED"
          ? "failed"
          : row.state === "SENDING"
            ? "sending"
            : row.attempts > 0
              ? "retrying"
              : "pending",
    scoreGiven: row.scoreGiven,
    scoreMaximum: row.scoreMaximum,
    sentAt: row.sentAt?.toISOString() ?? null,
    nextAttemptAt: row.state === "PENDING" ? row.nextAttemptAt.toISOString() : null,
    attempts: row.attempts,
    lastError: row.lastError,
  }));
}

export interface ResendScoresOptions {
  db: Db;
  actor: AuthorizedUser;
  assessmentId: string;
  /** One student; by default every student of the course. */
  studentId?: string;
  now?: Date;
}

/** Enqueues the current score again ("resend") for one student or all, audited; the sender sends it at once. */
export async function resendScores({
  db,
  actor,
  assessmentId,
  studentId,
  now = new Date(),
}: ResendScoresOptions): Promise<{ enqueued: number }> {
  const courseId = await assessmentCourse(db, actor, assessmentId);
  const lineItems = await db.ltiLineItem.findMany({ where: { assessmentId }, select: { lineItemUrl: true } });
  if (lineItems.filter((item) => !isPendingLineItem(item.lineItemUrl)).length === 0) {
    throw new AppError("INVALID_INPUT", "This assessment has no gradebook column in an LMS yet: launch it once from the LMS first.");
  }
  const students = await db.enrollment.findMany({
    where: { courseId, role: "STUDENT", ...(studentId ? { userId: studentId } : {}) },
    select: { userId: true },
  });
  if (studentId && students.length === 0) throw new AppError("NOT_FOUND", "That student is not enrolled in this course.");
  const enqueued = await db.$transaction(async (tx) => {
    const count = await enqueueScoreChange(tx, { assessmentId, userIds: students.map((s) => s.userId), reason: "resend", scoredAt: now });
    await tx.auditLog.create({
      data: {
        actorId: actor.id,
        courseId,
        action: "lti.scores.resend",
        entityType: "Assessment",
        entityId: assessmentId,
        after: { studentId: studentId ?? null, enqueued: count },
        createdAt: now,
      },
    });
    return count;
  });
  kickScoreSender();
  return { enqueued };
}
