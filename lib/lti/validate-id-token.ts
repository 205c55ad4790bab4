import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { LtiRefusal } from "./launch-errors";

// Checks an LTI 1.3 id token as the IMS Security Framework (5.1.3) and LTI
// Core (5.3, 5.4) ask, and returns its claims. The signature and the times
// are jose's work; the order follows the framework: signature (RS256, the
// platform's key), iss, aud and azp, exp and iat, nonce, then LTI's own
// claims. The nonce's single use and the deployment id need the database
// and are checked by the caller (lib/lti/launch.ts).

export const LTI_CLAIM = {
  messageType: "https://purl.imsglobal.org/spec/lti/claim/message_type",
  version: "https://purl.imsglobal.org/spec/lti/claim/version",
  deploymentId: "https://purl.imsglobal.org/spec/lti/claim/deployment_id",
  targetLinkUri: "https://purl.imsglobal.org/spec/lti/claim/target_link_uri",
  resourceLink: "https://purl.imsglobal.org/spec/lti/claim/resource_link",
  roles: "https://purl.imsglobal.org/spec/lti/claim/roles",
  context: "https://purl.imsglobal.org/spec/lti/claim/context",
  custom: "https://purl.imsglobal.org/spec/lti/claim/custom",
  ags: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
  nrps: "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
  deepLinkingSettings: "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
} as const;

export const SUPPORTED_MESSAGE_TYPES = ["LtiResourceLinkRequest", "LtiDeepLinkingRequest"] as const;
export type LtiMessageType = (typeof SUPPORTED_MESSAGE_TYPES)[number];

/** Clock difference tolerated between the platform and us, in seconds. */
export const CLOCK_TOLERANCE_SECONDS = 60;
/** An id token issued longer ago than this is refused even if its exp is later: launches are used at once. */
export const MAX_TOKEN_AGE_SECONDS = 10 * 60;

export interface ExpectedToken {
  issuer: string;
  clientId: string;
  /** The nonce the login initiation sent (stored with its state). */
  nonce: string;
  /** The platform's keys (lib/lti/platform-keys.ts, or a local set in tests). */
  keys: JWTVerifyGetKey;
  /** For tests; the current time otherwise. */
  now?: Date;
}

export interface LaunchClaims {
  issuer: string;
  subject: string;
  nonce: string;
  /** exp, as a Date. */
  expiresAt: Date;
  messageType: LtiMessageType;
  deploymentId: string;
  targetLinkUri: string;
  roles: string[];
  name: string;
  email: string;
  context: { id: string; label: string; title: string } | null;
  resourceLink: { id: string; title: string } | null;
  custom: Record<string, string>;
  ags: { scope: string[]; lineitems?: string; lineitem?: string } | null;
  nrps: { contextMembershipsUrl: string } | null;
  /** The deep_linking_settings claim of an LtiDeepLinkingRequest (Deep Linking 2.0, 4.4.1); null otherwise. */
  deepLinking: { returnUrl: string; data: string | null; acceptTypes: string[]; acceptMultiple: boolean } | null;
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");
const record = (value: unknown): Record<string, unknown> | null =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

function refusalOf(error: unknown, expected: ExpectedToken): LtiRefusal {
  if (error instanceof LtiRefusal) return error;
  if (error instanceof errors.JWTExpired)
    return new LtiRefusal("EXPIRED", "The launch from your LMS had expired when it reached Chainrule.");
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss")
      return new LtiRefusal("WRONG_ISSUER", `The launch was not issued by ${expected.issuer}, the LMS it started with.`);
    if (error.claim === "aud") {
      return new LtiRefusal("WRONG_AUDIENCE", `The launch is addressed to another tool than Chainrule's client id ${expected.clientId}.`);
    }
    if (error.claim === "iat" || error.claim === "nbf")
      return new LtiRefusal("EXPIRED", "The launch was issued at a time Chainrule cannot accept.");
    return new LtiRefusal("INVALID_TOKEN", `The launch's ${error.claim} claim is invalid.`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JOSEAlgNotAllowed) {
    return new LtiRefusal("BAD_SIGNATURE", "The launch's signature is not valid for this LMS's keys.");
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new LtiRefusal("UNKNOWN_KEY", "The launch was signed with a key this LMS does not publish.");
  }
  // Fetching the keys failed: a timeout, a non-200 answer or unreadable JSON (jose's errors), or no connection (Node's).
  const fetchFailed =
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    (error instanceof errors.JOSEError && /JSON Web Key Set/.test(error.message)) ||
    /^E[A-Z]+$/.test(String((error as { code?: unknown } | null)?.code ?? ""));
  if (fetchFailed) return new LtiRefusal("JWKS_UNAVAILABLE", "Chainrule could not fetch this LMS's public keys to check the launch.");
  if (error instanceof errors.JOSEError) return new LtiRefusal("INVALID_TOKEN", "The launch is not a valid signed token.");
  throw error;
}

export async function validateIdToken(idToken: string, expected: ExpectedToken): Promise<LaunchClaims> {
  let header;
  try {
    header = decodeProtectedHeader(idToken);
  } catch {
    throw new LtiRefusal("INVALID_TOKEN", "The launch did not carry a readable id token.");
  }
  if (header.alg !== "RS256") throw new LtiRefusal("BAD_SIGNATURE", `The launch is signed with ${String(header.alg)}; LTI requires RS256.`);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, expected.keys, {
      algorithms: ["RS256"],
      issuer: expected.issuer,
      audience: expected.clientId,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
      requiredClaims: ["exp", "iat"],
      currentDate: expected.now,
    }));
  } catch (error) {
    throw refusalOf(error, expected);
  }
  // Several audiences: the framework requires azp, naming us. One audience: azp, when sent, must name us too.
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if ((audiences.length > 1 || payload.azp !== undefined) && payload.azp !== expected.clientId) {
    throw new LtiRefusal("WRONG_AUDIENCE", `The launch's authorized party (azp) is not Chainrule's client id ${expected.clientId}.`);
  }
  if (text(payload.nonce) === "" || payload.nonce !== expected.nonce) {
    throw new LtiRefusal("NONCE_MISMATCH", "The launch does not answer the sign-in this browser started.");
  }
  return launchClaims(payload);
}

function launchClaims(payload: JWTPayload): LaunchClaims {
  const messageType = payload[LTI_CLAIM.messageType];
  if (!SUPPORTED_MESSAGE_TYPES.includes(messageType as LtiMessageType)) {
    throw new LtiRefusal("UNSUPPORTED_MESSAGE", `Chainrule cannot open an LTI message of type "${text(messageType) || "(none)"}".`);
  }
  if (payload[LTI_CLAIM.version] !== "1.3.0") {
    throw new LtiRefusal(
      "UNSUPPORTED_MESSAGE",
      `Chainrule speaks LTI 1.3.0; the launch says version "${text(payload[LTI_CLAIM.version])}".`,
    );
  }
  const missing = (claim: string) => new LtiRefusal("MISSING_CLAIM", `The launch has no ${claim}.`);
  const subject = text(payload.sub);
  if (subject === "") throw missing("user id (sub): anonymous launches cannot sign anyone in");
  const deploymentId = text(payload[LTI_CLAIM.deploymentId]);
  if (deploymentId === "") throw missing("deployment id");
  const roles = payload[LTI_CLAIM.roles];
  if (!Array.isArray(roles)) throw missing("roles claim");
  const resourceLinkClaim = record(payload[LTI_CLAIM.resourceLink]);
  if (messageType === "LtiResourceLinkRequest" && text(resourceLinkClaim?.id) === "") throw missing("resource link id");
  const settings = record(payload[LTI_CLAIM.deepLinkingSettings]);
  if (messageType === "LtiDeepLinkingRequest" && text(settings?.deep_link_return_url) === "") throw missing("deep-linking return URL");
  const contextClaim = record(payload[LTI_CLAIM.context]);
  const custom = Object.fromEntries(
    Object.entries(record(payload[LTI_CLAIM.custom]) ?? {}).flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : [])),
  );
  const ags = record(payload[LTI_CLAIM.ags]);
  const nrps = record(payload[LTI_CLAIM.nrps]);
  const name = text(payload.name) || [text(payload.given_name), text(payload.family_name)].filter(Boolean).join(" ") || "LMS user";
  return {
    issuer: text(payload.iss),
    subject,
    nonce: text(payload.nonce),
    expiresAt: new Date((payload.exp ?? 0) * 1000),
    messageType: messageType as LtiMessageType,
    deploymentId,
    targetLinkUri: text(payload[LTI_CLAIM.targetLinkUri]),
    roles: roles.filter((role): role is string => typeof role === "string"),
    name,
    email: text(payload.email),
    context:
      contextClaim && text(contextClaim.id)
        ? { id: text(contextClaim.id), label: text(contextClaim.label), title: text(contextClaim.title) }
        : null,
    resourceLink:
      resourceLinkClaim && text(resourceLinkClaim.id) ? { id: text(resourceLinkClaim.id), title: text(resourceLinkClaim.title) } : null,
    custom,
    ags: ags
      ? {
          scope: Array.isArray(ags.scope) ? ags.scope.filter((s): s is string => typeof s === "string") : [],
          lineitems: text(ags.lineitems) || undefined,
          lineitem: text(ags.lineitem) || undefined,
        }
      : null,
    nrps: nrps && text(nrps.context_memberships_url) ? { contextMembershipsUrl: text(nrps.context_memberships_url) } : null,
    deepLinking:
      messageType === "LtiDeepLinkingRequest" && settings
        ? {
            returnUrl: text(settings.deep_link_return_url),
            data: typeof settings.data === "string" ? settings.data : null,
            acceptTypes: Array.isArray(settings.accept_types)
              ? settings.accept_types.filter((t): t is string => typeof t === "string")
              : [],
            acceptMultiple: settings.accept_multiple === true,
          }
        : null,
  };
}
