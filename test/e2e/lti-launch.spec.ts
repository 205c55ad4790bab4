import { expect, test, type APIRequestContext } from "@playwright/test";
import bcrypt from "bcryptjs";
import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startExpectingRefusal } from "./support/refused-start";
import { E2E_DATABASE_FILE } from "./support/server-settings";
import { signIn } from "./support/sign-in";
import { LtiSigner, LTI_ROLE, strangerKey, type LaunchTokenOptions } from "../support/lti-signer";

// LTI 1.3 over real HTTP against the production build: a site admin
// registers a platform on /author/lti, an instructor's first launch links
// the LMS course on /lti/link-course, a student launches from it in the
// browser (login initiation → the platform's authorization page → the
// launch) and is signed in; every refusal is an HTML page with its 4xx; the
// tool's JWKS and its rotation. The platform is test/support/lti-signer.ts,
// serving its JWKS and authorization page on a port of its own.

const ADMIN = { email: `lti-admin-${randomUUID()}@chainrule.test`, password: "lti-admin-password" };

/** A site admin who also teaches a course of their own (the page sits under /author, which is for instructors). */
function addAdmin(): void {
  const db = new Database(E2E_DATABASE_FILE);
  try {
    const now = new Date().toISOString();
    const [userId, courseId] = [`e2e${randomUUID().replaceAll("-", "")}`, `e2e${randomUUID().replaceAll("-", "")}`];
    db.prepare(
      "INSERT INTO User (id, email, name, passwordHash, isAdmin, createdAt, updatedAt) VALUES (?, ?, 'Ada Admin', ?, 1, ?, ?)",
    ).run(userId, ADMIN.email, bcrypt.hashSync(ADMIN.password, 10), now, now);
    db.prepare("INSERT INTO Course (id, slug, title, createdAt, updatedAt) VALUES (?, ?, 'Admin course', ?, ?)").run(
      courseId,
      `admin-${courseId}`,
      now,
      now,
    );
    db.prepare("INSERT INTO Enrollment (id, userId, courseId, role, createdAt) VALUES (?, ?, ?, 'INSTRUCTOR', ?)").run(
      `e2e${randomUUID().replaceAll("-", "")}`,
      userId,
      courseId,
      now,
    );
  } finally {
    db.close();
  }
}

let signer: LtiSigner;

test.beforeAll(async () => {
  signer = await new LtiSigner(`https://lms-${randomUUID().slice(0, 8)}.e2e.test`).start();
  addAdmin();
});
test.afterAll(() => signer?.stop());

/** Starts a login as the LMS would and returns the state, the nonce to sign and the request context holding the state cookie. */
async function login(request: APIRequestContext) {
  const response = await request.get("/api/lti/login", {
    params: { iss: signer.issuer, login_hint: "hint", target_link_uri: "http://127.0.0.1/api/lti/launch", client_id: signer.clientId },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  const location = new URL(response.headers()["location"]);
  return { state: location.searchParams.get("state")!, nonce: location.searchParams.get("nonce")!, location };
}

/** Posts a launch signed with `options` for a fresh login; returns the response (not followed). */
async function postLaunch(request: APIRequestContext, options: Omit<LaunchTokenOptions, "nonce">, { withState = true } = {}) {
  const { state, nonce } = await login(request);
  const idToken = await signer.sign({ nonce, ...options });
  const response = await request.post("/api/lti/launch", {
    form: withState ? { id_token: idToken, state } : { id_token: idToken },
    maxRedirects: 0,
  });
  return { response, state, idToken };
}

async function expectRefusal(response: Awaited<ReturnType<APIRequestContext["post"]>>, code: string, status: number) {
  expect(response.status()).toBe(status);
  expect(response.headers()["content-type"]).toContain("text/html");
  const html = await response.text();
  expect(html).toContain(`<code id="lti-error-code">${code}</code>`);
  expect(html).toContain("What to tell your LMS administrator");
}

test.describe.serial("LTI 1.3", () => {
  test("an admin registers the platform on /author/lti, which shows the values to paste into the LMS", async ({ page, baseURL }) => {
    await signIn(page, ADMIN.email, ADMIN.password);
    await expect(page).not.toHaveURL(/\/signin/);
    await page.goto("/author/lti");
    await expect(page.getByTestId("tool-login-url")).toHaveText(`${baseURL}/api/lti/login`);
    await expect(page.getByTestId("tool-redirect-uri")).toHaveText(`${baseURL}/api/lti/launch`);
    await expect(page.getByTestId("tool-jwks-url")).toHaveText(`${baseURL}/api/lti/jwks`);

    const registration = signer.registration();
    const form = page.getByRole("form", { name: "Register a platform" });
    // A plain-http JWKS URL off this machine is refused, naming the field.
    await form.getByLabel("Name (for you)").fill("E2E LMS");
    await form.getByLabel("Issuer (iss)").fill(registration.issuer);
    await form.getByLabel("Client id").fill(registration.clientId);
    await form.getByLabel("OIDC authorization (login) URL").fill(registration.authLoginUrl);
    await form.getByLabel("Access token URL").fill(registration.accessTokenUrl);
    await form.getByLabel("Public keyset (JWKS) URL").fill("http://lms.example.edu/jwks");
    await form.getByLabel("Deployment ids (one per line)").fill(registration.deploymentIds.join("\n"));
    await form.getByRole("button", { name: "Register platform" }).click();
    await expect(form.getByRole("alert")).toContainText("jwksUrl: the address must start with https://");

    await form.getByLabel("Public keyset (JWKS) URL").fill(registration.jwksUrl);
    await form.getByRole("button", { name: "Register platform" }).click();
    await expect(page.getByText("E2E LMS")).toBeVisible();
    const listed = (await (await page.request.get("/api/staff/lti/platforms")).json()) as {
      platforms: { issuer: string; deploymentIds: string[] }[];
    };
    expect(listed.platforms.find((p) => p.issuer === registration.issuer)).toMatchObject({ deploymentIds: registration.deploymentIds });
  });

  test("before an instructor links the LMS course a student is told so; the instructor's first launch links it on a page", async ({
    page,
    playwright,
    baseURL,
  }) => {
    const request = await playwright.request.newContext({ baseURL });
    await expectRefusal((await postLaunch(request, { sub: `early-student-${randomUUID()}` })).response, "COURSE_NOT_LINKED", 409);

    // A second instructor's pending link is theirs alone: another signed-in person posting it is refused.
    const otherTeacher = await postLaunch(request, { sub: `other-teacher-${randomUUID()}`, roles: [LTI_ROLE.instructor] });
    expect(otherTeacher.response.status()).toBe(303);
    const otherPending = new URL(otherTeacher.response.headers()["location"]).searchParams.get("pending")!;
    await request.dispose();

    signer.nextLaunch = { sub: `linking-teacher-${randomUUID()}`, roles: [LTI_ROLE.instructor], name: "Linking Teacher" };
    const loginUrl = `/api/lti/login?${new URLSearchParams({ iss: signer.issuer, login_hint: "hint", target_link_uri: "x", client_id: signer.clientId })}`;
    await page.goto(loginUrl);
    await expect(page).toHaveURL(/\/lti\/link-course\?pending=/);
    await expect(page.getByRole("heading", { name: "Link “Deep Learning 101” to Chainrule" })).toBeVisible();
    const stolen = await page.request.post("/api/lti/course-link", { data: { pending: otherPending, courseId: null } });
    expect(stolen.status()).toBe(403);
    expect(((await stolen.json()) as { error: { message: string } }).error.message).toContain("belongs to whoever launched it");

    await page.getByLabel("a new, empty Chainrule course").check();
    await page.getByRole("button", { name: "Link", exact: true }).click();
    await expect(page).toHaveURL(/\/author$/);
    const me = (await (await page.request.get("/api/me")).json()) as { user: { memberships: { role: string }[] } };
    expect(me.user.memberships).toEqual([expect.objectContaining({ role: "INSTRUCTOR" })]);
    signer.nextLaunch = {};
  });

  test("a student launches from the LMS in the browser, lands on the course page and is signed in", async ({ page }) => {
    signer.nextLaunch = { sub: `browser-student-${randomUUID()}`, email: `student-${randomUUID()}@lms.e2e.test`, name: "Browser Student" };
    const loginUrl = `/api/lti/login?${new URLSearchParams({ iss: signer.issuer, login_hint: "hint", target_link_uri: "x", client_id: signer.clientId })}`;
    await page.goto(loginUrl);
    await expect(page).toHaveURL(/\/courses$/);
    const me = (await (await page.request.get("/api/me")).json()) as {
      user: { name: string; email: string; memberships: { role: string }[] };
    };
    expect(me.user).toMatchObject({ name: "Browser Student", email: signer.nextLaunch.email, memberships: [{ role: "STUDENT" }] });
  });

  test("a second launch of the same person reuses their account, and the session cookie it sets is the app's", async ({
    playwright,
    baseURL,
  }) => {
    const request = await playwright.request.newContext({ baseURL });
    const sub = `api-student-${randomUUID()}`;
    const first = await postLaunch(request, { sub, roles: [LTI_ROLE.instructor] });
    expect(first.response.status()).toBe(303);
    expect(first.response.headers()["location"]).toMatch(/\/author$/);
    const firstMe = (await (await request.get("/api/me")).json()) as { user: { id: string; memberships: { role: string }[] } };
    expect(firstMe.user.memberships).toEqual([expect.objectContaining({ role: "INSTRUCTOR" })]);
    const second = await postLaunch(request, { sub, roles: [LTI_ROLE.instructor] });
    expect(second.response.status()).toBe(303);
    const secondMe = (await (await request.get("/api/me")).json()) as { user: { id: string } };
    expect(secondMe.user.id).toBe(firstMe.user.id);
    await request.dispose();
  });

  test("refuses each bad launch with its page and status", async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({ baseURL });
    // Replayed: the same form posted again, with the state cookie the good launch cleared sent again by hand.
    const good = await postLaunch(request, { sub: `replay-${randomUUID()}` });
    expect(good.response.status()).toBe(303);
    const replayer = await playwright.request.newContext({ baseURL });
    const replay = await replayer.post("/api/lti/launch", {
      form: { id_token: good.idToken, state: good.state },
      headers: { cookie: `chainrule-lti-state-${good.state}=${good.state}` },
      maxRedirects: 0,
    });
    await expectRefusal(replay, "REPLAYED_NONCE", 401);
    await replayer.dispose();
    // The browser that launched no longer holds the state: posting again from it is a stale sign-in.
    await expectRefusal(
      await request.post("/api/lti/launch", { form: { id_token: good.idToken, state: good.state }, maxRedirects: 0 }),
      "MISSING_STATE",
      400,
    );

    await expectRefusal((await postLaunch(request, { forgeWith: await strangerKey() })).response, "BAD_SIGNATURE", 401);
    await expectRefusal(
      (await postLaunch(request, { expiresIn: -120, issuedAt: Math.floor(Date.now() / 1000) - 300 })).response,
      "EXPIRED",
      401,
    );
    await expectRefusal((await postLaunch(request, { override: { aud: "another-tool", azp: undefined } })).response, "WRONG_AUDIENCE", 401);
    await expectRefusal((await postLaunch(request, { deploymentId: "not-registered" })).response, "UNKNOWN_DEPLOYMENT", 403);
    await expectRefusal((await postLaunch(request, {}, { withState: false })).response, "MISSING_STATE", 400);
    await expectRefusal((await postLaunch(request, { kid: "no-such-kid" })).response, "UNKNOWN_KEY", 401);

    // Without the state cookie (another browser posting this one's launch).
    const { state, nonce } = await login(request);
    const stranger = await playwright.request.newContext({ baseURL });
    const stolen = await stranger.post("/api/lti/launch", { form: { id_token: await signer.sign({ nonce }), state }, maxRedirects: 0 });
    await expectRefusal(stolen, "MISSING_STATE", 400);
    // An issuer nobody registered.
    const unknown = await stranger.get("/api/lti/login", {
      params: { iss: "https://unknown.e2e.test", login_hint: "h", target_link_uri: "x" },
      maxRedirects: 0,
    });
    await expectRefusal(unknown, "UNKNOWN_PLATFORM", 400);
    await stranger.dispose();
    await request.dispose();
  });

  test("accepts launches signed with the platform's new key after it rotated", async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({ baseURL });
    expect((await postLaunch(request, { sub: `rotation-${randomUUID()}` })).response.status()).toBe(303);
    await signer.rotate();
    // The server fetches an unknown kid's JWKS again at most every 5 s (lib/lti/platform-keys.ts).
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    expect((await postLaunch(request, { sub: `rotation-${randomUUID()}` })).response.status()).toBe(303);
    await request.dispose();
  });

  test("publishes the tool's keys, and keeps the old one published when an admin rotates", async ({ page }) => {
    const before = (await (await page.request.get("/api/lti/jwks")).json()) as {
      keys: { kid: string; alg: string; use: string; d?: string }[];
    };
    expect(before.keys.length).toBeGreaterThanOrEqual(2);
    for (const key of before.keys) expect(key).toMatchObject({ alg: "RS256", use: "sig", kty: "RSA" });
    for (const key of before.keys) expect(key.d).toBeUndefined();
    expect((await page.request.post("/api/staff/lti/keys/rotate")).status()).toBe(401);

    await signIn(page, ADMIN.email, ADMIN.password);
    await expect(page).not.toHaveURL(/\/signin/);
    const rotation = await page.request.post("/api/staff/lti/keys/rotate");
    expect(rotation.status()).toBe(200);
    const { activeKid, nextKid, retiredKids } = (await rotation.json()) as { activeKid: string; nextKid: string; retiredKids: string[] };
    expect(before.keys.map((k) => k.kid)).toContain(activeKid);
    const after = ((await (await page.request.get("/api/lti/jwks")).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    expect(after).toEqual(expect.arrayContaining([activeKid, nextKid, ...retiredKids]));
  });
});

test("a production server with platforms registered but no CHAINRULE_LTI_KEY_SECRET refuses to start and says why", async () => {
  // A copy of the server's database with one platform in it, served by the same build on a port of this spec's.
  const dir = mkdtempSync(path.join(os.tmpdir(), "chainrule-lti-start-"));
  const file = path.join(dir, "chainrule.db");
  copyFileSync(E2E_DATABASE_FILE, file);
  const db = new Database(file);
  const now = new Date().toISOString();
  db.prepare(
    "INSERT INTO LtiPlatform (id, issuer, clientId, authLoginUrl, accessTokenUrl, jwksUrl, createdAt, updatedAt) VALUES (?, 'https://lms.start.test', 'c', 'https://a', 'https://t', 'https://j', ?, ?)",
  ).run(`e2e${randomUUID().replaceAll("-", "")}`, now, now);
  db.close();
  const { code, output } = await startExpectingRefusal(3439, {
    NEXTAUTH_SECRET: "x".repeat(40),
    DATABASE_PROVIDER: "sqlite",
    DATABASE_URL: `file:${file}`,
    // An empty variable wins over .env, which dotenv never overrides.
    CHAINRULE_LTI_KEY_SECRET: "",
  });
  rmSync(dir, { recursive: true, force: true });
  expect(code).toBe(1);
  // The copy holds this run's other platforms too, so the count is at least the one added here.
  expect(output).toMatch(/CHAINRULE_LTI_KEY_SECRET: [1-9]\d* LMS platform\(s\) are registered/);
});
