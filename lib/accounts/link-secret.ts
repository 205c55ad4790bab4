import "server-only";
import { createHash, randomBytes } from "node:crypto";

// The secret in an account link: 256 random bits from the operating system's
// generator, base64url so that it travels in a URL unchanged. Only its
// SHA-256 is stored: the secret has full entropy, so a plain hash (no salt,
// no slow hash) is enough to make a stolen database useless for claiming.

export function newLinkSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function hashLinkSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** A well-formed secret: exactly what newLinkSecret makes (43 base64url characters); anything else is looked up as nothing. */
export function isLinkSecret(candidate: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(candidate);
}
