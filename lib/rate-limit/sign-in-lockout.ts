import "server-only";
import { Prisma, type Db } from "@/lib/db/client";
import { uncountSignInAttempt, type CountedAttempt } from "./sign-in-release.sql";
import { countSignInAttempt, ms, type AttemptCounter, type Sql } from "./sign-in-reservation.sql";
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
//
// Every attempt is reserved before its password is compared, by one
// statement that checks the lock and counts the attempt together
// (reserveSignInAttempt): a count read before bcrypt and written after it
// let guesses sent at once all be compared. An attempt is
// counted as a failure from the start; a success then clears the address's
// count and gives the network back its attempt.

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
 * gives back its own attempt but does not clear the count, so one good
 * account cannot reset it.
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

/** An attempt counted before its password is compared; what signInSucceeded needs to undo it. */
export interface SignInReservation {
  email: string;
  /** The network's counter and the window the attempt was counted in; null when the network is unknown. */
  network: CountedAttempt | null;
}

export type SignInAttempt = { reserved: true; reservation: SignInReservation } | { reserved: false; refusal: SignInRefusal };

/**
 * The address's lock: from the FREE_FAILURES-th failure, 30 s doubling up to
 * MAX_LOCK_MS. Written as a CASE over the few counts below the cap, as
 * SQLite has no power function.
 */
function addressCounter(email: string, now: number): AttemptCounter {
  const steps: Sql[] = [];
  for (let extra = 0; FIRST_LOCK_MS * 2 ** extra < MAX_LOCK_MS; extra++) {
    steps.push(Prisma.sql`WHEN ${FREE_FAILURES + extra} THEN ${ms(now + FIRST_LOCK_MS * 2 ** extra)}`);
  }
  return {
    key: keyOf(email),
    windowMs: FAILURE_WINDOW_MS,
    threshold: FREE_FAILURES,
    blockedUntil: (count) =>
      Prisma.sql`CASE WHEN ${count} < ${FREE_FAILURES} THEN 0 ELSE CASE ${count} ${Prisma.join(steps, " ")} ELSE ${ms(now + MAX_LOCK_MS)} END END`,
  };
}

/** The network's limit: the attempt that uses its last one blocks the network until the window ends. */
function networkCounter(network: string): AttemptCounter {
  return {
    key: networkKeyOf(network),
    windowMs: NETWORK_WINDOW_MS,
    threshold: SIGN_IN_FAILURES_PER_NETWORK_PER_MINUTE,
    blockedUntil: (count, windowStart) =>
      Prisma.sql`CASE WHEN ${count} < ${SIGN_IN_FAILURES_PER_NETWORK_PER_MINUTE} THEN 0 ELSE ${windowStart} + ${ms(NETWORK_WINDOW_MS)} END`,
  };
}

/**
 * Reserves one sign-in attempt before its password is compared: counts it
 * against the address and, when known, the client's network, or refuses it
 * when either is blocked. Check and count are one statement, so attempts
 * sent together cannot all pass the check: the FREE_FAILURES-th locks the
 * address for every later one, on every app instance.
 */
export async function reserveSignInAttempt(db: Db, email: string, network: string | null, now = Date.now()): Promise<SignInAttempt> {
  // Rows in key order, so that two statements sharing a network's row lock the rows in the same order.
  const counters = [addressCounter(email, now), ...(network === null ? [] : [networkCounter(network)])].sort((a, b) =>
    a.key < b.key ? -1 : 1,
  );
  // A refused attempt reads why; a block lifted in between (a success cleared it) is tried again.
  for (let tries = 0; tries < 3; tries++) {
    const rows = await countSignInAttempt(db, counters, now);
    const counted = rows.map((row) => ({
      key: row.key,
      windowStart: row.windowStart,
      threshold: counters.find((c) => c.key === row.key)!.threshold,
    }));
    if (counted.length === counters.length) {
      return {
        reserved: true,
        reservation: { email, network: network === null ? null : counted.find((row) => row.key === networkKeyOf(network))! },
      };
    }
    // Fewer rows: one was blocked. On PostgreSQL, a row blocked between the statement's snapshot and its
    // write can leave the other counted, for an attempt that will not be compared: give that back.
    await Promise.all(counted.map((attempt) => uncountSignInAttempt(db, attempt)));
    const refusal = await signInRefusal(db, email, network, now);
    if (refusal) return { reserved: false, refusal };
  }
  // Blocked, then free, three times over: only a flood of parallel successes and failures does that; ask for a moment's wait.
  return { reserved: false, refusal: { scope: "address", until: now + 1_000 } };
}

/** After the right password: clears the address's count and gives the network back the attempt it reserved. */
export async function signInSucceeded(db: Db, { email, network }: SignInReservation): Promise<void> {
  await Promise.all([db.rateLimitBucket.deleteMany({ where: { key: keyOf(email) } }), network && uncountSignInAttempt(db, network)]);
}

/** Why a sign-in would be refused now, by the address's lock or the network's; both read in one query. */
export async function signInRefusal(db: Db, email: string, network: string | null, now = Date.now()): Promise<SignInRefusal | null> {
  const keys = network === null ? [keyOf(email)] : [keyOf(email), networkKeyOf(network)];
  const rows = await db.rateLimitBucket.findMany({ where: { key: { in: keys } }, select: { key: true, blockedUntil: true } });
  const blocked = (key: string) => Number(rows.find((row) => row.key === key)?.blockedUntil ?? 0);
  if (blocked(keyOf(email)) > now) return { scope: "address", until: blocked(keyOf(email)) };
  if (network !== null && blocked(networkKeyOf(network)) > now) return { scope: "network", until: blocked(networkKeyOf(network)) };
  return null;
}
