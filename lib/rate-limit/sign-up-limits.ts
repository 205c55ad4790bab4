import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { consumeRateLimits, type RateLimitResult } from "./consume-rate-limit";
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
  /** A valid invite code that is being used (a wrong code counts against the network only). */
  inviteCode: string | null;
  now?: number;
}

/**
 * Counts one sign-up attempt; RATE_LIMITED (429) past either limit. The
 * network is counted first and alone: an attempt its network's limit
 * refuses does not count against the invite link, so that one client cannot
 * use up a class's sign-ups. The invite link's count is kept by its code,
 * so that an instructor who replaces the link gives the class a fresh count.
 */
export async function limitSignUps({ db, network, inviteCode, now = Date.now() }: SignUpLimitOptions): Promise<void> {
  if (network !== null) {
    const [byNetwork] = await consumeRateLimits({
      db,
      counters: [{ key: `signup:net:${network}`, limit: SIGN_UPS_PER_NETWORK_PER_HOUR }],
      windowMs: WINDOW_MS,
      now,
    });
    if (!byNetwork.allowed) throw refusal(byNetwork, "from your network");
  }
  if (inviteCode !== null) {
    const [byInvite] = await consumeRateLimits({
      db,
      counters: [{ key: `signup:invite:${inviteCode}`, limit: SIGN_UPS_PER_INVITE_PER_HOUR }],
      windowMs: WINDOW_MS,
      now,
    });
    if (!byInvite.allowed) throw refusal(byInvite, "through this invite link", ", or ask your instructor for a new link");
  }
}

function refusal(result: RateLimitResult, where: string, orElse = ""): AppError {
  const minutes = Math.ceil(result.retryAfterMs / 60_000);
  return new AppError(
    "RATE_LIMITED",
    `Too many sign-ups ${where} in the last hour; try again in ${minutes} minute${minutes === 1 ? "" : "s"}${orElse}.`,
    {
      retryAfterSeconds: Math.ceil(result.retryAfterMs / 1000),
    },
  );
}
