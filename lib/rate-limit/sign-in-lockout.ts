import "server-only";
import { directSql, Prisma, type Db } from "@/lib/db/client";
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

/** An attempt counted on one row, in the window that started at `windowStart`. */
interface CountedAttempt {
  key: string;
  threshold: number;
  windowStart: number;
}

export type SignInAttempt = { reserved: true; reservation: SignInReservation } | { reserved: false; refusal: SignInRefusal };

type Sql = Prisma.Sql;

/** A 64-bit millisecond value as a parameter both databases read as BIGINT (PostgreSQL would guess int4 and overflow). */
const ms = (value: number): Sql => Prisma.sql`CAST(${BigInt(value)} AS BIGINT)`;

/**
 * One row of RateLimitBucket as the reservation treats it: a count in a
 * fixed window, and a block (`blockedUntil`) that the attempt making the
 * count reach its threshold sets. A blocked row is neither counted nor
 * compared against.
 */
interface AttemptCounter {
  key: string;
  windowMs: number;
  /** The count from which the row is blocked. */
  threshold: number;
  /** The block this attempt sets, from its count and its window's start (SQL expressions): 0 for none. */
  blockedUntil(count: Sql, windowStart: Sql): Sql;
}

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
 * The reservation's one statement. A row is counted only when none of the
 * attempt's rows is blocked: the INSERT's NOT EXISTS covers new rows and the
 * common case; the upsert's own WHERE, evaluated on the row as it is once
 * locked, covers a block set by a statement that ran meanwhile (on
 * PostgreSQL, whose NOT EXISTS reads the statement's snapshot). RETURNING
 * gives only the rows counted.
 */
function reservationStatement(counters: AttemptCounter[], now: number): Sql {
  const current = ms(now);
  const keys = counters.map((counter) => counter.key);
  const old = (column: string) => Prisma.raw(`"RateLimitBucket"."${column}"`);
  const perCounter = (expression: (counter: AttemptCounter) => Sql) =>
    Prisma.sql`CASE ${old("key")} ${Prisma.join(
      counters.map((counter) => Prisma.sql`WHEN ${counter.key} THEN ${expression(counter)}`),
      " ",
    )} END`;
  const expired = (counter: AttemptCounter) => Prisma.sql`${old("windowStart")} <= ${ms(now - counter.windowMs)}`;
  const newCount = (counter: AttemptCounter) => Prisma.sql`CASE WHEN ${expired(counter)} THEN 1 ELSE ${old("count")} + 1 END`;
  const newWindowStart = (counter: AttemptCounter) =>
    Prisma.sql`CASE WHEN ${expired(counter)} THEN ${current} ELSE ${old("windowStart")} END`;
  const fresh = counters.map(
    (counter) =>
      Prisma.sql`SELECT ${counter.key} AS "key", ${current} AS "windowStart", 1 AS "count", ${counter.blockedUntil(Prisma.sql`1`, current)} AS "blockedUntil"`,
  );
  return Prisma.sql`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count", "blockedUntil")
    SELECT "key", "windowStart", "count", "blockedUntil" FROM (${Prisma.join(fresh, " UNION ALL ")}) AS "attempt"
    WHERE NOT EXISTS (SELECT 1 FROM "RateLimitBucket" WHERE "key" IN (${Prisma.join(keys)}) AND "blockedUntil" > ${current})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = ${perCounter(newCount)},
      "windowStart" = ${perCounter(newWindowStart)},
      "blockedUntil" = ${perCounter((counter) => counter.blockedUntil(newCount(counter), newWindowStart(counter)))}
    WHERE ${old("blockedUntil")} <= ${current}
    RETURNING "key", "windowStart"`;
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
    // A count lost in a power cut costs nothing; waiting for the disk (an fsync) would cost every attempt.
    const rows = await directSql(db).query<{ key: string; windowStart: number }>(reservationStatement(counters, now), { durable: false });
    const counted = rows.map((row) => ({
      key: row.key,
      windowStart: Number(row.windowStart),
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
    await Promise.all(counted.map((attempt) => releaseAttempt(db, attempt)));
    const refusal = await signInRefusal(db, email, network, now);
    if (refusal) return { reserved: false, refusal };
  }
  // Blocked, then free, three times over: only a flood of parallel successes and failures does that; ask for a moment's wait.
  return { reserved: false, refusal: { scope: "address", until: now + 1_000 } };
}

/** After the right password: clears the address's count and gives the network back the attempt it reserved. */
export async function signInSucceeded(db: Db, { email, network }: SignInReservation): Promise<void> {
  await Promise.all([db.rateLimitBucket.deleteMany({ where: { key: keyOf(email) } }), network && releaseAttempt(db, network)]);
}

/**
 * Uncounts an attempt, lifting the row's block if it no longer reaches the
 * threshold; nothing when the row's window has started again since.
 */
async function releaseAttempt(db: Db, { key, threshold, windowStart }: CountedAttempt): Promise<void> {
  await directSql(db).query(
    Prisma.sql`
      UPDATE "RateLimitBucket" SET
        "count" = "count" - 1,
        "blockedUntil" = CASE WHEN "count" - 1 < ${threshold} THEN 0 ELSE "blockedUntil" END
      WHERE "key" = ${key} AND "windowStart" = ${ms(windowStart)} AND "count" > 0`,
    { durable: false },
  );
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
