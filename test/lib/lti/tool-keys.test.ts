import { compactDecrypt, createLocalJWKSet, jwtVerify, SignJWT } from "jose";
import { ltiKeyEncryptionKey, ltiKeySecretSource, ltiStartupProblem } from "@/lib/lti/key-secret";
import { publishedToolKeys, RETIRED_KEY_PUBLISHED_MS, rotateToolKeys, toolSigningKey } from "@/lib/lti/tool-keys";
import { parseServerEnv } from "@/lib/env";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "@/test/harness/test-database";

// The tool's own keys: published before they sign, still published after
// they stop, and stored encrypted.

/** What the tool signs for a platform (an AGS client assertion), with the key that signs now. */
async function signAssertion(testDb: TestDatabase) {
  const { kid, key } = await toolSigningKey(testDb.db);
  const jwt = await new SignJWT({ sub: "chainrule-client" })
    .setProtectedHeader({ alg: "RS256", kid })
    .setAudience("https://lms.example.edu/token")
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(key);
  return { kid, jwt };
}

describeEachDatabase("the tool's LTI keys", (provider) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
  }, 60_000);
  afterAll(() => testDb?.destroy());

  it("publishes an active and a next RS256 key, and signs with the active one", async () => {
    const { keys } = await publishedToolKeys(testDb.db);
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: expect.any(String) });
    for (const key of keys) expect(key).not.toHaveProperty("d");
    const { kid, jwt } = await signAssertion(testDb);
    expect(keys.map((k) => k.kid)).toContain(kid);
    await expect(jwtVerify(jwt, createLocalJWKSet({ keys }))).resolves.toBeTruthy();
  });

  it("after a rotation signs with the key that was already published as next, and still verifies what the old key signed", async () => {
    const before = await publishedToolKeys(testDb.db);
    const inFlight = await signAssertion(testDb);
    const rotation = await rotateToolKeys(testDb.db, null);
    expect(rotation.retiredKids).toEqual([inFlight.kid]);
    expect(before.keys.map((k) => k.kid)).toContain(rotation.activeKid);

    const after = await publishedToolKeys(testDb.db);
    expect(after.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([inFlight.kid, rotation.activeKid, rotation.nextKid]));
    await expect(jwtVerify(inFlight.jwt, createLocalJWKSet(after))).resolves.toBeTruthy();
    expect((await signAssertion(testDb)).kid).toBe(rotation.activeKid);
    const audit = await testDb.db.auditLog.findFirst({ where: { action: "lti.keys.rotate" } });
    expect(audit?.entityId).toBe(rotation.activeKid);
  });

  it("stops publishing a retired key a day after it retired", async () => {
    const { retiredKids } = await rotateToolKeys(testDb.db, null);
    const later = new Date(Date.now() + RETIRED_KEY_PUBLISHED_MS + 60_000);
    const published = (await publishedToolKeys(testDb.db, later)).keys.map((k) => k.kid);
    for (const kid of retiredKids) expect(published).not.toContain(kid);
    expect(published).toHaveLength(2);
  });

  it("stores private keys only encrypted, readable with the key from CHAINRULE_LTI_KEY_SECRET and no other", async () => {
    const row = await testDb.db.ltiToolKey.findFirstOrThrow();
    expect(row.privateKeyEncrypted.split(".")).toHaveLength(5);
    expect(row.privateKeyEncrypted).not.toContain('"d"');
    const { plaintext } = await compactDecrypt(row.privateKeyEncrypted, ltiKeyEncryptionKey());
    expect(JSON.parse(new TextDecoder().decode(plaintext))).toHaveProperty("d");
    const otherKey = ltiKeyEncryptionKey(parseServerEnv({ NODE_ENV: "test", CHAINRULE_LTI_KEY_SECRET: "another-secret-".repeat(3) }));
    await expect(compactDecrypt(row.privateKeyEncrypted, otherKey)).rejects.toThrow();
  });
});

describe("the LTI key secret", () => {
  it("is required in production: without it LTI is off and says what to set", () => {
    const env = parseServerEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(40) });
    expect(ltiKeySecretSource(env)).toBeNull();
    expect(() => ltiKeyEncryptionKey(env)).toThrow(/CHAINRULE_LTI_KEY_SECRET/);
  });

  it("stops the start-up when it is shorter than 32 characters", () => {
    expect(() => parseServerEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(40), CHAINRULE_LTI_KEY_SECRET: "short" })).toThrow(
      /CHAINRULE_LTI_KEY_SECRET: must be a random string of at least 32 characters/,
    );
  });

  it("falls back to NEXTAUTH_SECRET in development", () => {
    expect(ltiKeySecretSource(parseServerEnv({ NODE_ENV: "development", NEXTAUTH_SECRET: "dev-secret" }))).toBe("dev-secret");
  });
});

describe("the LTI start-up check", () => {
  const production = parseServerEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(40) });

  it("stops a production server that has platforms registered but no CHAINRULE_LTI_KEY_SECRET, saying what to set", async () => {
    await expect(ltiStartupProblem(async () => 2, production)).resolves.toMatch(
      /CHAINRULE_LTI_KEY_SECRET: 2 LMS platform\(s\) are registered.*openssl rand/s,
    );
  });

  it("lets it start with no platforms, with the secret, or when the database cannot be asked", async () => {
    await expect(ltiStartupProblem(async () => 0, production)).resolves.toBeNull();
    const withSecret = parseServerEnv({
      NODE_ENV: "production",
      NEXTAUTH_SECRET: "x".repeat(40),
      CHAINRULE_LTI_KEY_SECRET: "y".repeat(40),
    });
    await expect(ltiStartupProblem(async () => 2, withSecret)).resolves.toBeNull();
    await expect(ltiStartupProblem(() => Promise.reject(new Error("down")), production)).resolves.toBeNull();
    const noClient = () => {
      throw new Error("DATABASE_URL is not a postgresql:// URL");
    };
    await expect(ltiStartupProblem(noClient, production)).resolves.toBeNull();
  });
});
