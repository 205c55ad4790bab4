import "server-only";
import { directSql, Prisma, type Db } from "@/lib/db/client";

// Fixed-window rate limits counted in the database (RateLimitBucket), so
// that every app instance shares the counts. One statement per check: an
// upsert that starts a new window when the old one is over and returns the
// count, the same SQL on SQLite (3.35+) and PostgreSQL. Every submission
// runs it, so it goes to the driver directly (lib/db/direct-sql.ts).

export interface RateLimitOptions {
  db: Db;
  /** "<scope>:<subject>". */
  key: string;
  limit: number;
  windowMs: number;
  now?: number;
}

export interface RateLimitResult {
  allowed: boolean;
  count: number;
  /** When the window ends: how long a refused caller should wait, in ms. */
  retryAfterMs: number;
}

export async function consumeRateLimit({ db, key, limit, windowMs, now = Date.now() }: RateLimitOptions): Promise<RateLimitResult> {
  const current = BigInt(now);
  const expired = BigInt(now - windowMs);
  const [row] = await directSql(db).query<{ count: number; windowStart: number }>(Prisma.sql`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count", "blockedUntil")
    VALUES (${key}, ${current}, 1, 0)
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."windowStart" <= ${expired} THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimitBucket"."windowStart" <= ${expired} THEN ${current} ELSE "RateLimitBucket"."windowStart" END
    RETURNING "count", "windowStart"`,
    // A count lost in a power cut costs nothing; waiting for the disk costs every submission 4 ms (BENCHMARKS.md).
    { durable: false },
  );
  const { count } = row;
  return { allowed: count <= limit, count, retryAfterMs: Math.max(0, Number(row.windowStart) + windowMs - now) };
}
