/**
 * The OAuth2 token endpoint: client_credentials with a JWT client assertion
 * signed by the tool's key (IMS Security Framework §4.1, RFC 7523). Tokens
 * are opaque, carry the granted scopes and expire after an hour.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from "jose";
import { HttpError, mediaType, readBody, sendJson } from "./http";
import type { TestPlatform } from "./platform";

export interface AccessToken {
  token: string;
  scopes: string[];
  expiresAt: number;
}

export const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const TOKEN_LIFETIME_SECONDS = 3600;

const oauthError = (status: number, error: string, description: string) =>
  new HttpError(status, description, { error, error_description: description });

export async function handleToken(platform: TestPlatform, req: IncomingMessage, res: ServerResponse) {
  if (req.method !== "POST") throw oauthError(405, "invalid_request", "the token endpoint takes POST");
  if (mediaType(req) !== "application/x-www-form-urlencoded")
    throw oauthError(400, "invalid_request", "send the request as application/x-www-form-urlencoded");
  const form = new URLSearchParams(await readBody(req));
  if (form.get("grant_type") !== "client_credentials")
    throw oauthError(400, "unsupported_grant_type", "grant_type must be client_credentials");
  if (form.get("client_assertion_type") !== ASSERTION_TYPE)
    throw oauthError(400, "invalid_request", `client_assertion_type must be ${ASSERTION_TYPE}`);
  const assertion = form.get("client_assertion");
  if (!assertion) throw oauthError(400, "invalid_request", "client_assertion is missing");

  const verified = await verifyToolJwt(platform, assertion, {
    subject: platform.clientId,
    audience: platform.tokenUrl,
    requiredClaims: ["exp", "iat", "jti"],
  });
  if ("refusal" in verified) throw oauthError(401, "invalid_client", `client assertion refused (${verified.refusal})`);
  const claims = verified.payload;
  // A jti is accepted once: a captured assertion cannot buy a second token.
  if (platform.usedAssertionIds.has(claims.jti!)) throw oauthError(401, "invalid_client", "client assertion jti already used");
  platform.usedAssertionIds.add(claims.jti!);

  const requested = (form.get("scope") ?? "").split(" ").filter(Boolean);
  const granted = requested.filter((scope) => platform.allowedScopes.includes(scope));
  if (!granted.length)
    throw oauthError(400, "invalid_scope", `none of the requested scopes is granted to this tool: ${requested.join(" ") || "(none)"}`);
  const token: AccessToken = {
    token: randomBytes(24).toString("base64url"),
    scopes: granted,
    expiresAt: Date.now() + TOKEN_LIFETIME_SECONDS * 1000,
  };
  platform.accessTokens.set(token.token, token);
  sendJson(res, 200, { access_token: token.token, token_type: "Bearer", expires_in: TOKEN_LIFETIME_SECONDS, scope: granted.join(" ") });
}

/**
 * Checks a JWT the tool signed: RS256 under a key of the tool's JWKS, issued
 * by the client id, plus `options`. A refusal carries jose's code and message.
 */
export async function verifyToolJwt(
  platform: TestPlatform,
  jwt: string,
  options: JWTVerifyOptions,
): Promise<{ payload: JWTPayload } | { refusal: string }> {
  try {
    const { payload } = await jwtVerify(jwt, platform.toolJwks, { algorithms: ["RS256"], issuer: platform.clientId, ...options });
    return { payload };
  } catch (error) {
    return { refusal: error instanceof joseErrors.JOSEError ? `${error.code}: ${error.message}` : String(error) };
  }
}

/** The bearer token of a service call, which must hold one of `scopes` (401 without a live token, 403 without the scope). */
export function requireScope(platform: TestPlatform, header: string | undefined, scopes: string[]): AccessToken {
  const presented = /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
  const token = presented ? platform.accessTokens.get(presented) : undefined;
  if (!token || token.expiresAt <= Date.now()) {
    const body = { error: "invalid_token", error_description: "a valid bearer token is required" };
    throw new HttpError(401, body.error_description, body, { "www-authenticate": 'Bearer error="invalid_token"' });
  }
  if (!scopes.some((scope) => token.scopes.includes(scope)))
    throw new HttpError(403, "insufficient scope", {
      error: "insufficient_scope",
      error_description: `this call needs one of: ${scopes.join(" ")}`,
    });
  return token;
}
