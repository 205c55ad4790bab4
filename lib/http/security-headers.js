// Security headers for every response (next.config.js). CommonJS because
// next.config.js loads it before any TypeScript is compiled.
//
// The Content-Security-Policy keeps everything same-origin. Its allowances,
// each needed by something on our pages:
// - script-src 'unsafe-inline': Next's App Router streams inline hydration
//   scripts; a nonce per request (set in proxy.ts) would remove this.
// - script-src 'wasm-unsafe-eval': the engine compiles its WebAssembly matrix
//   kernel in the browser, for the editor's try-an-answer box.
// - style-src 'unsafe-inline': KaTeX positions glyphs with style attributes.
// - font-src data:: KaTeX's CSS may inline small fonts.
// - 'unsafe-eval' in development only: React Refresh needs it.

/** @param {{ production: boolean, https: boolean }} options */
function securityHeaders({ production, https }) {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'${production ? "" : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return [
    { key: "Content-Security-Policy", value: csp },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    ...(https ? [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }] : []),
  ];
}

module.exports = { securityHeaders };
