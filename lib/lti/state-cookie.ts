import { siteUrl } from "@/lib/env";

// The cookie that binds a login initiation's `state` to the browser that
// started it (IMS Security Framework 5.1.1.2): the launch is accepted only
// from a browser that holds it. One cookie per state, so that two launches
// started in two tabs do not overwrite each other; it lives as long as the
// state (10 minutes) and only on /api/lti.
//
// The launch is a cross-site form POST (from the LMS's origin), inside an
// iframe as often as not, so under https the cookie is SameSite=None; Secure.
// Browsers drop SameSite=None without Secure, and Secure needs https, so over
// plain http (local development and the browser tests, where the LMS and
// Chainrule are both on 127.0.0.1 and so the same site) it is SameSite=Lax,
// which a same-site POST carries. An http deployment behind a cross-site
// LMS cannot work; docs/lti.md says to serve Chainrule over https.

export const LOGIN_STATE_TTL_MS = 10 * 60 * 1000;
export const STATE_COOKIE_PATH = "/api/lti";

export function stateCookieName(state: string): string {
  return `chainrule-lti-state-${state}`;
}

export interface CookieOptions {
  httpOnly: true;
  path: string;
  maxAge: number;
  sameSite: "none" | "lax";
  secure: boolean;
}

export function stateCookieOptions(origin = siteUrl()): CookieOptions {
  const https = origin.startsWith("https://");
  return { httpOnly: true, path: STATE_COOKIE_PATH, maxAge: LOGIN_STATE_TTL_MS / 1000, sameSite: https ? "none" : "lax", secure: https };
}
