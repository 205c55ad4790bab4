import "server-only";
import { hkdfSync } from "node:crypto";
import { serverEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

// The key that encrypts the LTI tool's private keys at rest
// (LtiToolKey.privateKeyEncrypted): a copy of the database alone cannot sign
// as Chainrule. It is derived with HKDF-SHA256 from CHAINRULE_LTI_KEY_SECRET
// (at least 32 characters; lib/env.ts stops the start-up on a shorter one).
//
// Production without the variable: LTI is off, and its routes answer 503
// saying to set it (a site that does not use an LMS needs nothing). In
// development and tests it falls back to NEXTAUTH_SECRET, or to a fixed
// development value, so that `npm run dev` works out of the box; keys made
// that way are unreadable once the real secret is set, and are replaced by
// rotating (docs/lti.md).

const DEVELOPMENT_SECRET = "chainrule-development-only-lti-key-secret";
const LABEL = "Chainrule LTI tool key encryption";

export const MISSING_LTI_KEY_SECRET =
  "LTI is not enabled on this server: its administrator must set CHAINRULE_LTI_KEY_SECRET " +
  "(a random string of at least 32 characters, for example `openssl rand -base64 32`) and restart it.";

/** The secret to derive from, or null when LTI is off (production without CHAINRULE_LTI_KEY_SECRET). */
export function ltiKeySecretSource(env = serverEnv()): string | null {
  const configured = env.CHAINRULE_LTI_KEY_SECRET;
  if (configured) return configured;
  if (env.NODE_ENV === "production") return null;
  return env.NEXTAUTH_SECRET || DEVELOPMENT_SECRET;
}

const derived = new Map<string, Uint8Array>();

/** The 256-bit key for the private keys' JWE (dir, A256GCM); UNAVAILABLE (503) when LTI is off. */
export function ltiKeyEncryptionKey(env = serverEnv()): Uint8Array {
  const source = ltiKeySecretSource(env);
  if (source === null) throw new AppError("UNAVAILABLE", MISSING_LTI_KEY_SECRET);
  let key = derived.get(source);
  if (!key) {
    key = new Uint8Array(hkdfSync("sha256", source, "", LABEL, 32));
    derived.set(source, key);
  }
  return key;
}

/**
 * The start-up check (instrumentation.ts): a production server with platforms
 * registered but no CHAINRULE_LTI_KEY_SECRET would serve launches it can no
 * longer sign for, so it is a configuration error, with what to set. Null when
 * all is well, or when the database cannot be asked (its own checks report that).
 */
export async function ltiStartupProblem(countPlatforms: () => Promise<number>, env = serverEnv()): Promise<string | null> {
  if (ltiKeySecretSource(env) !== null) return null;
  // Through then(), so that a client that cannot even be made (a bad DATABASE_URL) counts as "cannot be asked" too.
  const platforms = await Promise.resolve()
    .then(countPlatforms)
    .catch(() => 0);
  if (platforms === 0) return null;
  return `Chainrule cannot start:\n- CHAINRULE_LTI_KEY_SECRET: ${platforms} LMS platform(s) are registered, so LTI needs it: ${MISSING_LTI_KEY_SECRET}`;
}
