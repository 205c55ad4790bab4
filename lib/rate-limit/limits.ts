import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { clientNetwork, TRUSTED_PROXY_HOPS, type HeadersLike } from "./client-ip";
import { consumeRateLimits, type RateLimitCounter, type RateLimitResult } from "./consume-rate-limit";
import { readWholeNumberSetting, SETTINGS } from "@/lib/settings";

/**
 * Submissions per student per minute. Generous for a person (attempt limits
 * bound grading anyway) and a hard stop for a script.
 */
export const SUBMISSIONS_PER_MINUTE = readWholeNumberSetting(SETTINGS.submissionsPerMinute);

/**
 * Submissions per client network per minute, counted only when the client's
 * address is known (CHAINRULE_TRUSTED_PROXY_HOPS ≥ 1). A whole class may sit
 * behind one campus NAT: 600 lets 300 students each submit twice in the last
 * minute before a deadline, while one machine scripting many accounts is
 * held to 10 a second.
 */
export const SUBMISSIONS_PER_NETWORK_PER_MINUTE = readWholeNumberSetting(SETTINGS.submissionsPerNetworkPerMinute);

const WINDOW_MS = 60_000;

export interface SubmissionLimitOptions {
  now?: number;
  /** Reverse proxies in front of the app; CHAINRULE_TRUSTED_PROXY_HOPS by default. */
  trustedProxyHops?: number;
}

/**
 * Counts one attempt on each counter; nulls when the counters cannot be read
 * (the database is failing): the request then goes on, as the submission
 * itself will fail or succeed on its own, and a broken counter must not lock
 * a class out at the deadline.
 */
async function countOrAllow(db: Db, counters: RateLimitCounter[], now: number): Promise<(RateLimitResult | null)[]> {
  try {
    return await consumeRateLimits({ db, counters, windowMs: WINDOW_MS, now });
  } catch (error) {
    console.error("[chainrule] submission rate limit unavailable; allowing the request", error);
    return counters.map(() => null);
  }
}

function refusal(result: RateLimitResult, fromNetwork: boolean): AppError {
  const seconds = Math.ceil(result.retryAfterMs / 1000);
  return new AppError(
    "RATE_LIMITED",
    `Too many submissions${fromNetwork ? " from your network" : ""} in a minute; wait ${seconds} s and submit again.`,
    { retryAfterSeconds: seconds },
  );
}

/**
 * Refuses a submission with RATE_LIMITED (429) beyond the student's
 * per-minute limit, or beyond their network's when the request's client
 * address is known (lib/rate-limit/client-ip.ts). Both counters are
 * counted in one statement: one round trip per submission.
 */
export async function limitSubmissions(
  db: Db,
  userId: string,
  request?: { headers: HeadersLike },
  { now = Date.now(), trustedProxyHops = TRUSTED_PROXY_HOPS }: SubmissionLimitOptions = {},
): Promise<void> {
  const network = request ? clientNetwork(request.headers, trustedProxyHops) : null;
  const counters = [{ key: `submit:user:${userId}`, limit: SUBMISSIONS_PER_MINUTE }];
  if (network !== null) counters.push({ key: `submit:net:${network}`, limit: SUBMISSIONS_PER_NETWORK_PER_MINUTE });
  const [perUser, perNetwork = null] = await countOrAllow(db, counters, now);
  if (perUser && !perUser.allowed) throw refusal(perUser, false);
  if (perNetwork && !perNetwork.allowed) throw refusal(perNetwork, true);
}
