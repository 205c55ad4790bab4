import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { SETTINGS } from "@/lib/settings";
import { accessToken, forgetAccessToken } from "../access-token";
import { fetchSafeToRepeat } from "../lms-fetch";
import { AGS_SCOPE } from "./scopes";
import { currentStudentScore } from "./score-outbox";

// The outbox's sender (docs/lti.md, "Grades in the LMS"). Every app instance
// runs one; they share nothing but the database:
// - A sender claims one (line item, student) at a time, in a transaction that
//   first updates the line item's row (a row lock on PostgreSQL, the write
//   lock on SQLite), so two claims of the same pair run one after the other;
//   it claims only when no other sender holds a live lease on the pair. So
//   one sender at a time sends a student's scores for a line item, in order.
// - A claim takes every pending row of the pair: the newest is sent (the
//   score read now), the older are SUPERSEDED, never sent.
// - The AGS timestamp is fixed before the first attempt and kept by every
//   retry: a platform that stored the score but whose answer was lost sees
//   the same timestamp again and keeps one score (Moodle answers 409, Canvas
//   accepts an equal timestamp). It is one second after the last one sent
//   when the change's own time is not later, since Moodle compares whole seconds.
// - 5xx, 429, 401 and network errors are retried with exponential backoff
//   and jitter; after MAX_ATTEMPTS the row is FAILED. 409, and 400 naming the
//   timestamp, mean the platform holds this score or a later one: SENT.
//   Any other 4xx is FAILED at once with the platform's message.
// - A lease is held in the database only: a sender that dies lets it lapse
//   after leaseMs, and another sender claims the rows again.

/** With the backoff below, about 1 to 2 hours of retrying before a score is FAILED. */
export const MAX_ATTEMPTS = 14;
const BASE_DELAY_MS: number = SETTINGS.ltiScoreBackoffBaseMs.fallback;
const MAX_DELAY_MS = 30 * 60_000;
const DEFAULT_LEASE_MS: number = SETTINGS.ltiScoreLeaseMs.fallback;
const CLAIM_BATCH = 20;
const SCORE_MEDIA_TYPE = "application/vnd.ims.lis.v1.score+json";

export interface SenderOptions {
  db: Db;
  /** This sender's id in leases; random by default. */
  ownerId?: string;
  leaseMs?: number;
  now?: () => Date;
  /** [0, 1); jitter of the backoff. */
  random?: () => number;
  baseDelayMs?: number;
  maxAttempts?: number;
  /** Test hook: runs after a claim, before anything is sent (to kill a sender mid-lease). */
  afterClaim?: (rowIds: string[]) => Promise<void>;
}

export interface SendReport {
  sent: number;
  superseded: number;
  retrying: number;
  failed: number;
}

const dueWhere = (now: Date) => ({
  OR: [
    { state: "PENDING" as const, nextAttemptAt: { lte: now } },
    { state: "SENDING" as const, leaseExpiresAt: { lt: now } },
  ],
});

/** The URL scores are posted to: the line item's path + /scores, before any query (Moodle keeps ?type_id= there). */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/$/, "")}/scores`;
  return url.toString();
}

export function backoffMs(attempts: number, random: number, base = BASE_DELAY_MS): number {
  const full = Math.min(MAX_DELAY_MS, base * 2 ** Math.max(0, attempts - 1));
  return Math.round(full / 2 + (full / 2) * random);
}

/** Sends every score that is due now; returns what happened. Safe to run in any number of instances at once. */
export async function sendDueScores(options: SenderOptions): Promise<SendReport> {
  const { db } = options;
  const ownerId = options.ownerId ?? randomUUID();
  const now = options.now ?? (() => new Date());
  const report: SendReport = { sent: 0, superseded: 0, retrying: 0, failed: 0 };
  const skipped = new Set<string>();
  for (;;) {
    const due = await db.ltiScoreOutbox.findMany({
      where: dueWhere(now()),
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { lineItemId: true, userId: true },
      take: CLAIM_BATCH * 5,
    });
    const pairs = [...new Map(due.map((row) => [`${row.lineItemId} ${row.userId}`, row])).entries()].filter(([key]) => !skipped.has(key));
    if (pairs.length === 0) return report;
    for (const [key, pair] of pairs.slice(0, CLAIM_BATCH)) {
      const claimed = await claimPair(db, pair, ownerId, now(), options.leaseMs ?? DEFAULT_LEASE_MS);
      if (!claimed) {
        skipped.add(key); // another sender holds it; it sends it
        continue;
      }
      report.superseded += claimed.superseded;
      await options.afterClaim?.([claimed.rowId]);
      const outcome = await sendClaimed(db, claimed.rowId, ownerId, options, now);
      report[outcome]++;
      if (outcome !== "sent") skipped.add(key);
    }
  }
}

async function claimPair(db: Db, pair: { lineItemId: string; userId: string }, ownerId: string, now: Date, leaseMs: number) {
  return db.$transaction(async (tx) => {
    // Serialises claims of this line item across senders (row lock / write lock) until commit.
    await tx.ltiLineItem.update({ where: { id: pair.lineItemId }, data: { updatedAt: now } });
    const held = await tx.ltiScoreOutbox.count({ where: { ...pair, state: "SENDING", leaseExpiresAt: { gte: now } } });
    if (held > 0) return null;
    const rows = await tx.ltiScoreOutbox.findMany({
      where: { ...pair, OR: [{ state: "PENDING" }, { state: "SENDING", leaseExpiresAt: { lt: now } }] },
      orderBy: [{ scoredAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      select: { id: true, nextAttemptAt: true, state: true },
    });
    if (!rows.some((row) => row.state === "SENDING" || row.nextAttemptAt <= now)) return null;
    const newest = rows[rows.length - 1];
    const older = rows.slice(0, -1).map((row) => row.id);
    if (older.length > 0) {
      await tx.ltiScoreOutbox.updateMany({
        where: { id: { in: older } },
        data: { state: "SUPERSEDED", leaseOwner: null, leaseExpiresAt: null },
      });
    }
    await tx.ltiScoreOutbox.update({
      where: { id: newest.id },
      data: { state: "SENDING", leaseOwner: ownerId, leaseExpiresAt: new Date(now.getTime() + leaseMs) },
    });
    return { rowId: newest.id, superseded: older.length };
  });
}

type Outcome = "sent" | "retrying" | "failed";

async function sendClaimed(db: Db, rowId: string, ownerId: string, options: SenderOptions, now: () => Date): Promise<Outcome> {
  const row = await db.ltiScoreOutbox.findUniqueOrThrow({
    where: { id: rowId },
    include: { lineItem: { include: { resourceLink: { include: { platform: true } } } } },
  });
  const mine = { id: rowId, leaseOwner: ownerId, state: "SENDING" as const };
  const attempts = row.attempts + 1;
  const fail = async (message: string): Promise<Outcome> => {
    await db.ltiScoreOutbox.updateMany({
      where: mine,
      data: { state: "FAILED", attempts, lastError: message.slice(0, 1000), leaseOwner: null, leaseExpiresAt: null },
    });
    return "failed";
  };
  const retry = async (message: string): Promise<Outcome> => {
    if (attempts >= (options.maxAttempts ?? MAX_ATTEMPTS)) return fail(`gave up after ${attempts} attempts: ${message}`);
    const delay = backoffMs(attempts, (options.random ?? Math.random)(), options.baseDelayMs);
    await db.ltiScoreOutbox.updateMany({
      where: mine,
      data: {
        state: "PENDING",
        attempts,
        lastError: message.slice(0, 1000),
        nextAttemptAt: new Date(now().getTime() + delay),
        leaseOwner: null,
        leaseExpiresAt: null,
      },
    });
    return "retrying";
  };

  const platform = row.lineItem.resourceLink?.platform;
  if (!platform) return fail("The LMS link of this line item was deleted; nothing can be sent.");
  const userLink = await db.ltiUserLink.findFirst({ where: { userId: row.userId, issuer: platform.issuer }, select: { subject: true } });
  if (!userLink) return fail("This student has never opened Chainrule from this LMS, so the LMS id to send the score for is unknown.");

  const score = await currentStudentScore(db, row.userId, row.lineItem.assessmentId, now());
  let timestamp = row.timestamp;
  if (!timestamp) {
    const last = await db.ltiScoreOutbox.findFirst({
      where: { lineItemId: row.lineItemId, userId: row.userId, state: "SENT", timestamp: { not: null } },
      orderBy: { timestamp: "desc" },
      select: { timestamp: true },
    });
    // Whole seconds, later than the last one sent: Moodle compares seconds and refuses a tie.
    const floor = last?.timestamp ? Math.floor(last.timestamp.getTime() / 1000) * 1000 + 1000 : 0;
    timestamp = new Date(Math.max(Math.floor(row.scoredAt.getTime() / 1000) * 1000, floor));
    const fixed = await db.ltiScoreOutbox.updateMany({ where: mine, data: { timestamp } });
    if (fixed.count === 0) return "retrying"; // the lease was lost meanwhile; its new holder sends it
  }

  const body = {
    userId: userLink.subject,
    activityProgress: score.activityProgress,
    gradingProgress: score.gradingProgress,
    timestamp: timestamp.toISOString(),
    ...(score.scoreGiven === null ? {} : { scoreGiven: score.scoreGiven, scoreMaximum: score.scoreMaximum }),
  };
  let status: number;
  let text: string;
  try {
    const token = await accessToken(db, platform, [AGS_SCOPE.score]);
    // Safe to send twice: the fixed timestamp makes the LMS keep one score.
    const response = await fetchSafeToRepeat(scoresUrl(row.lineItem.lineItemUrl), {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": SCORE_MEDIA_TYPE },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    status = response.status;
    text = await response.text().catch(() => "");
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500 && status !== 429 && status !== 401) {
      return fail(`The LMS refused Chainrule's access token request (${status}): check the registration's client id and token URL.`);
    }
    return retry(`could not reach the LMS: ${(error as Error).message}`);
  }
  const stale = status === 409 || (status === 400 && /timestamp/i.test(text));
  if ((status >= 200 && status < 300) || stale) {
    await db.ltiScoreOutbox.updateMany({
      where: mine,
      data: {
        state: "SENT",
        attempts,
        sentAt: now(),
        scoreGiven: score.scoreGiven,
        scoreMaximum: score.scoreMaximum,
        gradingProgress: score.gradingProgress,
        lastError: stale ? `the LMS already held this score or a later one (${status})` : "",
        leaseOwner: null,
        leaseExpiresAt: null,
      },
    });
    return "sent";
  }
  const message = `${status} ${text.slice(0, 500)}`.trim();
  if (status === 401) forgetAccessToken(platform.id, [AGS_SCOPE.score]);
  if (status >= 500 || status === 429 || status === 401) return retry(`the LMS answered ${message}`);
  return fail(`the LMS refused the score: ${message}`);
}
