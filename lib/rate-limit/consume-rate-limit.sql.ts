import "server-only";
import { z } from "zod";
import { Prisma, type Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/query-rows";
import { sqlNumber } from "@/lib/db/sql-codecs";

/** A counter after the attempt: its count in the current window, which started at windowStart (ms since the epoch). */
const RateLimitCountRow = z.object({ key: z.string(), count: sqlNumber, windowStart: sqlNumber });

/**
 * Counts one attempt on each key (distinct, sorted) at `now` (ms), starting a
 * new window on a key whose window of `windowMs` is over. Rows come back in
 * no particular order.
 */
export function countRateLimitAttempts(db: Db, keys: readonly string[], now: number, windowMs: number) {
  const current = BigInt(now);
  const expired = BigInt(now - windowMs);
  return queryRows(
    db,
    "rate-limit count",
    Prisma.sql`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count", "blockedUntil")
    VALUES ${Prisma.join(keys.map((key) => Prisma.sql`(${key}, ${current}, 1, 0)`))}
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."windowStart" <= ${expired} THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimitBucket"."windowStart" <= ${expired} THEN ${current} ELSE "RateLimitBucket"."windowStart" END
    RETURNING "key", "count", "windowStart"`,
    RateLimitCountRow,
    // A count lost in a power cut costs nothing; waiting for the disk (an fsync) would cost every submission.
    { durable: false },
  );
}
