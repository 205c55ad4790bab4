import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { consumeRateLimits, type RateLimitCounter } from "./consume-rate-limit";
import { readWholeNumberSetting, SETTINGS } from "@/lib/settings";

// Sign-up attempts, limited per client network (when trusted proxies name
// it: lib/rate-limit/client-ip.ts) and per course invite link, counted
// before any password is hashed, so a script can neither fill a course with
// accounts nor spend the server's CPU on bcrypt. Every attempt counts,
// whatever its outcome: an attempt's outcome must not be told by the
// limit either (lib/users/sign-up.ts answers alike for new and known emails).

export const SIGN_UPS_PER_NETWORK_PER_HOUR = readWholeNumberSetting(SETTINGS.signUpsPerNetworkPerHour);
export const SIGN_UPS_PER_INVITE_PER_HOUR = readWholeNumberSetting(SETTINGS.signUpsPerInviteCodePerHour);
const WINDOW_MS = 60 * 60_000;

export interface SignUpLimitOptions {
  db: Db;
  /** The client's network, or null when it is not known. */
  network: string | null;
  /** The course whose invite link is used, once the code is known to be valid (a wrong code counts against the network only). */
  courseId: string | null;
  now?: number;
}

/** Counts one sign-up attempt; RATE_LIMITED (429) past either limit. */
export async function limitSignUps({ db, network, courseId, now = Date.now() }: SignUpLimitOptions): Promise<void> {
  const counters: RateLimitCounter[] = [];
  if (network !== null) counters.push({ key: `signup:net:${network}`, limit: SIGN_UPS_PER_NETWORK_PER_HOUR });
  if (courseId !== null) counters.push({ key: `signup:invite:${courseId}`, limit: SIGN_UPS_PER_INVITE_PER_HOUR });
  if (counters.length === 0) return;
  const results = await consumeRateLimits({ db, counters, windowMs: WINDOW_MS, now });
  const refused = results.find((result) => !result.allowed);
  if (refused) {
    const minutes = Math.ceil(refused.retryAfterMs / 60_000);
    throw new AppError("RATE_LIMITED", `Too many sign-ups from here in the last hour; try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, {
      retryAfterSeconds: Math.ceil(refused.retryAfterMs / 1000),
    });
  }
}
