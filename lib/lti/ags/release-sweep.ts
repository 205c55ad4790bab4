import "server-only";
import { z } from "zod";
import { Prisma, type Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/query-rows";
import { latestExceptionClose } from "@/lib/exceptions/effective-rules";
import { selectExceptionDates } from "@/lib/exceptions/exception-dates.sql";
import { resultsHeld } from "@/lib/submissions/policy";
import { rulesOf } from "@/lib/submissions/standing";
import type { ScoreChangeReason } from "./score-outbox";

// An exam's held results come out with no write of their own: release is a
// moment read from the dates (policy.ts resultsHeld), which passes by itself
// or comes earlier when an exception or a student holding the exam goes
// (deleted, dropped from the roster, made staff), or the assessment's dates
// change. So nothing enqueues a score at release. Instead the sender loop
// sweeps: a student whose newest outbox row for a line item is a SENT
// "Pending" with no score (what a held exam sends) on an exam that is no
// longer held gets a "release" row, and the sender sends the real score.
//
// Exact under several instances: the rows are written in a transaction that
// first takes the line item's row (as the sender's claims do) and looks
// again, so a second sweep finds the new row newest and writes nothing.
// A student whose last row FAILED is left to staff's resend, so a score the
// LMS refuses for good is not enqueued again on every sweep.
// As every enqueue (score-outbox.ts), the sweep writes only for students
// still in the line item's LMS course.

const RELEASE: ScoreChangeReason = "release";
const Candidate = z.object({ lineItemId: z.string(), assessmentId: z.string(), userId: z.string() });

/** The (line item, student) pairs whose newest row, in listScoreSync's order, is a SENT held score, the student still in the line item's LMS course; of one line item, or all. */
function heldSentStatement(lineItemId?: string) {
  return Prisma.sql`
    SELECT DISTINCT o."lineItemId", li."assessmentId", o."userId"
    FROM "LtiScoreOutbox" o JOIN "LtiLineItem" li ON li."id" = o."lineItemId"
    WHERE o."state" = 'SENT' AND o."gradingProgress" = 'Pending' AND o."scoreGiven" IS NULL
      ${lineItemId === undefined ? Prisma.empty : Prisma.sql`AND o."lineItemId" = ${lineItemId}`}
      AND EXISTS (
        SELECT 1 FROM "LtiResourceLink" rl JOIN "LtiContextMembership" m ON m."courseLinkId" = rl."courseLinkId"
        WHERE rl."id" = li."resourceLinkId" AND m."userId" = o."userId"
      )
      AND NOT EXISTS (
        SELECT 1 FROM "LtiScoreOutbox" n
        WHERE n."lineItemId" = o."lineItemId" AND n."userId" = o."userId" AND n."state" <> 'SUPERSEDED'
          AND (n."createdAt" > o."createdAt" OR (n."createdAt" = o."createdAt" AND n."id" > o."id"))
      )`;
}

/** Whether the assessment holds results at `now`: its own close and every enrolled student's exception's (as refuseOnReleasedExam reads it). */
async function holdsResults(db: Db, assessmentId: string, now: Date): Promise<boolean> {
  const assessment = await db.assessment.findUnique({ where: { id: assessmentId } });
  if (!assessment) return false;
  const rules = rulesOf(assessment);
  if (rules.feedbackMode !== "EXAM") return false;
  const exceptionsCloseAt = latestExceptionClose(rules, await selectExceptionDates(db, assessmentId));
  return resultsHeld({ ...rules, exceptionsCloseAt }, now);
}

export interface ReleaseSweepOptions {
  db: Db;
  now?: Date;
}

/** Enqueues the real score of every student whose LMS copy still says "held" on an exam now released. Returns the rows written. */
export async function enqueueReleasedScores({ db, now = new Date() }: ReleaseSweepOptions): Promise<number> {
  const candidates = await queryRows(db, "held scores sent", heldSentStatement(), Candidate);
  const lineItems = new Map(candidates.map((row) => [row.lineItemId, row.assessmentId]));
  const released = new Map<string, boolean>();
  let written = 0;
  for (const [lineItemId, assessmentId] of lineItems) {
    if (!released.has(assessmentId)) released.set(assessmentId, !(await holdsResults(db, assessmentId, now)));
    if (!released.get(assessmentId)) continue;
    written += await db.$transaction(async (tx) => {
      await tx.ltiLineItem.update({ where: { id: lineItemId }, data: { updatedAt: now } });
      const rows = z.array(Candidate).parse(await tx.$queryRaw(heldSentStatement(lineItemId)));
      const data = rows.map((row) => ({ lineItemId, userId: row.userId, reason: RELEASE, scoredAt: now, nextAttemptAt: now }));
      if (data.length > 0) await tx.ltiScoreOutbox.createMany({ data });
      return data.length;
    });
  }
  return written;
}
