import { SignJWT } from "jose";
import { platformKeySet } from "@/lib/lti/platform-keys";
import { validateIdToken, type ExpectedToken } from "@/lib/lti/validate-id-token";
import { LtiSigner, LTI_ROLE, strangerKey } from "../../support/lti-signer";

// The id-token checks of the IMS Security Framework, against a platform whose
// JWKS is served over real HTTP (test/support/lti-signer.ts): every refusal
// names its code, and a platform that rotated its key is fetched again.

let signer: LtiSigner;
beforeAll(async () => {
  signer = await new LtiSigner().start();
});
afterAll(() => signer.stop());

const NONCE = "nonce-of-this-login";

/** What the launch expects of this signer: its issuer and client id, the login's nonce, and its keys with no cooldown. */
const expected = (overrides: Partial<ExpectedToken> = {}): ExpectedToken => ({
  issuer: signer.issuer,
  clientId: signer.clientId,
  nonce: NONCE,
  keys: platformKeySet(signer.jwksUrl, { cooldownMs: 0 }),
  ...overrides,
});

describe("validateIdToken", () => {
  it("accepts a resource-link launch and reads its claims", async () => {
    const token = await signer.sign({ nonce: NONCE, roles: [LTI_ROLE.instructor], custom: { chainrule_target: "assessment:a" } });
    const claims = await validateIdToken(token, expected());
    expect(claims).toMatchObject({
      issuer: signer.issuer,
      subject: "student-1",
      messageType: "LtiResourceLinkRequest",
      deploymentId: signer.deploymentId,
      roles: [LTI_ROLE.instructor],
      name: "Ada Lovelace",
      email: "ada@lms.example.edu",
      context: { id: "context-1", label: "DL101", title: "Deep Learning 101" },
      resourceLink: { id: "link-1", title: "Week 7 problems" },
      custom: { chainrule_target: "assessment:a" },
    });
  });

  it("refuses a signature made with a key the platform does not publish, under its kid", async () => {
    const token = await signer.sign({ nonce: NONCE, forgeWith: await strangerKey() });
    await expect(validateIdToken(token, expected())).rejects.toMatchObject({ code: "BAD_SIGNATURE", status: 401 });
  });

  it("refuses a token signed with HS256 (a shared secret) instead of RS256", async () => {
    const token = await new SignJWT(signer.claims({ nonce: NONCE }))
      .setProtectedHeader({ alg: "HS256" })
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode("x".repeat(32)));
    await expect(validateIdToken(token, expected())).rejects.toMatchObject({ code: "BAD_SIGNATURE" });
  });

  it("refuses an expired token, beyond the 60 s clock tolerance", async () => {
    const token = await signer.sign({ nonce: NONCE, expiresIn: -61, issuedAt: Math.floor(Date.now() / 1000) - 300 });
    await expect(validateIdToken(token, expected())).rejects.toMatchObject({ code: "EXPIRED", status: 401 });
  });

  it("refuses a token issued over 10 minutes (and the tolerance) ago even when its exp is later", async () => {
    const token = await signer.sign({ nonce: NONCE, expiresIn: 3600, issuedAt: Math.floor(Date.now() / 1000) - 12 * 60 });
    await expect(validateIdToken(token, expected())).rejects.toMatchObject({ code: "EXPIRED" });
  });

  it("refuses a token addressed to another client id", async () => {
    const token = await signer.sign({ nonce: NONCE, override: { aud: "someone-else", azp: undefined } });
    await expect(validateIdToken(token, expected())).rejects.toMatchObject({ code: "WRONG_AUDIENCE", status: 401 });
  });

  it("refuses several audiences without azp, and accepts them with azp naming the client id", async () => {
    const withoutAzp = await signer.sign({ nonce: NONCE, override: { aud: [signer.clientId, "other"], azp: undefined } });
    await expect(validateIdToken(withoutAzp, expected())).rejects.toMatchObject({ code: "WRONG_AUDIENCE" });
    const otherAzp = await signer.sign({ nonce: NONCE, override: { aud: [signer.clientId, "other"], azp: "other" } });
    await expect(validateIdToken(otherAzp, expected())).rejects.toMatchObject({ code: "WRONG_AUDIENCE" });
    const withAzp = await signer.sign({ nonce: NONCE, override: { aud: [signer.clientId, "other"], azp: signer.clientId } });
    await expect(validateIdToken(withAzp, expected())).resolves.toMatchObject({ subject: "student-1" });
  });

  it("refuses a token from another issuer", async () => {
    const token = await signer.sign({ nonce: NONCE, override: { iss: "https://evil.example" } });
    await expect(validateIdToken(token, expected())).rejects.toMatchObject({ code: "WRONG_ISSUER" });
  });

  it("refuses a token whose nonce is not the login's", async () => {
    const token = await signer.sign({ nonce: "another-nonce" });
    await expect(validateIdToken(token, expected())).rejects.toMatchObject({ code: "NONCE_MISMATCH" });
  });

  it("refuses a kid the platform does not list even after fetching its JWKS again", async () => {
    const before = signer.jwksFetches;
    const token = await signer.sign({ nonce: NONCE, kid: "no-such-kid" });
    await expect(validateIdToken(token, expected())).rejects.toMatchObject({ code: "UNKNOWN_KEY", status: 401 });
    expect(signer.jwksFetches).toBeGreaterThan(before);
  });

  it("accepts a platform's new key after it rotated: the unknown kid makes the cached JWKS be fetched again", async () => {
    const keys = platformKeySet(signer.jwksUrl, { cooldownMs: 0, cacheMaxAgeMs: 60 * 60 * 1000 });
    await validateIdToken(await signer.sign({ nonce: NONCE }), expected({ keys }));
    const fetchesBefore = signer.jwksFetches;
    const oldKid = signer.currentKid;
    const newKid = await signer.rotate();
    expect(newKid).not.toBe(oldKid);
    await expect(validateIdToken(await signer.sign({ nonce: NONCE }), expected({ keys }))).resolves.toMatchObject({ subject: "student-1" });
    expect(signer.jwksFetches).toBe(fetchesBefore + 1);
  });

  it("says the keys could not be fetched when the JWKS URL does not answer", async () => {
    const token = await signer.sign({ nonce: NONCE });
    const keys = platformKeySet("http://127.0.0.1:9/jwks", { cooldownMs: 0 });
    await expect(validateIdToken(token, expected({ keys }))).rejects.toMatchObject({ code: "JWKS_UNAVAILABLE" });
  });

  it("refuses an unknown message type and another LTI version", async () => {
    const type = await signer.sign({
      nonce: NONCE,
      override: { "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiSubmissionReviewRequest" },
    });
    await expect(validateIdToken(type, expected())).rejects.toMatchObject({ code: "UNSUPPORTED_MESSAGE", status: 400 });
    const version = await signer.sign({ nonce: NONCE, override: { "https://purl.imsglobal.org/spec/lti/claim/version": "1.1" } });
    await expect(validateIdToken(version, expected())).rejects.toMatchObject({ code: "UNSUPPORTED_MESSAGE" });
  });

  it("refuses a launch without a user id, a deployment id or a resource link id", async () => {
    for (const claim of [
      "sub",
      "https://purl.imsglobal.org/spec/lti/claim/deployment_id",
      "https://purl.imsglobal.org/spec/lti/claim/resource_link",
    ]) {
      const token = await signer.sign({ nonce: NONCE, override: { [claim]: undefined } });
      await expect(validateIdToken(token, expected())).rejects.toMatchObject({ code: "MISSING_CLAIM" });
    }
  });

  it("refuses text that is not a JWT", async () => {
    await expect(validateIdToken("not-a-token", expected())).rejects.toMatchObject({ code: "INVALID_TOKEN" });
  });
});
