import path from "node:path";
import type { NextAuthOptions } from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { hashPassword } from "@/lib/auth/password";
import { createTestDatabase, type TestDatabase } from "@/test/harness/test-database";

// Session cookies in production: next-auth marks its cookies Secure, with the
// __Secure- and __Host- prefixes, exactly when NEXTAUTH_URL is https. Driven
// here through next-auth's own handler with our auth options, as
// app/api/auth/[...nextauth]/route.ts drives it, signing in a real account
// in a real (SQLite) database: the Set-Cookie headers are the ones a browser
// would get.

// next-auth's core handler and its Response builder, which its App Router
// handler uses; not in the package's export map, so loaded by file.
const nextAuthRoot = path.dirname(require.resolve("next-auth"));
type InternalResponse = { status?: number; body?: unknown };
/* eslint-disable @typescript-eslint/no-require-imports -- files outside the export map, loaded by path */
const { AuthHandler } = require(path.join(nextAuthRoot, "core", "index.js")) as {
  AuthHandler: (params: { req: Record<string, unknown>; options: NextAuthOptions }) => Promise<InternalResponse>;
};
const { toResponse } = require(path.join(nextAuthRoot, "next", "utils.js")) as { toResponse: (response: InternalResponse) => Response };
/* eslint-enable @typescript-eslint/no-require-imports */

const ACCOUNT = { email: "cookie@chainrule.test", password: "a long enough password" };

let database: TestDatabase;
const savedEnv = { ...process.env };

beforeAll(async () => {
  database = await createTestDatabase("sqlite");
  await database.db.user.create({ data: { email: ACCOUNT.email, name: "Cookie", passwordHash: await hashPassword(ACCOUNT.password) } });
  // authorize() reads the app's database through getDb(), which reads these on first use.
  process.env.DATABASE_PROVIDER = "sqlite";
  process.env.DATABASE_URL = database.target.url;
  process.env.NEXTAUTH_SECRET = "cookie-test-secret-0123456789abcdefghijklmnop";
}, 60_000);

afterAll(async () => {
  process.env = savedEnv;
  await database.destroy();
});

type Call = {
  method: "GET" | "POST";
  action: string;
  providerId?: string;
  body?: Record<string, string>;
  cookies?: Record<string, string>;
};

/** One call to next-auth, as the route handler makes it; returns its Set-Cookie headers by cookie name. */
async function callAuth(baseUrl: string, { method, action, providerId, body, cookies = {} }: Call) {
  process.env.NEXTAUTH_URL = baseUrl;
  const host = new URL(baseUrl).host;
  const internal = await AuthHandler({
    req: { method, action, providerId, body, query: {}, cookies, headers: { host, "content-type": "application/x-www-form-urlencoded" } },
    options: { ...authOptions, secret: process.env.NEXTAUTH_SECRET },
  });
  const response = toResponse(internal);
  const setCookies = response.headers.getSetCookie();
  const byName: Record<string, string> = Object.fromEntries(setCookies.map((header) => [header.slice(0, header.indexOf("=")), header]));
  return { status: response.status, body: internal.body as { csrfToken?: string } | undefined, cookies: byName };
}

/** Fetches a CSRF token, then signs in with the password; returns every cookie set on the way. */
async function signInThrough(baseUrl: string) {
  const csrf = await callAuth(baseUrl, { method: "GET", action: "csrf" });
  const [csrfName, csrfHeader] = Object.entries(csrf.cookies).find(([name]) => name.endsWith("next-auth.csrf-token"))!;
  const csrfCookieValue = decodeURIComponent(csrfHeader.slice(csrfName.length + 1).split(";")[0]);
  const signIn = await callAuth(baseUrl, {
    method: "POST",
    action: "callback",
    providerId: "credentials",
    body: { email: ACCOUNT.email, password: ACCOUNT.password, csrfToken: csrf.body!.csrfToken! },
    cookies: { [csrfName]: csrfCookieValue },
  });
  return { status: signIn.status, cookies: { ...csrf.cookies, ...signIn.cookies } };
}

const attributes = (header: string) =>
  header
    .split(";")
    .slice(1)
    .map((part) => part.trim().toLowerCase());

describe("session cookies", () => {
  it("are Secure, HttpOnly and __Secure-/__Host- prefixed when NEXTAUTH_URL is https", async () => {
    const { status, cookies } = await signInThrough("https://chainrule.example.edu");
    expect(status).toBe(302);
    const session = cookies["__Secure-next-auth.session-token"];
    expect(session).toBeDefined();
    // SameSite=None so that it reaches Chainrule inside an LMS's iframe (lib/auth/session-cookie-settings.ts).
    expect(attributes(session)).toEqual(expect.arrayContaining(["secure", "httponly", "samesite=none", "path=/"]));
    // __Host-: Secure, Path=/ and no Domain, so no subdomain can set or read it.
    const csrf = cookies["__Host-next-auth.csrf-token"];
    expect(attributes(csrf)).toEqual(expect.arrayContaining(["secure", "httponly", "path=/"]));
    expect(attributes(csrf).some((attribute) => attribute.startsWith("domain="))).toBe(false);
    expect(attributes(cookies["__Secure-next-auth.callback-url"])).toContain("secure");
    // No cookie at all goes out without Secure.
    expect(Object.keys(cookies).every((name) => name.startsWith("__Secure-") || name.startsWith("__Host-"))).toBe(true);
  }, 30_000);

  it("are neither Secure nor prefixed for a plain-http development address, where a browser would drop Secure cookies", async () => {
    const { status, cookies } = await signInThrough("http://localhost:3000");
    expect(status).toBe(302);
    const session = cookies["next-auth.session-token"];
    expect(session).toBeDefined();
    expect(attributes(session)).toEqual(expect.arrayContaining(["httponly", "samesite=lax"]));
    expect(attributes(session)).not.toContain("secure");
    expect(Object.keys(cookies).some((name) => name.startsWith("__Secure-") || name.startsWith("__Host-"))).toBe(false);
  }, 30_000);
});
