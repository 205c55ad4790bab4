import "server-only";
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { Db } from "@/lib/db/client";
import { TOOL_KEY_ALGORITHM, toolSigningKey } from "./tool-keys";

// An OAuth 2 access token for the LTI Advantage services (IMS Security
// Framework 4.1): the client-credentials grant with a JWT client assertion
// signed by the tool's active key (iss = sub = client id, aud = the token
// URL, a fresh jti). Tokens are cached in this process per platform and
// scope set until a minute before they expire; another instance fetches its own.

export interface TokenPlatform {
  id: string;
  clientId: string;
  accessTokenUrl: string;
}

export class AccessTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AccessTokenError";
  }
}

const cache = new Map<string, { token: string; expiresAt: number }>();

export async function accessToken(db: Db, platform: TokenPlatform, scopes: string[], now = new Date()): Promise<string> {
  const scope = [...scopes].sort().join(" ");
  const cacheKey = `${platform.id}\n${scope}`;
  const cached = cache.get(cacheKey);
  if (cached && cached.expiresAt > now.getTime()) return cached.token;

  const key = await toolSigningKey(db, now);
  const iat = Math.floor(now.getTime() / 1000);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: TOOL_KEY_ALGORITHM, kid: key.kid, typ: "JWT" })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(platform.accessTokenUrl)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .setJti(randomUUID())
    .sign(key.key);
  const response = await fetch(platform.accessTokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
      scope,
    }),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string };
  if (!response.ok || !body.access_token) {
    throw new AccessTokenError(`the LMS's token endpoint answered ${response.status}${body.error ? ` (${body.error})` : ""}`);
  }
  const lifetime = typeof body.expires_in === "number" ? body.expires_in : 3600;
  cache.set(cacheKey, { token: body.access_token, expiresAt: now.getTime() + Math.max(0, lifetime - 60) * 1000 });
  return body.access_token;
}

/** Forgets a token the platform refused (401), so that the next call fetches a new one. */
export function forgetAccessToken(platformId: string, scopes: string[]): void {
  cache.delete(`${platformId}\n${[...scopes].sort().join(" ")}`);
}
