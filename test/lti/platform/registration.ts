/**
 * LTI Dynamic Registration 1.0: the administrator's page opens the tool's
 * registration URL in an iframe with `openid_configuration` and a one-time
 * `registration_token`; the tool reads the platform's OpenID configuration and
 * POSTs its client registration, both with that token as a bearer token; the
 * platform registers the tool and answers with its client id.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { escapeHtml, page } from "./html";
import { HttpError, mediaType, readBody, sendHtml, sendJson } from "./http";
import type { TestPlatform } from "./platform";
import { ALL_SCOPES, MESSAGE_TYPE } from "./vocabulary";

const TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration";
const PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration";
/** A registration token lives an hour, as Canvas's does. */
const TOKEN_LIFETIME_MS = 3600_000;

/** The URL the administrator's browser opens in the registration iframe. */
export function registrationInitiationUrl(platform: TestPlatform, toolRegistrationUrl: string): string {
  const token = randomUUID();
  platform.registrationTokens.set(token, Date.now() + TOKEN_LIFETIME_MS);
  const url = new URL(toolRegistrationUrl);
  url.searchParams.set("openid_configuration", platform.origin + platform.profile.paths.openidConfiguration);
  url.searchParams.set("registration_token", token);
  return url.toString();
}

/** GET /admin/register?url=<tool registration URL>: the page holding the iframe, closed by the tool's postMessage. */
export function handleRegistrationPage(platform: TestPlatform, res: ServerResponse, url: URL) {
  const toolUrl = url.searchParams.get("url");
  if (!toolUrl || !URL.canParse(toolUrl)) throw new HttpError(400, "name the tool's registration URL with ?url=");
  const src = registrationInitiationUrl(platform, toolUrl);
  sendHtml(
    res,
    200,
    page(
      "Register a tool",
      `<h1>Register an LTI tool</h1>
<p id="registration-status">Registering…</p>
<iframe id="registration-frame" title="Tool registration" width="100%" height="600" src="${escapeHtml(src)}"></iframe>
<script>
window.addEventListener("message", (event) => {
  if (event.data && event.data.subject === "org.imsglobal.lti.close") {
    document.getElementById("registration-frame").remove();
    document.getElementById("registration-status").textContent = "Registration closed by the tool";
  }
});
</script>`,
    ),
  );
}

function requireRegistrationToken(platform: TestPlatform, req: IncomingMessage, consume: boolean) {
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
  const expiresAt = token ? platform.registrationTokens.get(token) : undefined;
  if (!token || !expiresAt || expiresAt < Date.now())
    throw new HttpError(401, "registration token missing, expired or already used", {
      error: "invalid_token",
      error_description: "send the registration_token from the initiation URL as a bearer token; each is used once",
    });
  if (consume) platform.registrationTokens.delete(token);
}

export function handleOpenIdConfiguration(platform: TestPlatform, req: IncomingMessage, res: ServerResponse) {
  requireRegistrationToken(platform, req, false);
  sendJson(res, 200, {
    issuer: platform.issuer,
    authorization_endpoint: platform.authUrl,
    registration_endpoint: platform.origin + platform.profile.paths.registration,
    jwks_uri: platform.jwksUrl,
    token_endpoint: platform.tokenUrl,
    token_endpoint_auth_methods_supported: ["private_key_jwt"],
    token_endpoint_auth_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid", ...ALL_SCOPES],
    response_types_supported: ["id_token"],
    id_token_signing_alg_values_supported: ["RS256"],
    claims_supported: ["sub", "iss", "name", "given_name", "family_name", "email", "locale"],
    subject_types_supported: ["public"],
    [PLATFORM_CONFIGURATION]: {
      product_family_code: platform.profile.productFamilyCode,
      version: platform.flavour === "canvas" ? "vCloud" : "2024042200",
      messages_supported: [{ type: MESSAGE_TYPE.resourceLink }, { type: MESSAGE_TYPE.deepLinkingRequest }],
    },
  });
}

const invalid = (description: string) =>
  new HttpError(400, description, { error: "invalid_client_metadata", error_description: description });

const isUrl = (value: unknown): value is string =>
  typeof value === "string" && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);

export async function handleRegistration(platform: TestPlatform, req: IncomingMessage, res: ServerResponse) {
  if (req.method !== "POST") throw new HttpError(405, "POST the client registration here");
  requireRegistrationToken(platform, req, false);
  let request: Record<string, unknown>;
  try {
    if (mediaType(req) !== "application/json") throw invalid("send the registration as application/json");
    const body = JSON.parse(await readBody(req)) as unknown;
    if (!body || typeof body !== "object" || Array.isArray(body)) throw invalid("the registration must be a JSON object");
    request = body as Record<string, unknown>;
    validateRegistration(request);
  } catch (error) {
    const refusal = error instanceof HttpError ? error : invalid("the body is not JSON");
    platform.registrations.push({ status: refusal.status, request: undefined, response: refusal.body });
    throw refusal;
  }
  requireRegistrationToken(platform, req, true);

  const configuration = request[TOOL_CONFIGURATION] as Record<string, unknown>;
  const messages = (configuration.messages ?? []) as { type?: string; target_link_uri?: string }[];
  const [launchUrl, ...redirectUris] = request.redirect_uris as string[];
  const granted = platform.profile.registration.grantedScopes(
    String(request.scope ?? "")
      .split(" ")
      .filter(Boolean),
  );
  platform.registerTool(
    {
      loginUrl: request.initiate_login_uri as string,
      launchUrl,
      redirectUris,
      targetLinkUri: configuration.target_link_uri as string,
      jwksUrl: request.jwks_uri as string,
      deepLinkUrl: messages.find((message) => message.type === MESSAGE_TYPE.deepLinkingRequest)?.target_link_uri,
    },
    granted,
  );
  platform.privacy = platform.profile.registration.privacy(request, configuration);
  const response = {
    ...request,
    client_id: platform.clientId,
    scope: granted.join(" "),
    [TOOL_CONFIGURATION]: {
      ...configuration,
      ...(platform.profile.registration.returnsDeploymentId ? { deployment_id: platform.deploymentId } : {}),
    },
  };
  platform.registrations.push({ status: 200, request, response });
  sendJson(res, 200, response);
}

/** The checks of the Dynamic Registration spec (§3.5.1) that both LMSs make. */
function validateRegistration(request: Record<string, unknown>) {
  const missing = [
    "initiate_login_uri",
    "redirect_uris",
    "jwks_uri",
    "client_name",
    "response_types",
    "token_endpoint_auth_method",
    TOOL_CONFIGURATION,
  ].filter((name) => request[name] === undefined || request[name] === "");
  if (missing.length) throw invalid(`missing required attribute ${missing.join(", ")}`);
  if (request.application_type !== undefined && request.application_type !== "web") throw invalid("application_type must be web");
  if (!Array.isArray(request.response_types) || !request.response_types.includes("id_token"))
    throw invalid("response_types must include id_token");
  if (request.token_endpoint_auth_method !== "private_key_jwt") throw invalid("token_endpoint_auth_method must be private_key_jwt");
  if (request.grant_types !== undefined && (!Array.isArray(request.grant_types) || !request.grant_types.includes("client_credentials")))
    throw invalid("grant_types must include client_credentials");
  if (!Array.isArray(request.redirect_uris) || !request.redirect_uris.length || !request.redirect_uris.every(isUrl))
    throw invalid("redirect_uris must be a non-empty array of URLs");
  if (!isUrl(request.initiate_login_uri)) throw invalid("initiate_login_uri must be a URL");
  if (!isUrl(request.jwks_uri)) throw invalid("jwks_uri must be a URL");
  const configuration = request[TOOL_CONFIGURATION];
  if (!configuration || typeof configuration !== "object") throw invalid(`${TOOL_CONFIGURATION} must be an object`);
  const { domain, target_link_uri: targetLinkUri, messages } = configuration as Record<string, unknown>;
  if (typeof domain !== "string" || !domain) throw invalid("the tool configuration needs a domain");
  if (!isUrl(targetLinkUri)) throw invalid("the tool configuration's target_link_uri must be a URL");
  if (messages !== undefined && !Array.isArray(messages)) throw invalid("the tool configuration's messages must be an array");
}
