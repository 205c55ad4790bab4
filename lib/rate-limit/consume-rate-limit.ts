import "server-only";
import type { Db } from "@/lib/db/client";
import { countRateLimitAttempts } from "./consume-rate-limit.sql";

// Fixed-window rate limits counted in the database (RateLimitBucket), so
// that every app instance shares the counts. One statement per check: an
// upsert that starts a new window when the old one is over and returns the
// count, the same SQL on SQLite (3.35+) and PostgreSQL. Every submission
// runs it, so it goes to the driver directly (consume-rate-limit.sql.ts).

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

/** One counter of several counted together. */
export interface RateLimitCounter {
  key: string;
  limit: number;
}

export interface RateLimitsOptions {
  db: Db;
  counters: readonly RateLimitCounter[];
  windowMs: number;
  now?: number;
}

export async function consumeRateLimit({ db, key, limit, windowMs, now }: RateLimitOptions): Promise<RateLimitResult> {
  const [result] = await consumeRateLimits({ db, counters: [{ key, limit }], windowMs, now });
  return result;
}

/**
 * Counts one attempt on each counter, all in one statement (a submission
 * behind a trusted proxy counts its student and its network: one round trip
 * instead of two). Results come in the counters' order. The rows are
 * written in key order, so that two statements sharing a counter (a
 * network's) take their row locks in the same order and cannot deadlock.
 */
export async function consumeRateLimits({ db, counters, windowMs, now = Date.now() }: RateLimitsOptions): Promise<RateLimitResult[]> {
  const keys = [...new Set(counters.map((counter) => counter.key))].sort();
  // The same row twice in one upsert is an error on PostgreSQL, and would count one attempt twice.
  if (keys.length !== counters.length)
    throw new Error(`Rate-limit counters must have distinct keys: ${counters.map((c) => c.key).join(", ")}.`);
  if (keys.length === 0) return [];
  const rows = await countRateLimitAttempts(db, keys, now, windowMs);

  // RETURNING's order is not the VALUES order on either database: match by key.
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return counters.map(({ key, limit }) => {
    const row = byKey.get(key);
    if (!row) throw new Error(`The rate-limit upsert returned no row for ${key}.`);
    return { allowed: row.count <= limit, count: row.count, retryAfterMs: Math.max(0, row.windowStart + windowMs - now) };
  });
}
