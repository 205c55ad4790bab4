import "server-only";
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { LtiRefusal } from "./launch-errors";
import type { LoginInitiation } from "./requests";
import { LOGIN_STATE_TTL_MS } from "./state-cookie";

// OIDC third-party login initiation (IMS Security Framework 5.1.1): the LMS
// sends the browser here with its issuer and a login hint; we remember a new
// state and nonce and send the browser on to the LMS's authorization
// endpoint, which answers by posting an id token to /api/lti/launch.

export interface LoginRedirect {
  /** The platform's OIDC authorization URL with the authentication request's parameters. */
  location: string;
  state: string;
}

/** 256 random bits, base64url: a state or a nonce nobody can guess. */
const randomToken = () => randomBytes(32).toString("base64url");

export async function startLogin(db: Db, login: LoginInitiation, redirectUri: string, now = new Date()): Promise<LoginRedirect> {
  const candidates = await db.ltiPlatform.findMany({
    where: { issuer: login.iss, ...(login.client_id ? { clientId: login.client_id } : {}) },
    include: { deployments: { select: { deploymentId: true } } },
  });
  if (candidates.length === 0) {
    const client = login.client_id ? ` with client id "${login.client_id}"` : "";
    throw new LtiRefusal("UNKNOWN_PLATFORM", `Chainrule has no registration for the LMS "${login.iss}"${client}.`);
  }
  if (candidates.length > 1) {
    throw new LtiRefusal(
      "AMBIGUOUS_PLATFORM",
      `Chainrule has several registrations for the LMS "${login.iss}" and the request did not say which.`,
    );
  }
  const platform = candidates[0];
  // Moodle and others name the deployment already; refusing here saves the student a round trip.
  if (login.lti_deployment_id && !platform.deployments.some((d) => d.deploymentId === login.lti_deployment_id)) {
    throw new LtiRefusal("UNKNOWN_DEPLOYMENT", `The deployment "${login.lti_deployment_id}" of this LMS is not registered in Chainrule.`);
  }

  const state = randomToken();
  const nonce = randomToken();
  // Expired states and used nonces are of no use to anyone: each login clears what has lapsed.
  await db.ltiLoginState.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.ltiUsedNonce.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.ltiLoginState.create({
    data: {
      state,
      nonce,
      platformId: platform.id,
      targetLinkUri: login.target_link_uri,
      expiresAt: new Date(now.getTime() + LOGIN_STATE_TTL_MS),
    },
  });

  const location = new URL(platform.authLoginUrl);
  const parameters: Record<string, string | undefined> = {
    scope: "openid",
    response_type: "id_token",
    response_mode: "form_post",
    prompt: "none",
    client_id: platform.clientId,
    redirect_uri: redirectUri,
    login_hint: login.login_hint,
    lti_message_hint: login.lti_message_hint,
    state,
    nonce,
  };
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined) location.searchParams.set(name, value);
  return { location: location.toString(), state };
}
