import "server-only";
import { hkdfSync } from "node:crypto";
import { jwtDecrypt } from "jose";
import { cookies, headers } from "next/headers";
import { getToken } from "next-auth/jwt";
import { LruCache } from "@/grader/lru-cache";

// The session cookie, read on the server, decoded once per token.
//
// Not next-auth's getServerSession, which on every request derives a key,
// decrypts, runs the jwt callback (a roles query) and encrypts a new token
// nobody receives. The checks need only who the user is (roles are read
// from the database in lib/auth/session.ts or the placement's query), and a
// token's payload never changes, so it is kept per token until it expires.
// A new token is decrypted as next-auth's `decode` does, with the key
// derived once (test/lib/auth/session-token.test.ts checks against
// next-auth's own encoder).

/** next-auth v4's encryption key: HKDF-SHA256 of the secret, empty salt, its fixed label, 32 bytes. */
const keys = new Map<string, Uint8Array>();
function encryptionKey(secret: string): Uint8Array {
  let key = keys.get(secret);
  if (!key) {
    key = new Uint8Array(hkdfSync("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32));
    keys.set(secret, key);
  }
  return key;
}

/** next-auth's `decode`, with the derived key: A256GCM-encrypted JWT, 15 s of clock tolerance. */
async function decode(token: string, secret: string) {
  const { payload } = await jwtDecrypt(token, encryptionKey(secret), { clockTolerance: 15 });
  return payload;
}

export interface SessionClaims {
  userId: string;
  email: string;
  name: string;
  /** The user's sessionVersion when the token was issued (0 for tokens from before versions existed). */
  sessionVersion: number;
  /** When the token expires, in ms since the epoch. */
  expiresAt: number;
}

/** Decoded tokens kept per process: a deadline rush's students, with room to spare. */
const DECODED_TOKENS = 10_000;
const decoded = new LruCache<{ claims: SessionClaims; secret: string }>(DECODED_TOKENS);

/** The claims a session token carries, or null when it is invalid, expired or not a session of this app's. */
export async function claimsOfToken(token: string, secret: string, now = Date.now()): Promise<SessionClaims | null> {
  const cached = decoded.get(token);
  // A token is only as good as the secret it was decoded with.
  if (cached && cached.secret === secret) return cached.claims.expiresAt > now ? cached.claims : null;
  let payload;
  try {
    payload = await decode(token, secret);
  } catch {
    return null; // tampered, signed with another secret, or expired
  }
  if (!payload || typeof payload.userId !== "string" || payload.userId === "") return null;
  const claims: SessionClaims = {
    userId: payload.userId,
    email: typeof payload.email === "string" ? payload.email : "",
    name: typeof payload.name === "string" ? payload.name : "",
    sessionVersion: Number.isSafeInteger(payload.sessionVersion) ? (payload.sessionVersion as number) : 0,
    expiresAt: typeof payload.exp === "number" ? payload.exp * 1000 : now,
  };
  if (claims.expiresAt <= now) return null;
  decoded.set(token, { claims, secret });
  return claims;
}

/** The current request's session claims, from its cookie (chunked or not, secure name or not, as next-auth sets it). */
export async function requestSessionClaims(): Promise<SessionClaims | null> {
  const secret = process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET;
  if (!secret) return null;
  const jar = await cookies();
  const req = { headers: await headers(), cookies: Object.fromEntries(jar.getAll().map((cookie) => [cookie.name, cookie.value])) };
  const token = await getToken({ req: req as never, secret, raw: true });
  return token ? claimsOfToken(token, secret) : null;
}
