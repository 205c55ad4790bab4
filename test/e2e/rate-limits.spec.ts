import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { demoIds } from "./support/demo-db";
import { startExtraServer, type ExtraServer } from "./support/extra-server";
import { signIn, signUpThroughInvite } from "./support/sign-in";

// The sign-in lock-out and the submission rate limits, through the real app.

test("five wrong passwords lock the address, and the lock is explained even for the right password", async ({ page }) => {
  const who = { name: "Lena Lockout", email: `lockout-${Date.now()}@chainrule.test`, password: "the-right-password" };
  await signUpThroughInvite(page, (await demoIds()).inviteCode, who);
  for (let i = 0; i < 5; i++) {
    await signIn(page, who.email, `wrong-${i}`);
    await expect(page.getByText("Wrong email or password. Check both and try again.")).toBeVisible();
  }
  await signIn(page, who.email, who.password);
  await expect(page.getByText(/Too many failed sign-ins for this address: try again in 1 minute/)).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});

test("a student submitting faster than 30 times a minute gets 429 with how long to wait", async ({ page }) => {
  const who = { name: "Rapid Rita", email: `rapid-${Date.now()}@chainrule.test`, password: "rapid-long-password" };
  await signUpThroughInvite(page, (await demoIds()).inviteCode, who);
  await signIn(page, who.email, who.password);
  await expect(page).toHaveURL(/\/courses$/);
  const url = `/api/problems/zero-init/submissions?assessmentId=${(await demoIds()).section07Id}`;
  const statuses: number[] = [];
  let refusal: { error: { code: string; message: string; details: { retryAfterSeconds: number } } } | null = null;
  for (let i = 0; i < 31; i++) {
    // An unreadable answer: refused with 422 and no attempt used, but it still counts towards the limit.
    const response = await page.request.post(url, {
      data: Buffer.from('{"answers":{"a.y":"not a number"}}'),
      headers: { "content-type": "application/json" },
    });
    statuses.push(response.status());
    if (response.status() === 429) refusal = await response.json();
  }
  expect(statuses.slice(0, 30).every((status) => status === 422)).toBe(true);
  expect(statuses[30]).toBe(429);
  expect(refusal?.error.code).toBe("RATE_LIMITED");
  expect(refusal?.error.message).toMatch(/Too many submissions in a minute; wait \d+ s and submit again/);
  expect(refusal?.error.details.retryAfterSeconds).toBeGreaterThan(0);
});

// ---- Per-network limits ----
//
// They apply only when the operator says reverse proxies of their own stand in
// front of the app (CHAINRULE_TRUSTED_PROXY_HOPS), which the shared browser
// test server does not; so these tests start a second server from the same
// build with one trusted proxy and small limits. Requests carry the
// X-Forwarded-For header that proxy would pass on: whatever the client wrote,
// then the address the proxy saw. Changing the client's part never helps.

test.describe("per-network limits behind one trusted proxy", () => {
  const SIGN_IN_FAILURES = 8;
  const SUBMISSIONS = 40;
  let server: ExtraServer;

  test.beforeAll(async () => {
    test.setTimeout(150_000);
    server = await startExtraServer({
      CHAINRULE_TRUSTED_PROXY_HOPS: "1",
      CHAINRULE_SIGNIN_FAILURES_PER_IP_PER_MINUTE: String(SIGN_IN_FAILURES),
      CHAINRULE_SUBMISSIONS_PER_IP_PER_MINUTE: String(SUBMISSIONS),
    });
  });

  test.afterAll(async () => {
    await server?.stop();
  });

  /** A browser context on the extra server whose requests come through the proxy from `network`. */
  async function throughProxy(browser: Browser, network: string) {
    const context = await browser.newContext({ baseURL: server.baseURL, extraHTTPHeaders: { "x-forwarded-for": `10.1.2.3, ${network}` } });
    const page = await context.newPage();
    /** What the client itself writes in front: a spoofed address, new each time. */
    const spoof = (n: number) => context.setExtraHTTPHeaders({ "x-forwarded-for": `192.0.2.${n % 250}, 10.0.${n % 250}.7, ${network}` });
    return { context, page, spoof };
  }

  test("wrong passwords from one network lock that network out for the minute, even with the right password, and no other", async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const student = DEMO_ACCOUNTS.find((a) => a.role === "STUDENT")!;
    const campus = await throughProxy(browser, "203.0.113.50");
    // Different addresses each time, so that no address is locked: only the network's count grows.
    for (let i = 0; i < SIGN_IN_FAILURES; i++) {
      await campus.spoof(i);
      await signIn(campus.page, `nobody-${i}-${Date.now()}@chainrule.test`, "guess");
      await expect(campus.page.getByText("Wrong email or password. Check both and try again.")).toBeVisible();
    }
    await campus.spoof(99);
    await signIn(campus.page, student.email, student.password);
    await expect(campus.page.getByText(/Too many failed sign-ins from your network: try again in \d+ seconds?\./)).toBeVisible();
    await expect(campus.page).toHaveURL(/\/signin/);

    const elsewhere = await throughProxy(browser, "198.51.100.50");
    await signIn(elsewhere.page, student.email, student.password);
    await expect(elsewhere.page).toHaveURL(/\/courses$/);
    await campus.context.close();
    await elsewhere.context.close();
  });

  test("submissions from one network stop at its limit, across students, and another network goes on", async ({ browser }) => {
    test.setTimeout(90_000);
    const { inviteCode, section07Id } = await demoIds(server.database);
    const url = `/api/problems/zero-init/submissions?assessmentId=${section07Id}`;
    // An unreadable answer: refused with 422 and no attempt used, but counted by the limits.
    const submit = (page: Page) =>
      page.request.post(url, { data: Buffer.from('{"answers":{"a.y":"not a number"}}'), headers: { "content-type": "application/json" } });
    const network = "203.0.113.60";
    const first = await throughProxy(browser, network);
    const second = await throughProxy(browser, network);
    const stamp = Date.now();
    for (const [n, { page }] of [first, second].entries()) {
      const who = { name: `Nat ${n}`, email: `nat-${n}-${stamp}@chainrule.test`, password: "nat-long-password" };
      await signUpThroughInvite(page, inviteCode, who);
      await signIn(page, who.email, who.password);
      await expect(page).toHaveURL(/\/courses$/);
    }
    // Each under the per-student limit (30); together at the network's.
    const statuses: number[] = [];
    for (let i = 0; i < SUBMISSIONS; i++) {
      const sender = i % 2 === 0 ? first : second;
      await sender.spoof(i);
      statuses.push((await submit(sender.page)).status());
    }
    expect(statuses.filter((status) => status !== 422)).toEqual([]);
    await second.spoof(123);
    const refused = await submit(second.page);
    expect(refused.status()).toBe(429);
    const body = await refused.json();
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(body.error.message).toMatch(/^Too many submissions from your network in a minute; wait \d+ s and submit again\.$/);
    expect(body.error.details.retryAfterSeconds).toBeGreaterThan(0);

    // The same student through the proxy from another network is not held back.
    await second.context.setExtraHTTPHeaders({ "x-forwarded-for": `${network}, 198.51.100.60` });
    expect((await submit(second.page)).status()).toBe(422);
    await first.context.close();
    await second.context.close();
  });
});
