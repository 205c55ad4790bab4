// Types for security-headers.js, which stays CommonJS for next.config.js.
export function contentSecurityPolicy(options: { production: boolean; nonce?: string }): string;
export function securityHeaders(options: { production: boolean; https: boolean }): { key: string; value: string }[];
