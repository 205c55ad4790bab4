import "server-only";
import type { Db } from "@/lib/db/client";
import { consumeRateLimit } from "./consume-rate-limit";
import { readWholeNumberSetting, SETTINGS } from "@/lib/settings";

// The sign-in lock-out, per email address: after FREE_FAILURES wrong
// passwords within the window, the address is locked for a time that
// doubles with every further failure (30 s, 1 min, 2 min, … up to 15 min),
// even for the right password. A success clears the count. Kept in
// RateLimitBucket, so every app instance sees the same lock.
//
// Beside it, a limit per client network (when its address is known, see
// lib/rate-limit/client-ip.ts) on wrong passwords across all addresses: the
// per-address lock cannot stop one machine trying a common password on many
// addresses.

export const FREE_FAILURES = 5;
const FAILURE_WINDOW_MS = 15 * 60_000;
const FIRST_LOCK_MS = 30_000;
export const MAX_LOCK_MS = 15 * 60_000;

const keyOf = (email: string) => `signin:email:${email}`;

/**
 * Wrong passwords per client network per minute. A lecture of 300 behind one
 * campus NAT signing in at once, one in five mistyping, makes 60; a machine
 * spraying a password over many addresses is held to one a second (and
 * refusing it is cheap: no bcrypt is run for a refused attempt). A success
 * does not clear the count, so one good account cannot reset it.
 */
export const SIGN_IN_FAILURES_PER_NETWORK_PER_MINUTE = readWholeNumberSetting(SETTINGS.signInFailuresPerNetworkPerMinute);
const NETWORK_WINDOW_MS = 60_000;
const networkKeyOf = (network: string) => `signin:net:${network}`;

export interface SignInRefusal {
  /** "address": this email has failed too often; "network": the client's network has. */
  scope: "address" | "network";
  /** Ms since the epoch when sign-in may be tried again. */
  until: number;
}

/**
 * Whether a sign-in must be refused before the password is even checked, by
 * the address's lock or the network's count; both read in one query.
 */
export async function signInRefusal(db: Db, email: string, network: string | null, now = Date.now()): Promise<SignInRefusal | null> {
  const keys = network === null ? [keyOf(email)] : [keyOf(email), networkKeyOf(network)];
  const rows = await db.rateLimitBucket.findMany({ where: { key: { in: keys } }, select: { key: true, count: true, windowStart: true, blockedUntil: true } });
  const byAddress = rows.find((row) => row.key === keyOf(email));
  if (byAddress && Number(byAddress.blockedUntil) > now) return { scope: "address", until: Number(byAddress.blockedUntil) };
  const byNetwork = rows.find((row) => row.key !== keyOf(email));
  if (byNetwork) {
    const windowEnd = Number(byNetwork.windowStart) + NETWORK_WINDOW_MS;
    if (windowEnd > now && byNetwork.count >= SIGN_IN_FAILURES_PER_NETWORK_PER_MINUTE) return { scope: "network", until: windowEnd };
  }
  return null;
}

/** Counts a wrong password against the client's network (one upsert). */
export async function recordNetworkSignInFailure(db: Db, network: string, now = Date.now()): Promise<void> {
  await consumeRateLimit({ db, key: networkKeyOf(network), limit: SIGN_IN_FAILURES_PER_NETWORK_PER_MINUTE, windowMs: NETWORK_WINDOW_MS, now });
}

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
