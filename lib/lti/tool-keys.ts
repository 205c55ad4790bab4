import "server-only";
import { randomUUID } from "node:crypto";
import { CompactEncrypt, compactDecrypt, exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from "jose";
import type { Db } from "@/lib/db/client";
import { ltiKeyEncryptionKey } from "./key-secret";

// The tool's own RS256 keys (LtiToolKey): they sign what Chainrule sends a
// platform (AGS and NRPS client assertions, deep-linking responses), and
// /api/lti/jwks publishes their public halves.
//
// A key is "next" from its creation, "active" once rotation promotes it, and
// "retired" when the one after it is promoted. The JWKS lists all three, so a
// platform that caches it has seen a key before anything is signed with it,
// and what an old key signed just before a rotation still verifies for
// RETIRED_KEY_PUBLISHED_MS. Private keys are stored as a compact JWE (dir,
// A256GCM) under the key from CHAINRULE_LTI_KEY_SECRET (key-secret.ts).

export const TOOL_KEY_ALGORITHM = "RS256";

/** How long a retired key stays in the JWKS: far longer than anything it signed lives (assertions: 5 minutes). */
export const RETIRED_KEY_PUBLISHED_MS = 24 * 60 * 60 * 1000;

export interface PublicToolJwk extends JWK {
  kid: string;
  alg: typeof TOOL_KEY_ALGORITHM;
  use: "sig";
}

async function newKeyRow(db: Db, activatedAt: Date | null) {
  const { publicKey, privateKey } = await generateKeyPair(TOOL_KEY_ALGORITHM, { modulusLength: 2048, extractable: true });
  const kid = randomUUID();
  const publicJwk: PublicToolJwk = { ...(await exportJWK(publicKey)), kid, alg: TOOL_KEY_ALGORITHM, use: "sig" };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: TOOL_KEY_ALGORITHM };
  const privateKeyEncrypted = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(privateJwk)))
    .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid })
    .encrypt(ltiKeyEncryptionKey());
  return db.ltiToolKey.create({ data: { kid, publicJwk: publicJwk as object, privateKeyEncrypted, activatedAt } });
}

/**
 * Makes the first keys when there are none: an active one and the next one.
 * Two instances racing here may both make a pair; that is harmless (every
 * key is published, and the newest active one signs).
 */
export async function ensureToolKeys(db: Db, now = new Date()): Promise<void> {
  const active = await db.ltiToolKey.count({ where: { activatedAt: { not: null }, retiredAt: null } });
  if (active === 0) await newKeyRow(db, now);
  const next = await db.ltiToolKey.count({ where: { activatedAt: null, retiredAt: null } });
  if (next === 0) await newKeyRow(db, null);
}

/** The public keys /api/lti/jwks lists: next, active, and those retired less than RETIRED_KEY_PUBLISHED_MS ago. */
export async function publishedToolKeys(db: Db, now = new Date()): Promise<{ keys: PublicToolJwk[] }> {
  await ensureToolKeys(db, now);
  const rows = await db.ltiToolKey.findMany({
    where: { OR: [{ retiredAt: null }, { retiredAt: { gt: new Date(now.getTime() - RETIRED_KEY_PUBLISHED_MS) } }] },
    orderBy: { createdAt: "asc" },
    select: { publicJwk: true },
  });
  return { keys: rows.map((row) => row.publicJwk as unknown as PublicToolJwk) };
}

export interface ToolSigningKey {
  kid: string;
  key: KeyLike | Uint8Array;
}

/** The key that signs now: the newest active one, decrypted. */
export async function toolSigningKey(db: Db, now = new Date()): Promise<ToolSigningKey> {
  await ensureToolKeys(db, now);
  const row = await db.ltiToolKey.findFirstOrThrow({
    where: { activatedAt: { not: null }, retiredAt: null },
    orderBy: { activatedAt: "desc" },
  });
  const { plaintext } = await compactDecrypt(row.privateKeyEncrypted, ltiKeyEncryptionKey());
  const jwk = JSON.parse(new TextDecoder().decode(plaintext)) as JWK;
  return { kid: row.kid, key: await importJWK(jwk, TOOL_KEY_ALGORITHM) };
}

export interface RotationResult {
  /** The key that signs from now on (the former next key). */
  activeKid: string;
  /** The newly made next key, published before it is used. */
  nextKid: string;
  /** The keys that stopped signing; still published for RETIRED_KEY_PUBLISHED_MS. */
  retiredKids: string[];
}

/**
 * Promotes the next key to active, retires the active ones and makes a new
 * next key, in one transaction (a racing rotation waits, then rotates again).
 * Audited with the acting user.
 */
export async function rotateToolKeys(db: Db, actorId: string | null, now = new Date()): Promise<RotationResult> {
  await ensureToolKeys(db, now);
  // The new next key is made outside the transaction: RSA generation takes ~100 ms, too long to hold SQLite's lock.
  const nextOfNext = await newKeyRow(db, null);
  return db.$transaction(async (tx) => {
    const retiring = await tx.ltiToolKey.findMany({ where: { activatedAt: { not: null }, retiredAt: null }, select: { kid: true } });
    const promoted = await tx.ltiToolKey.findFirstOrThrow({
      where: { activatedAt: null, retiredAt: null, kid: { not: nextOfNext.kid } },
      orderBy: { createdAt: "asc" },
    });
    await tx.ltiToolKey.updateMany({ where: { kid: { in: retiring.map((k) => k.kid) } }, data: { retiredAt: now } });
    await tx.ltiToolKey.update({ where: { kid: promoted.kid }, data: { activatedAt: now } });
    const result = { activeKid: promoted.kid, nextKid: nextOfNext.kid, retiredKids: retiring.map((k) => k.kid) };
    await tx.auditLog.create({
      data: { actorId, action: "lti.keys.rotate", entityType: "LtiToolKey", entityId: promoted.kid, after: result },
    });
    return result;
  });
}
