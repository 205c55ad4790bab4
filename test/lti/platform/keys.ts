/**
 * The platform's RS256 signing keys and the JWKS it publishes. Rotation
 * replaces the key and drops the old one from the JWKS at once, which is the
 * harshest case a tool meets: a launch signed before the rotation no longer
 * verifies, and one signed after it carries a `kid` the tool has not seen.
 */
import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK, type KeyLike } from "jose";

export interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
}

export async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  return { kid, privateKey, publicJwk };
}

export class PlatformKeys {
  private constructor(private active: SigningKey) {}

  static async create(): Promise<PlatformKeys> {
    return new PlatformKeys(await newSigningKey());
  }

  get current(): SigningKey {
    return this.active;
  }

  /** A new key with a new `kid`; the old key leaves the JWKS at once. */
  async rotate(): Promise<SigningKey> {
    this.active = await newSigningKey();
    return this.active;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.active.publicJwk] };
  }
}
