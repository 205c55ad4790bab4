import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { consumeRateLimit } from "./consume-rate-limit";

/**
 * Submissions per student per minute. Generous for a person (attempt limits
 * bound grading anyway) and a hard stop for a script.
 */
export const SUBMISSIONS_PER_MINUTE = Number(process.env.CHAINRULE_SUBMISSIONS_PER_MINUTE ?? 30);

/**
 * Refuses a student's submission beyond the per-minute limit with
 * RATE_LIMITED (429). If the counter cannot be read (the database is
 * failing), the request goes on: the submission itself will then fail or
 * succeed on its own, and a broken counter must not lock a class out at the
 * deadline.
 */
export async function limitSubmissions(db: Db, userId: string, now = Date.now()): Promise<void> {
  let result;
  try {
    result = await consumeRateLimit({ db, key: `submit:user:${userId}`, limit: SUBMISSIONS_PER_MINUTE, windowMs: 60_000, now });
  } catch (error) {
    console.error("[chainrule] submission rate limit unavailable; allowing the request", error);
    return;
  }
  if (!result.allowed) {
    const seconds = Math.ceil(result.retryAfterMs / 1000);
    throw new AppError("RATE_LIMITED", `Too many submissions in a minute; wait ${seconds} s and submit again.`, { retryAfterSeconds: seconds });
  }
}
