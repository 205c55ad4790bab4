// The session cookie's name and attributes, one definition for next-auth
// (lib/auth/options.ts) and for the LTI launch that signs people in
// (lib/lti/session-cookie.ts), so that next-auth's refreshes keep what the
// launch set.
//
// Under https the cookie is SameSite=None; Secure: inside an LMS's iframe
// Chainrule is a third party, and browsers send a Lax cookie to no
// cross-site frame. Cross-site requests are kept out otherwise: the JSON API
// takes only application/json (a cross-site form cannot send it, and a
// cross-site fetch of it needs a CORS preflight Chainrule never grants),
// server actions check Origin, next-auth's own posts carry its CSRF token,
// and no site but a registered LMS may frame a page (frame-ancestors).
// Over plain http (development, the browser tests with the LMS on
// 127.0.0.1, the same site) SameSite=None is impossible without Secure, so
// it stays Lax.

export interface SessionCookieSettings {
  name: string;
  options: { httpOnly: true; sameSite: "none" | "lax"; path: "/"; secure: boolean };
}

export function sessionCookieSettings(siteUrl = process.env.NEXTAUTH_URL ?? ""): SessionCookieSettings {
  const secure = siteUrl.startsWith("https://");
  return {
    name: `${secure ? "__Secure-" : ""}next-auth.session-token`,
    options: { httpOnly: true, sameSite: secure ? "none" : "lax", path: "/", secure },
  };
}
