/**
 * The launch: the course page whose iframe starts the OIDC third-party login
 * at the tool, the authorization endpoint that checks the tool's
 * authentication request, and the signed id_token it form-posts back.
 * IMS Security Framework 1.0 §5.1; LTI Core 1.3 §5.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { SignJWT } from "jose";
import { autoSubmitPage, escapeHtml, formHtml, page, type HtmlForm } from "./html";
import { cookies, HttpError, readParams, sendHtml } from "./http";
import { newSigningKey } from "./keys";
import type { LaunchTamper } from "./model";
import type { TestPlatform } from "./platform";
import { AGS_SCOPES, CLAIM, LTI_VERSION, MESSAGE_TYPE, SCOPE } from "./vocabulary";

/** A login the platform initiated and expects the tool to complete at /auth. */
export interface PendingLogin {
  messageHint: string;
  loginHint: string;
  userId: string;
  contextId: string;
  kind: { type: "resource-link"; resourceLinkId: string } | { type: "deep-linking" };
  deploymentId: string;
  targetLinkUri: string;
  tamper?: LaunchTamper;
  /** For deep linking: the opaque `data` the tool must echo in its response. */
  deepLinkData?: string;
  expiresAt: number;
}

export interface LoginInitiation {
  /** The tool's login initiation URL, to POST `params` to as a form. */
  loginUrl: string;
  params: Record<string, string>;
  /** `name=value` of the platform session cookie that /auth checks against login_hint. */
  sessionCookie: string;
}

/** Canvas keeps a launch for five minutes after initiating it (LtiAdvantageAdapter::MESSAGE_HINT_LIFESPAN). */
const LOGIN_LIFETIME_MS = 5 * 60_000;

export async function initiateLogin(
  platform: TestPlatform,
  args: { contextId: string; userId: string; kind: PendingLogin["kind"] },
): Promise<LoginInitiation> {
  const context = platform.context(args.contextId);
  const user = platform.user(args.userId);
  if (!context.members.has(user.id)) throw new HttpError(403, `user ${user.id} is not enrolled in course ${context.id}`);
  if (args.kind.type === "resource-link") {
    const link = platform.resourceLinks.get(args.kind.resourceLinkId);
    if (!link || link.contextId !== context.id) throw new HttpError(404, `no link ${args.kind.resourceLinkId} in course ${context.id}`);
  }
  const tamper = platform.nextTamper;
  platform.nextTamper = undefined;
  const deploymentId = tamper === "unknown-deployment" ? otherDeploymentId(platform) : platform.deploymentId;
  const targetLinkUri =
    args.kind.type === "resource-link"
      ? (platform.resourceLinks.get(args.kind.resourceLinkId)!.url ?? platform.tool.targetLinkUri ?? platform.tool.launchUrl)
      : (platform.tool.deepLinkUrl ?? platform.tool.launchUrl);
  const messageHint = await newMessageHint(platform, args.kind);
  // Canvas's login_hint is a stable opaque hash of the user (Lti::Asset.opaque_identifier_for); Moodle's is the user's id.
  const loginHint = platform.flavour === "canvas" ? createHash("sha1").update(`user-${user.sub}`).digest("hex") : user.sub;
  platform.pendingLogins.set(messageHint, {
    messageHint,
    loginHint,
    userId: user.id,
    contextId: context.id,
    kind: args.kind,
    deploymentId,
    targetLinkUri,
    tamper,
    deepLinkData: args.kind.type === "deep-linking" ? randomUUID() : undefined,
    expiresAt: Date.now() + LOGIN_LIFETIME_MS,
  });
  const sessionId = randomUUID();
  platform.sessions.set(sessionId, user.id);
  const params: Record<string, string> = {
    iss: platform.issuer,
    login_hint: loginHint,
    target_link_uri: targetLinkUri,
    lti_message_hint: messageHint,
    client_id: platform.clientId,
    ...platform.profile.loginInitiationExtras(deploymentId),
  };
  return { loginUrl: platform.tool.loginUrl, params, sessionCookie: `${platform.sessionCookieName}=${sessionId}` };
}

function otherDeploymentId(platform: TestPlatform): string {
  let id = platform.profile.newDeploymentId();
  while (id === platform.deploymentId) id = platform.profile.newDeploymentId();
  return id;
}

/**
 * Canvas's lti_message_hint is a short-lived JWT it signs itself, naming the
 * cached launch; Moodle's is a small JSON object naming the activity and the
 * launch kept in the user's session. Both are opaque to the tool.
 */
async function newMessageHint(platform: TestPlatform, kind: PendingLogin["kind"]): Promise<string> {
  if (platform.flavour === "canvas") {
    return new SignJWT({ verifier: randomBytes(32).toString("hex"), canvas_domain: new URL(platform.origin).host, context_type: "Course" })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime(Math.floor((Date.now() + LOGIN_LIFETIME_MS) / 1000))
      .sign(platform.hintSecret);
  }
  const cmid = kind.type === "resource-link" ? Number(kind.resourceLinkId) : 0;
  return JSON.stringify({ cmid, launchid: `ltilaunch${cmid}_${randomBytes(4).readUInt32BE()}` });
}

/**
 * GET /course/:contextId/link/:resourceLinkId?user= (or /deep-link): the page
 * with the tool in an iframe. Canvas posts the login form from the page into
 * the iframe; Moodle points the iframe at a page of its own that posts it.
 */
export async function handleCoursePage(platform: TestPlatform, res: ServerResponse, url: URL) {
  const [, , contextId, what, resourceLinkId] = url.pathname.split("/").map(decodeURIComponent);
  const userId = url.searchParams.get("user");
  if (!userId) throw new HttpError(400, "name the signed-in user with ?user=<id>");
  const initiation = await initiateLogin(platform, {
    contextId,
    userId,
    kind: what === "link" ? { type: "resource-link", resourceLinkId } : { type: "deep-linking" },
  });
  const form: HtmlForm = { action: initiation.loginUrl, method: "POST", fields: initiation.params, target: "tool_content" };
  const context = platform.context(contextId);
  const heading = what === "link" ? platform.resourceLinks.get(resourceLinkId)!.title : "Add content from the tool";
  let frame: string;
  if (platform.flavour === "canvas") {
    frame = `${formHtml(form)}\n<iframe name="tool_content" id="tool_content" title="${escapeHtml(heading)}" width="100%" height="800"></iframe>\n<script>document.getElementById("lti-form").submit();</script>`;
  } else {
    const key = randomUUID();
    platform.initiationFrames.set(key, { ...form, target: undefined });
    frame = `<iframe name="tool_content" id="tool_content" title="${escapeHtml(heading)}" width="100%" height="800" src="/initiation/${key}"></iframe>`;
  }
  const [name, value] = initiation.sessionCookie.split("=");
  sendHtml(
    res,
    200,
    page(`${context.label}: ${heading}`, `<h1>${escapeHtml(context.title)}</h1>\n<h2>${escapeHtml(heading)}</h2>\n${frame}`),
    // Lax reaches the platform from the tool's iframe here because both run on 127.0.0.1 (one site).
    { "set-cookie": `${name}=${value}; Path=/; HttpOnly; SameSite=Lax` },
  );
}

/** GET /initiation/:key: Moodle's launch page inside the iframe, which posts the login initiation. */
export function handleInitiationFrame(platform: TestPlatform, res: ServerResponse, url: URL) {
  const key = url.pathname.slice("/initiation/".length);
  const form = platform.initiationFrames.get(key);
  if (!form) throw new HttpError(404, "this launch page has already been used; reload the course page");
  platform.initiationFrames.delete(key);
  sendHtml(res, 200, autoSubmitPage("Launching", form));
}

/**
 * The OIDC authorization endpoint. A request that cannot be trusted to name
 * its own redirect URI (unknown client, unregistered redirect_uri) gets a 400
 * page; any other refusal is form-posted to the redirect URI as an OIDC error
 * response (error, error_description, state), as Canvas and Moodle do.
 */
export async function handleAuth(platform: TestPlatform, req: IncomingMessage, res: ServerResponse, url: URL) {
  const params = await readParams(req, url);
  // Hosted Canvas's auth URL is a fixed domain that redirects to the school's own.
  if (url.pathname !== platform.profile.paths.authorize) {
    const target = new URL(platform.profile.paths.authorize, platform.origin);
    for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
    res.writeHead(302, { location: target.toString() });
    return void res.end();
  }
  const refuse = (error: string, description: string) => {
    platform.authRefusals.push({ error, description, postedToTool: false });
    sendHtml(res, 400, page("Launch refused", `<h1>${escapeHtml(error)}</h1><p>${escapeHtml(description)}</p>`));
  };
  if (params.client_id !== platform.clientId)
    return refuse("unauthorized_client", `unknown client_id ${JSON.stringify(params.client_id ?? null)}`);
  const redirectUris = [platform.tool.launchUrl, ...(platform.tool.redirectUris ?? [])];
  if (!params.redirect_uri || !redirectUris.includes(params.redirect_uri))
    return refuse("invalid_request", `redirect_uri ${JSON.stringify(params.redirect_uri ?? null)} is not registered for this tool`);

  const redirectUri = params.redirect_uri;
  const postError = (error: string, description: string) => {
    platform.authRefusals.push({ error, description, postedToTool: true });
    const fields: Record<string, string> = { error, error_description: description };
    if (params.state !== undefined) fields.state = params.state;
    sendHtml(res, 200, autoSubmitPage("Launch refused", { action: redirectUri, method: "POST", fields }));
  };
  const missing = ["scope", "response_type", "response_mode", "prompt", "nonce", "login_hint", "lti_message_hint"].filter(
    (name) => !params[name],
  );
  if (missing.length) return postError("invalid_request", `missing parameters: ${missing.join(", ")}`);
  if (params.scope !== "openid") return postError("invalid_scope", "scope must be openid");
  if (params.response_type !== "id_token") return postError("unsupported_response_type", "response_type must be id_token");
  if (params.response_mode !== "form_post") return postError("invalid_request", "response_mode must be form_post");
  if (params.prompt !== "none") return postError("invalid_request", "prompt must be none");
  const pending = platform.pendingLogins.get(params.lti_message_hint);
  if (!pending || pending.expiresAt < Date.now())
    return postError("launch_no_longer_valid", "the launch has either expired or already been consumed");
  if (pending.loginHint !== params.login_hint)
    return postError(platform.profile.wrongUserError, "login_hint does not name the user this launch was initiated for");
  const sessionUser = platform.sessions.get(cookies(req)[platform.sessionCookieName] ?? "");
  if (sessionUser !== pending.userId) return postError(platform.profile.wrongUserError, "must have an active user session");
  // A launch is consumed once, like Canvas's cached launch and Moodle's session entry.
  platform.pendingLogins.delete(params.lti_message_hint);

  const claims = launchClaims(platform, pending, params.nonce);
  const idToken = await signLaunch(platform, claims, pending.tamper);
  const fields: Record<string, string> = { id_token: idToken, ...platform.profile.authResponseExtras };
  if (params.state !== undefined) fields.state = params.state;
  platform.launches.push({ redirectUri, idToken, state: params.state, claims, tamper: pending.tamper });
  sendHtml(res, 200, autoSubmitPage("Launching", { action: redirectUri, method: "POST", fields }));
}

function launchClaims(platform: TestPlatform, pending: PendingLogin, nonce: string): Record<string, unknown> {
  const user = platform.user(pending.userId);
  const context = platform.context(pending.contextId);
  const membership = context.members.get(user.id)!;
  const now = Math.floor(Date.now() / 1000);
  const audience = pending.tamper === "wrong-audience" ? `${platform.clientId}0` : platform.clientId;
  const claims: Record<string, unknown> = {
    iss: platform.issuer,
    aud: platform.audienceForm === "array" ? [audience] : audience,
    azp: audience,
    sub: user.sub,
    iat: pending.tamper === "expired" ? now - 7200 : now,
    exp: pending.tamper === "expired" ? now - 3600 : now + platform.profile.idTokenLifetimeSeconds,
    nonce: pending.tamper === "wrong-nonce" ? randomUUID() : nonce,
    ...(platform.privacy.name ? { name: user.name, given_name: user.givenName, family_name: user.familyName } : {}),
    ...(platform.privacy.email ? { email: user.email } : {}),
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: pending.deploymentId,
    [CLAIM.targetLinkUri]: pending.targetLinkUri,
    [CLAIM.roles]: platform.profile.roles(membership.role),
    [CLAIM.context]: {
      id: platform.profile.contextClaimId(context.id),
      label: context.label,
      title: context.title,
      type: [platform.profile.contextType],
    },
    ...platform.profile.launchClaims({ origin: platform.origin, userSerial: user.serial, userSub: user.sub, contextId: context.id }),
    [CLAIM.nrps]: {
      context_memberships_url: platform.profile.membershipsUrl(platform.origin, context.id, platform.deploymentId),
      service_versions: ["2.0"],
    },
  };
  const agsScopes = AGS_SCOPES.filter((scope) => platform.allowedScopes.includes(scope));
  if (pending.kind.type === "resource-link") {
    const link = platform.resourceLinks.get(pending.kind.resourceLinkId)!;
    const lineItems = platform.lineItems({ resourceLinkId: link.id });
    claims[CLAIM.messageType] = MESSAGE_TYPE.resourceLink;
    claims[CLAIM.resourceLink] = { id: link.id, title: link.title };
    claims[CLAIM.custom] = { ...link.custom };
    if (agsScopes.length)
      claims[CLAIM.ags] = {
        scope: agsScopes,
        lineitems: platform.profile.lineItemsUrl(platform.origin, context.id, platform.deploymentId),
        // The spec sends `lineitem` only when the link has exactly one line item.
        ...(lineItems.length === 1 ? { lineitem: lineItems[0].url } : {}),
      };
  } else {
    claims[CLAIM.messageType] = MESSAGE_TYPE.deepLinkingRequest;
    if (platform.flavour === "canvas") claims["https://www.instructure.com/placement"] = "assignment_selection";
    claims[CLAIM.deepLinkingSettings] = {
      deep_link_return_url: platform.profile.deepLinkReturnUrl(platform.webOrigin, context.id, platform.deploymentId),
      accept_types: ["ltiResourceLink"],
      accept_presentation_document_targets: platform.profile.acceptPresentationDocumentTargets,
      accept_multiple: platform.profile.acceptMultiple,
      auto_create: true,
      data: pending.deepLinkData,
    };
    if (agsScopes.length)
      claims[CLAIM.ags] = {
        scope: agsScopes,
        lineitems: platform.profile.lineItemsUrl(platform.origin, context.id, platform.deploymentId),
      };
  }
  if (!platform.allowedScopes.includes(SCOPE.membershipReadonly)) delete claims[CLAIM.nrps];
  return claims;
}

async function signLaunch(platform: TestPlatform, claims: Record<string, unknown>, tamper?: LaunchTamper): Promise<string> {
  // A wrong key keeps the right kid, so the tool finds "its" key and the signature check itself must fail.
  const key = tamper === "wrong-key" ? (await newSigningKey()).privateKey : platform.keys.current.privateKey;
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "JWT", kid: platform.keys.current.kid }).sign(key);
}
