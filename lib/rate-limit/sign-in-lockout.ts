import "server-only";
import type { Db } from "@/lib/db/client";
import { consumeRateLimit } from "./consume-rate-limit";

// The sign-in lock-out, per email address: after FREE_FAILURES wrong
// passwords within the window, the address is locked for a time that
// doubles with every further failure (30 s, 1 min, 2 min, … up to 15 min),
// even for the right password. A success clears the count. Kept in
// RateLimitBucket, so every app instance sees the same lock.

export const FREE_FAILURES = 5;
const FAILURE_WINDOW_MS = 15 * 60_000;
const FIRST_LOCK_MS = 30_000;
export const MAX_LOCK_MS = 15 * 60_000;

const keyOf = (email: string) => `signin:email:${email}`;

/** The time (ms since the epoch) before which this address may not sign in; 0 when it may. */
export async function signInBlockedUntil(db: Db, email: string, now = Date.now()): Promise<number> {
  const row = await db.rateLimitBucket.findUnique({ where: { key: keyOf(email) }, select: { blockedUntil: true } });
  const until = row ? Number(row.blockedUntil) : 0;
  return until > now ? until : 0;
}

/** Counts a wrong password and locks the address once it has failed too often. Returns the lock's end (0: not locked). */
export async function recordSignInFailure(db: Db, email: string, now = Date.now()): Promise<number> {
  const { count: failures } = await consumeRateLimit({ db, key: keyOf(email), limit: Number.POSITIVE_INFINITY, windowMs: FAILURE_WINDOW_MS, now });
  if (failures < FREE_FAILURES) return 0;
  const lockMs = Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - FREE_FAILURES));
  const until = now + lockMs;
  await db.rateLimitBucket.update({ where: { key: keyOf(email) }, data: { blockedUntil: BigInt(until) } });
  return until;
}

export async function clearSignInFailures(db: Db, email: string): Promise<void> {
  await db.rateLimitBucket.deleteMany({ where: { key: keyOf(email) } });
}
