// Security headers for every response (next.config.js), and the page
// Content-Security-Policy with a per-request nonce (proxy.ts). CommonJS
// because next.config.js loads it before any TypeScript is compiled.
//
// Pages get their policy from proxy.ts: a fresh nonce per request in
// script-src, which Next reads from the request's Content-Security-Policy
// header and puts on every inline and external <script> it renders. Other
// responses (/api, /_next/static, images), which the proxy skips for speed,
// get the static policy below: the same, without any inline script allowed,
// since JSON and static files run none.
//
// The allowances, each needed by something on our pages:
// - script-src 'nonce-…' 'strict-dynamic': the page's own scripts carry the
//   nonce; scripts they load (Next's chunks) are trusted through them.
//   'self' stays for browsers without CSP 3, which ignore 'strict-dynamic'.
// - script-src 'wasm-unsafe-eval': the engine compiles its WebAssembly matrix
//   kernel in the browser, for the editor's try-an-answer box.
// - style-src 'unsafe-inline': KaTeX positions glyphs with style attributes.
// - font-src data:: KaTeX's CSS may inline small fonts.
// - 'unsafe-eval' in development only: React Refresh needs it.
// - frame-ancestors: 'none' except where an LMS frames Chainrule. Pages and
//   the LTI launch's answer admit the registered platforms' origins
//   (lib/lti/frame-origins.ts, set per request by proxy.ts and the launch
//   route); the account pages, where a password is typed, never. Where
//   frame-ancestors admits someone, X-Frame-Options (which cannot name an
//   origin) is left off, so next.config.js sends it only for the API.
// - form-action 'self' everywhere, except the page that form-posts a signed
//   answer back to the LMS (the deep-linking response): it admits the one
//   origin of the return URL from the signed request, and nothing else
//   (lib/lti/platform-form-post.ts).

/**
 * The Content-Security-Policy value. With a nonce (pages, from proxy.ts) only
 * scripts carrying it run inline; without one (everything else) no inline
 * script runs at all.
 * @param {{ production: boolean, nonce?: string, frameAncestors?: string[], formAction?: string[] }} options
 */
function contentSecurityPolicy({ production, nonce, frameAncestors = ["'none'"], formAction = ["'self'"] }) {
  const scriptSources = [
    "'self'",
    ...(nonce ? [`'nonce-${nonce}'`, "'strict-dynamic'"] : []),
    "'wasm-unsafe-eval'",
    ...(production ? [] : ["'unsafe-eval'"]),
  ];
  return [
    "default-src 'self'",
    `script-src ${scriptSources.join(" ")}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action ${formAction.join(" ")}`,
    `frame-ancestors ${frameAncestors.join(" ")}`,
  ].join("; ");
}

/** @param {{ production: boolean, https: boolean }} options */
function securityHeaders({ production, https }) {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy({ production }) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    ...(https ? [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }] : []),
  ];
}

/** For responses no one may frame (the API, the account pages). */
const DENY_FRAMING = { key: "X-Frame-Options", value: "DENY" };

module.exports = { contentSecurityPolicy, securityHeaders, DENY_FRAMING };
