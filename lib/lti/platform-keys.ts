import { createRemoteJWKSet } from "jose";

// Each platform's public keys, fetched from its JWKS URL by jose's remote key
// set: cached for CACHE_MAX_AGE_MS, and fetched again at once when a token
// names a kid it does not hold, so a platform that rotated its key keeps
// working. One set per URL per process; COOLDOWN_MS limits how often unknown
// kids can make us fetch (a flood of made-up kids costs one fetch per cooldown).

export interface PlatformKeyOptions {
  /** How long fetched keys are trusted before the next fetch (default 10 minutes). */
  cacheMaxAgeMs?: number;
  /** The least time between two fetches (default 5 seconds). */
  cooldownMs?: number;
  /** How long a fetch may take (default 5 seconds). */
  timeoutMs?: number;
}

const CACHE_MAX_AGE_MS = 10 * 60 * 1000;
const COOLDOWN_MS = 5_000;
const TIMEOUT_MS = 5_000;

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;
const keySets = new Map<string, RemoteKeySet>();

export function platformKeySet(jwksUrl: string, options: PlatformKeyOptions = {}): RemoteKeySet {
  const cacheKey = `${jwksUrl} ${options.cacheMaxAgeMs ?? ""} ${options.cooldownMs ?? ""}`;
  let keySet = keySets.get(cacheKey);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(jwksUrl), {
      cacheMaxAge: options.cacheMaxAgeMs ?? CACHE_MAX_AGE_MS,
      cooldownDuration: options.cooldownMs ?? COOLDOWN_MS,
      timeoutDuration: options.timeoutMs ?? TIMEOUT_MS,
    });
    keySets.set(cacheKey, keySet);
  }
  return keySet;
}
