import "server-only";
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { Db } from "@/lib/db/client";
import { fetchSafeToRepeat } from "./lms-fetch";
import { TOOL_KEY_ALGORITHM, toolSigningKey } from "./tool-keys";

// OAuth 2 client credentials with a signed client assertion (IMS Security
// Framework 4.1, RFC 7523): Chainrule asks the platform's token URL for a
// bearer token to call AGS or NRPS. Tokens are cached in this process per platform
// and scope set until REFRESH_BEFORE_EXPIRY_MS before they expire; a 401 from
// a service drops the cached one (forgetAccessToken) so the next call asks again.

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** A cached token is renewed this long before the platform said it expires (clock skew, a slow request). */
const REFRESH_BEFORE_EXPIRY_MS = 60_000;
/** The assertion's life: it is used at once. */
const ASSERTION_LIFETIME_SECONDS = 300;

export interface TokenPlatform {
  id: string;
  clientId: string;
  accessTokenUrl: string;
}

/** An LTI Advantage service (or its token endpoint) answered with an error status. */
export class LtiServiceError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "LtiServiceError";
  }
}

const cache = new Map<string, { token: string; expiresAt: number }>();
const cacheKey = (platformId: string, scopes: readonly string[]) => `${platformId} ${[...scopes].sort().join(" ")}`;

export function forgetAccessToken(platformId: string, scopes: readonly string[]): void {
  cache.delete(cacheKey(platformId, scopes));
}

export async function accessToken(db: Db, platform: TokenPlatform, scopes: readonly string[], now = Date.now()): Promise<string> {
  const key = cacheKey(platform.id, scopes);
  const cached = cache.get(key);
  if (cached && cached.expiresAt - REFRESH_BEFORE_EXPIRY_MS > now) return cached.token;

  const signing = await toolSigningKey(db);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: TOOL_KEY_ALGORITHM, kid: signing.kid, typ: "JWT" })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(platform.accessTokenUrl)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + ASSERTION_LIFETIME_SECONDS)
    .setJti(randomUUID())
    .sign(signing.key);
  const response = await fetchSafeToRepeat(platform.accessTokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: assertion,
      scope: scopes.join(" "),
    }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
  if (!response.ok || typeof body.access_token !== "string") {
    throw new LtiServiceError(
      response.status,
      `token endpoint answered ${response.status} ${typeof body.error === "string" ? body.error : ""}`.trim(),
    );
  }
  const lifetimeSeconds = typeof body.expires_in === "number" ? body.expires_in : 3600;
  cache.set(key, { token: body.access_token, expiresAt: now + lifetimeSeconds * 1000 });
  return body.access_token;
}
