/**
 * The least tool that completes a launch against the test platform, for the
 * platform's own tests: it answers login initiation with an authentication
 * request, records what is posted to its launch URL, publishes a throwaway
 * key in a JWKS and signs client assertions and deep-linking responses.
 * The real tool (app/api/lti) is tested against the platform elsewhere.
 */
import { randomUUID } from "node:crypto";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT } from "jose";
import { lineItemSubUrl } from "./flavours";
import { readParams, send, sendJson } from "./http";
import { newSigningKey, type SigningKey } from "./keys";
import type { TestPlatform } from "./platform";
import { ASSERTION_TYPE } from "./token";
import { CLAIM, LTI_VERSION, MESSAGE_TYPE, MEDIA_TYPE, SCOPE } from "./vocabulary";

export const TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration";

export interface FakeTool {
  origin: string;
  loginUrl: string;
  launchUrl: string;
  jwksUrl: string;
  deepLinkUrl: string;
  key: SigningKey;
  /** Login initiations received, in order. */
  logins: Record<string, string>[];
  /** Authentication requests sent to the platform: their state and nonce. */
  authRequests: { state: string; nonce: string; url: string }[];
  /** Bodies posted to the launch URL. */
  launches: Record<string, string>[];
  /** The platform the tool sends its authentication requests to. */
  platform?: TestPlatform;
  /** Merged into the Dynamic Registration request the tool sends from /register. */
  registrationOverrides: Record<string, unknown>;
  /** What the platform answered to each registration: its OpenID configuration and the registration response. */
  registrations: { configuration: Record<string, unknown>; status: number; response: Record<string, unknown> }[];
  close(): Promise<void>;
}

export async function startFakeTool(): Promise<FakeTool> {
  const ready: { tool?: FakeTool } = {};
  const server: Server = createServer(async (req, res) => {
    const tool = ready.tool!;
    const url = new URL(req.url ?? "/", tool.origin);
    if (url.pathname === "/jwks") return sendJson(res, 200, { keys: [tool.key.publicJwk] });
    const params = await readParams(req, url);
    if (url.pathname === "/login") {
      tool.logins.push(params);
      const platform = tool.platform!;
      const state = randomUUID();
      const nonce = randomUUID();
      const auth = new URL(platform.authUrl);
      const request: Record<string, string> = {
        scope: "openid",
        response_type: "id_token",
        response_mode: "form_post",
        prompt: "none",
        client_id: platform.clientId,
        redirect_uri: tool.launchUrl,
        login_hint: params.login_hint,
        state,
        nonce,
      };
      if (params.lti_message_hint) request.lti_message_hint = params.lti_message_hint;
      for (const [name, value] of Object.entries(request)) auth.searchParams.set(name, value);
      tool.authRequests.push({ state, nonce, url: auth.toString() });
      res.writeHead(302, { location: auth.toString(), "set-cookie": `fake_tool_state=${state}; Path=/; HttpOnly; SameSite=Lax` });
      return void res.end();
    }
    if (url.pathname === "/register") return register(tool, url, res);
    if (url.pathname === "/launch") {
      tool.launches.push(params);
      return send(res, 200, "launched", "text/plain");
    }
    send(res, 404, "not found", "text/plain");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tool: FakeTool = {
    origin,
    loginUrl: `${origin}/login`,
    launchUrl: `${origin}/launch`,
    jwksUrl: `${origin}/jwks`,
    deepLinkUrl: `${origin}/deep-link`,
    key: await newSigningKey(),
    logins: [],
    authRequests: [],
    launches: [],
    registrationOverrides: {},
    registrations: [],
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  ready.tool = tool;
  return tool;
}

/**
 * Dynamic Registration as a tool runs it: read the platform's OpenID
 * configuration and POST the client registration, both with the token, then
 * ask the platform's page to close the iframe.
 */
async function register(tool: FakeTool, url: URL, res: ServerResponse) {
  const token = url.searchParams.get("registration_token")!;
  const auth = { authorization: `Bearer ${token}` };
  const configuration = (await (await fetch(url.searchParams.get("openid_configuration")!, { headers: auth })).json()) as Record<
    string,
    unknown
  >;
  const response = await fetch(configuration.registration_endpoint as string, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({
      application_type: "web",
      client_name: "Fake tool",
      grant_types: ["client_credentials", "implicit"],
      response_types: ["id_token"],
      token_endpoint_auth_method: "private_key_jwt",
      initiate_login_uri: tool.loginUrl,
      redirect_uris: [tool.launchUrl],
      jwks_uri: tool.jwksUrl,
      scope: `${SCOPE.score} ${SCOPE.membershipReadonly}`,
      [TOOL_CONFIGURATION]: {
        domain: new URL(tool.origin).host,
        target_link_uri: tool.launchUrl,
        claims: ["iss", "sub"],
        messages: [{ type: MESSAGE_TYPE.deepLinkingRequest, target_link_uri: tool.deepLinkUrl }],
      },
      ...tool.registrationOverrides,
    }),
  });
  tool.registrations.push({ configuration, status: response.status, response: (await response.json()) as Record<string, unknown> });
  send(res, 200, `<script>window.parent.postMessage({ subject: "org.imsglobal.lti.close" }, "*");</script>`, "text/html");
}

/** A JWT signed with the tool's key (or `signingKey`), its kid in the header. */
export function signAsTool(tool: FakeTool, claims: Record<string, unknown>, signingKey: SigningKey = tool.key): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: tool.key.kid }).sign(signingKey.privateKey);
}

/** An RFC 7523 client assertion for the platform's token endpoint. */
export function clientAssertionClaims(platform: TestPlatform): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: platform.clientId, sub: platform.clientId, aud: platform.tokenUrl, iat: now, exp: now + 300, jti: randomUUID() };
}

/** An access token for `scopes` from the platform's token endpoint, as the tool would fetch it; throws when refused. */
export async function toolAccessToken(platform: TestPlatform, tool: FakeTool, scopes: string[]): Promise<string> {
  const response = await fetch(platform.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: await signAsTool(tool, clientAssertionClaims(platform)),
      scope: scopes.join(" "),
    }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200) throw new Error(`the token endpoint answered ${response.status}: ${JSON.stringify(body)}`);
  return body.access_token as string;
}

/** POSTs a score to a line item's scores URL with a bearer token. */
export function postToolScore(lineItemUrl: string, token: string, score: Record<string, unknown>, contentType: string = MEDIA_TYPE.score) {
  return fetch(lineItemSubUrl(lineItemUrl, "scores"), {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": contentType },
    body: JSON.stringify(score),
  });
}

/** A Deep Linking response to `request` (the claims of the platform's deep-linking launch). */
export function deepLinkResponseClaims(
  platform: TestPlatform,
  request: Record<string, unknown>,
  contentItems: unknown[],
): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: platform.clientId,
    aud: platform.issuer,
    iat: now,
    exp: now + 300,
    nonce: randomUUID(),
    [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingResponse,
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: request[CLAIM.deploymentId],
    [CLAIM.deepLinkingData]: (request[CLAIM.deepLinkingSettings] as { data: string }).data,
    [CLAIM.deepLinkingContentItems]: contentItems,
  };
}
