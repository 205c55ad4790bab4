import "server-only";
import { z } from "zod";
import { Prisma, type Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/query-rows";
import { sqlNumber } from "@/lib/db/sql-codecs";

export type Sql = Prisma.Sql;

/** A 64-bit millisecond value as a parameter both databases read as BIGINT (PostgreSQL would guess int4 and overflow). */
export const ms = (value: number): Sql => Prisma.sql`CAST(${BigInt(value)} AS BIGINT)`;

/**
 * One row of RateLimitBucket as the reservation treats it: a count in a
 * fixed window, and a block (`blockedUntil`) that the attempt making the
 * count reach its threshold sets. A blocked row is neither counted nor
 * compared against.
 */
export interface AttemptCounter {
  key: string;
  windowMs: number;
  /** The count from which the row is blocked. */
  threshold: number;
  /** The block this attempt sets, from its count and its window's start (SQL expressions): 0 for none. */
  blockedUntil(count: Sql, windowStart: Sql): Sql;
}

/** A row the reservation counted: its key, and the start of the window it was counted in (ms since the epoch). */
const CountedRow = z.object({ key: z.string(), windowStart: sqlNumber });

/**
 * The reservation's one statement. A row is counted only when none of the
 * attempt's rows is blocked: the INSERT's NOT EXISTS covers new rows and the
 * common case; the upsert's own WHERE, evaluated on the row as it is once
 * locked, covers a block set by a statement that ran meanwhile (on
 * PostgreSQL, whose NOT EXISTS reads the statement's snapshot). RETURNING
 * gives only the rows counted.
 */
export function countSignInAttempt(db: Db, counters: readonly AttemptCounter[], now: number) {
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
  const statement = Prisma.sql`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count", "blockedUntil")
    SELECT "key", "windowStart", "count", "blockedUntil" FROM (${Prisma.join(fresh, " UNION ALL ")}) AS "attempt"
    WHERE NOT EXISTS (SELECT 1 FROM "RateLimitBucket" WHERE "key" IN (${Prisma.join(keys)}) AND "blockedUntil" > ${current})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = ${perCounter(newCount)},
      "windowStart" = ${perCounter(newWindowStart)},
      "blockedUntil" = ${perCounter((counter) => counter.blockedUntil(newCount(counter), newWindowStart(counter)))}
    WHERE ${old("blockedUntil")} <= ${current}
    RETURNING "key", "windowStart"`;
  // A count lost in a power cut costs nothing; waiting for the disk (an fsync) would cost every attempt.
  return queryRows(db, "sign-in reservation", statement, CountedRow, { durable: false });
}
