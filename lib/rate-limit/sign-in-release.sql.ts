import "server-only";
import { Prisma, type Db } from "@/lib/db/client";
import { execute } from "@/lib/db/query-rows";
import { ms } from "./sign-in-reservation.sql";

/** An attempt counted on one row, in the window that started at `windowStart`. */
export interface CountedAttempt {
  key: string;
  threshold: number;
  windowStart: number;
}

/**
 * Uncounts an attempt, lifting the row's block if it no longer reaches the
 * threshold; nothing when the row's window has started again since.
 */
export async function uncountSignInAttempt(db: Db, { key, threshold, windowStart }: CountedAttempt): Promise<void> {
  await execute(
    db,
    Prisma.sql`
      UPDATE "RateLimitBucket" SET
        "count" = "count" - 1,
        "blockedUntil" = CASE WHEN "count" - 1 < ${threshold} THEN 0 ELSE "blockedUntil" END
      WHERE "key" = ${key} AND "windowStart" = ${ms(windowStart)} AND "count" > 0`,
    { durable: false },
  );
}
