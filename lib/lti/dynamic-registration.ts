import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { AGS_SCOPE } from "./ags/scopes";
import { forgetFrameOrigins } from "./frame-origins";
import { LtiRefusal } from "./launch-errors";
import { duplicatePlatformError, insertPlatform, type PlatformView } from "./platforms";
import { consumeRegistrationLink, findRedeemableLink } from "./registration-links";
import { platformRegistrationSchema, platformUrlSchema } from "./requests";
import { NRPS_SCOPE } from "./roster-sync";
import { toolUrls, type ToolUrls } from "./tool-urls";

// LTI Dynamic Registration 1.0, the tool's side (docs/lti.md, Dynamic
// Registration). The LMS opens Chainrule's registration link with
// `openid_configuration` (and usually a `registration_token`); Chainrule
// reads that configuration, checks it as the spec says, POSTs its own client
// registration to the LMS, and stores the platform it is told about through
// the same path as a registration by hand (lib/lti/platforms.ts). The link is
// used up in the transaction that stores the platform, so a failure at any
// step leaves nothing stored and the link usable again.

const PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration";
const TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration";
/** An LMS that has not answered in this long is reported unreachable: the administrator is watching a page. */
const FETCH_TIMEOUT_MS = 10_000;
/** The services Chainrule uses (AGS line items and scores, NRPS rosters), asked for only if the LMS offers them. */
const WANTED_SCOPES = [AGS_SCOPE.lineItem, AGS_SCOPE.lineItemReadonly, AGS_SCOPE.score, NRPS_SCOPE];

/** The parts of the platform's OpenID configuration Chainrule relies on (DR 1.0 §3.4). */
const platformConfigurationSchema = z.object({
  issuer: platformUrlSchema,
  authorization_endpoint: platformUrlSchema,
  token_endpoint: platformUrlSchema,
  jwks_uri: platformUrlSchema,
  registration_endpoint: platformUrlSchema,
  token_endpoint_auth_methods_supported: z
    .array(z.string())
    .refine((methods) => methods.includes("private_key_jwt"), "token_endpoint_auth_methods_supported must include private_key_jwt"),
  id_token_signing_alg_values_supported: z
    .array(z.string())
    .refine((algs) => algs.includes("RS256"), "id_token_signing_alg_values_supported must include RS256"),
  scopes_supported: z.array(z.string()).optional(),
  [PLATFORM_CONFIGURATION]: z.object({ product_family_code: z.string().min(1), version: z.string().optional() }),
});

type PlatformConfiguration = z.output<typeof platformConfigurationSchema>;

/** What Chainrule reads from the LMS's answer to its registration (DR 1.0 §3.6). */
const registrationResponseSchema = z.object({
  client_id: z.string().min(1).max(255),
  scope: z.string().optional(),
  [TOOL_CONFIGURATION]: z.object({ deployment_id: z.string().min(1).max(255).optional() }).optional(),
});

export interface DynamicRegistrationOptions {
  /** The token in the registration link's path. */
  linkToken: string;
  /** The query parameters the LMS opened the link with. */
  openidConfiguration: string | null;
  registrationToken: string | null;
  /** The tool's own addresses, registered with the LMS (the site's by default; tests run their own server). */
  tool?: ToolUrls;
  now?: Date;
}

export interface DynamicRegistrationResult {
  platform: PlatformView;
  /** The LMS's product, from its configuration ("moodle", "canvas"). */
  productFamily: string;
  /** False when the LMS did not name the deployment (Canvas): it must be added by hand before anyone can launch. */
  deploymentKnown: boolean;
}

export async function registerByDynamicRegistration(db: Db, options: DynamicRegistrationOptions): Promise<DynamicRegistrationResult> {
  const { linkToken, registrationToken, tool = toolUrls(), now = new Date() } = options;
  const link = await findRedeemableLink(db, linkToken, now);
  const configurationUrl = checkedConfigurationUrl(options.openidConfiguration);
  const configuration = await fetchPlatformConfiguration(configurationUrl, registrationToken);
  const registered = await postToolRegistration(configuration, registrationToken, tool);

  const deploymentId = registered[TOOL_CONFIGURATION]?.deployment_id;
  const productFamily = configuration[PLATFORM_CONFIGURATION].product_family_code;
  const registration = platformRegistrationSchema
    // Canvas names no deployment (the tool is deployed after registering): the list may start empty.
    .extend({ deploymentIds: z.array(z.string().trim().min(1).max(255)).max(1) })
    .parse({
      name: link.name || `${productFamily} at ${new URL(configuration.issuer).host}`,
      issuer: configuration.issuer,
      clientId: registered.client_id,
      authLoginUrl: configuration.authorization_endpoint,
      accessTokenUrl: configuration.token_endpoint,
      jwksUrl: configuration.jwks_uri,
      deploymentIds: deploymentId ? [deploymentId] : [],
    });
  try {
    const platform = await db.$transaction(async (tx) => {
      const created = await insertPlatform(tx, link.registrar, registration);
      await consumeRegistrationLink(tx, link, created.id, now);
      return created;
    });
    return { platform, productFamily, deploymentKnown: Boolean(deploymentId) };
  } catch (error) {
    if (isUniqueViolation(error, "clientId")) {
      throw new LtiRefusal("PLATFORM_ALREADY_REGISTERED", duplicatePlatformError(registration).message);
    }
    throw error;
  } finally {
    forgetFrameOrigins();
  }
}

/** The openid_configuration parameter, if it is an address Chainrule may fetch (https, or http to this machine). */
function checkedConfigurationUrl(value: string | null): URL {
  if (!value) throw new LtiRefusal("INVALID_REQUEST", "The LMS opened the registration link without an openid_configuration parameter.");
  const parsed = platformUrlSchema.safeParse(value);
  if (!parsed.success) {
    throw new LtiRefusal("INVALID_REQUEST", `The openid_configuration address is not usable: ${parsed.error.issues[0].message}.`);
  }
  return new URL(parsed.data);
}

async function fetchJson(url: string, init: RequestInit, what: string): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: "error", signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch {
    throw new LtiRefusal("PLATFORM_CONFIGURATION_UNREACHABLE", `Chainrule could not reach the LMS at ${url} to ${what}.`);
  }
  const text = await response.text().catch(() => "");
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: response.status, body: undefined };
  }
}

const bearer = (token: string | null): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

/** The platform's configuration, checked; its issuer must begin its address (DR 1.0 §3.5.1). */
export async function fetchPlatformConfiguration(url: URL, registrationToken: string | null): Promise<PlatformConfiguration> {
  const { status, body } = await fetchJson(
    url.toString(),
    { headers: { accept: "application/json", ...bearer(registrationToken) } },
    "read its OpenID configuration",
  );
  if (status !== 200 || body === undefined) {
    throw new LtiRefusal(
      "PLATFORM_CONFIGURATION_UNREACHABLE",
      `The LMS answered ${status}${body === undefined ? " without JSON" : ""} when Chainrule read its OpenID configuration at ${url.origin}${url.pathname}.`,
    );
  }
  const parsed = platformConfigurationSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LtiRefusal(
      "PLATFORM_CONFIGURATION_INVALID",
      `The LMS's OpenID configuration is not usable: ${issue.path.join(".") || "the document"}: ${issue.message}.`,
    );
  }
  const { issuer } = parsed.data;
  if (!url.toString().startsWith(issuer)) {
    throw new LtiRefusal(
      "ISSUER_MISMATCH",
      `The LMS's issuer "${issuer}" does not begin the address of its configuration (${url.origin}${url.pathname}), so Chainrule cannot tell that the configuration is the issuer's own.`,
    );
  }
  return parsed.data;
}

/** POSTs Chainrule's client registration (DR 1.0 §3.5.2) and returns the LMS's answer. */
async function postToolRegistration(configuration: PlatformConfiguration, registrationToken: string | null, tool: ToolUrls) {
  const offered = configuration.scopes_supported;
  const scopes = offered ? WANTED_SCOPES.filter((scope) => offered.includes(scope)) : WANTED_SCOPES;
  const { status, body } = await fetchJson(
    configuration.registration_endpoint,
    {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...bearer(registrationToken) },
      body: JSON.stringify(toolRegistration(tool, scopes)),
    },
    "register Chainrule",
  );
  if (status < 200 || status > 299) {
    const reason = (body as { error_description?: unknown } | undefined)?.error_description;
    throw new LtiRefusal(
      "REGISTRATION_REFUSED",
      `The LMS refused the registration (HTTP ${status})${typeof reason === "string" ? `: ${reason.slice(0, 300)}` : ""}.`,
    );
  }
  const parsed = registrationResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new LtiRefusal("REGISTRATION_REFUSED", "The LMS answered the registration without a usable client_id.");
  }
  return parsed.data;
}

/** Chainrule as an LTI 1.3 client: its launch, login and key addresses, and what it asks to receive. */
export function toolRegistration(tool: ToolUrls, scopes: string[]) {
  const origin = new URL(tool.targetLinkUri);
  return {
    application_type: "web",
    response_types: ["id_token"],
    grant_types: ["implicit", "client_credentials"],
    initiate_login_uri: tool.loginUrl,
    redirect_uris: [tool.redirectUri],
    client_name: "Chainrule",
    jwks_uri: tool.jwksUrl,
    token_endpoint_auth_method: "private_key_jwt",
    scope: scopes.join(" "),
    [TOOL_CONFIGURATION]: {
      domain: origin.host,
      target_link_uri: tool.targetLinkUri,
      description: "Autograded exercises on the chain rule and backpropagation.",
      // Names and email let staff recognise students in the gradebook (lib/lti/link-user.ts).
      claims: ["iss", "sub", "name", "given_name", "family_name", "email"],
      "https://canvas.instructure.com/lti/privacy_level": "public",
      messages: [
        { type: "LtiResourceLinkRequest", target_link_uri: tool.targetLinkUri },
        { type: "LtiDeepLinkingRequest", target_link_uri: tool.targetLinkUri },
      ],
    },
  };
}
