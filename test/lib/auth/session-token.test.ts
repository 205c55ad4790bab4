// Session tokens decoded once per token (lib/auth/session-token.ts), with
// tokens minted by next-auth's own encoder as a sign-in would mint them.
import * as jose from "jose";
import * as jwt from "next-auth/jwt";
import { claimsOfToken } from "@/lib/auth/session-token";

const SECRET = "a-test-secret-of-at-least-thirty-two-characters";
const mint = (claims: Record<string, unknown>, maxAge = 3600, secret = SECRET) => jwt.encode({ token: claims, secret, maxAge });

describe("session token claims", () => {
  afterEach(() => jest.restoreAllMocks());

  it("reads who signed in from a token next-auth minted", async () => {
    const token = await mint({ userId: "u-1", email: "student@chainrule.test", name: "Student" });
    const claims = await claimsOfToken(token, SECRET);
    expect(claims).toMatchObject({ userId: "u-1", email: "student@chainrule.test", name: "Student" });
    expect(claims!.expiresAt).toBeGreaterThan(Date.now() + 3500_000);
  });

  it("decodes a token once, then answers from memory", async () => {
    const token = await mint({ userId: "u-2", email: "", name: "" });
    const decode = jest.spyOn(jose, "jwtDecrypt");
    const first = await claimsOfToken(token, SECRET);
    const second = await claimsOfToken(token, SECRET);
    expect(second).toBe(first);
    expect(decode).toHaveBeenCalledTimes(1);
  });

  it("refuses a token that was tampered with, or made with another secret", async () => {
    const token = await mint({ userId: "u-3" });
    const tampered = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect(await claimsOfToken(tampered, SECRET)).toBeNull();
    expect(await claimsOfToken(await mint({ userId: "u-3" }, 3600, "another-secret-of-at-least-thirty-two-chars"), SECRET)).toBeNull();
  });

  it("does not accept a remembered token with a different secret", async () => {
    const token = await mint({ userId: "u-4" });
    expect(await claimsOfToken(token, SECRET)).not.toBeNull();
    expect(await claimsOfToken(token, "another-secret-of-at-least-thirty-two-chars")).toBeNull();
  });

  it("refuses an expired token, and a remembered one once it expires", async () => {
    expect(await claimsOfToken(await mint({ userId: "u-5" }, -60), SECRET)).toBeNull();
    const token = await mint({ userId: "u-6" }, 120);
    expect(await claimsOfToken(token, SECRET)).not.toBeNull();
    expect(await claimsOfToken(token, SECRET, Date.now() + 121_000)).toBeNull();
  });

  it("refuses a valid token that names no user", async () => {
    expect(await claimsOfToken(await mint({ email: "nobody@chainrule.test" }), SECRET)).toBeNull();
  });
});
