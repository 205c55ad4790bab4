/**
 * The least tool that completes a launch against the test platform, for the
 * platform's own tests: it answers login initiation with an authentication
 * request, records what is posted to its launch URL, publishes a throwaway
 * key in a JWKS and signs client assertions and deep-linking responses.
 * The real tool (app/api/lti) is tested against the platform elsewhere.
 */
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT } from "jose";
import { readParams, send, sendJson } from "./http";
import { newSigningKey, type SigningKey } from "./keys";
import type { TestPlatform } from "./platform";
import { CLAIM, LTI_VERSION, MESSAGE_TYPE } from "./vocabulary";

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
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  ready.tool = tool;
  return tool;
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
