// Types for security-headers.js, which stays CommonJS for next.config.js.
/**
 * `frameAncestors`: the sources allowed to frame the response; `'none'` when left out.
 * `formAction`: where the page's forms may post; `'self'` when left out.
 */
export function contentSecurityPolicy(options: {
  production: boolean;
  nonce?: string;
  frameAncestors?: string[];
  formAction?: string[];
}): string;
export function securityHeaders(options: { production: boolean; https: boolean }): { key: string; value: string }[];
export const DENY_FRAMING: { key: "X-Frame-Options"; value: "DENY" };
