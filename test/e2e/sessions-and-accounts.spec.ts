import { expect, test, type Browser, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { demoIds, readDb, readValue } from "./support/demo-db";
import { startExtraServer, type ExtraServer } from "./support/extra-server";
import { E2E_DATABASE_FILE } from "./support/server-settings";
import { signIn, signUpThroughInvite } from "./support/sign-in";

// Issue 18's account attacks, performed against the running app: claiming an
// account staff added through an invite link, reusing a cookie after
// sign-out or a password reset, learning who has an account from sign-up or
// the roster preview, and signing up without limit. (Named to run after
// auth.spec.ts, which counts the demo course's members: these tests add some.)

const instructor = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!;
const unique = () => randomUUID().slice(0, 8);

/** A second course with an invite link of its own, written straight into the server's database. */
function addSecondCourse(): string {
  const db = new Database(E2E_DATABASE_FILE);
  try {
    const now = new Date().toISOString();
    const inviteCode = `second-${randomUUID()}`;
    db.prepare("INSERT INTO Course (id, slug, title, inviteCode, createdAt, updatedAt) VALUES (?, ?, 'Second course', ?, ?, ?)").run(
      `e2e${randomUUID().replaceAll("-", "")}`,
      `second-${unique()}`,
      inviteCode,
      now,
      now,
    );
    return inviteCode;
  } finally {
    db.close();
  }
}

/** Applies a roster CSV as the instructor, through the roster page. */
async function importRoster(page: Page, csv: string) {
  await page.goto(`/author/courses/${(await demoIds()).courseId}/roster`);
  await page.getByLabel(/People to add or change/).fill(csv);
  await page.getByRole("button", { name: "Preview changes" }).click();
  await expect(page.getByTestId("roster-plan")).toContainText("Preview, nothing changed yet");
  await page.getByRole("button", { name: /Apply/ }).click();
  await expect(page.getByTestId("roster-plan")).toContainText("Applied");
}

async function signUpForm(page: Page, inviteCode: string, who: { name: string; email: string; password: string }): Promise<string> {
  await page.goto(`/signup?invite=${inviteCode}`);
  await page.getByLabel("Name").fill(who.name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel(/Password/).fill(who.password);
  await page.getByRole("button", { name: "Create account" }).click();
  // Inside the form's card: Next's route announcer is a role=alert of its own.
  const answer = page.locator(".card [role=status], .card [role=alert]").first();
  await expect(answer).toBeVisible();
  return (await answer.innerText()).trim();
}

/** A new browser context signed in as `who`, once the sign-in has finished. */
async function signedInAs(browser: Browser, who: { email: string; password: string }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, who.email, who.password);
  await expect(page).not.toHaveURL(/\/signin/);
  return context;
}

/** A browser context that carries a copy of the cookies `page` has now: a cookie someone saved. */
async function savedCookies(browser: Browser, page: Page) {
  const cookies = await page.context().cookies();
  const context = await browser.newContext();
  await context.addCookies(cookies);
  return context;
}

test.describe("accounts staff add", () => {
  test("an invite link never claims an account staff added, through any course's invite, and its owner claims it with their link", async ({
    page,
    browser,
  }) => {
    const email = `co.instructor-${unique()}@uni.test`;
    await signIn(page, instructor.email, instructor.password);
    await expect(page).toHaveURL(/\/author$/);
    await importRoster(page, `email,name,role\n${email},Co Instructor,instructor`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);

    // The attack: sign up with that email through the demo course's invite, then another course's.
    for (const inviteCode of [(await demoIds()).inviteCode, addSecondCourse()]) {
      const answer = await signUpForm(page, inviteCode, { name: "Mallory", email, password: "mallory-password" });
      expect(answer).toContain("If this email is new here, your account is ready");
    }
    await signIn(page, email, "mallory-password");
    await expect(page.getByText("Wrong email or password. Check both and try again.")).toBeVisible();
    expect(await readDb<string>(`SELECT "passwordHash" FROM "User" WHERE email = ?`, email)).toBe("");
    expect(await readDb<number>(`SELECT COUNT(*) FROM "Enrollment" e JOIN "User" u ON u.id = e."userId" WHERE u.email = ?`, email)).toBe(1);

    // The owner's way in: a single-use link the instructor makes through the JSON API.
    const staff = await signedInAs(browser, instructor);
    const userId = await readDb<string>(`SELECT id FROM "User" WHERE email = ?`, email);
    const made = await staff.request.post(`/api/staff/courses/${(await demoIds()).courseId}/roster/${userId}/account-link`);
    expect(made.status()).toBe(201);
    const { method, url } = (await made.json()) as { method: string; url: string };
    expect(method).toBe("copy");
    const linkPath = new URL(url).pathname;
    await page.goto(linkPath);
    await page.getByLabel(/New password/).fill("co-instructor-password");
    await page.getByRole("button", { name: "Set password" }).click();
    await expect(page.getByRole("status")).toContainText("Your password is set");
    await signIn(page, email, "co-instructor-password");
    await expect(page).toHaveURL(/\/author$/);

    // Used once: a second use, by anyone, is refused and changes nothing.
    const again = await browser.newPage();
    await again.goto(linkPath);
    await expect(again.getByRole("heading", { level: 1 })).toHaveText("This link does not work any more");
    await staff.close();
  });

  test("the roster preview says only whether an email is in this course, not whether it has an account elsewhere", async ({ page }) => {
    const elsewhere = `elsewhere-${unique()}@uni.test`;
    const nowhere = `nowhere-${unique()}@uni.test`;
    const db = new Database(E2E_DATABASE_FILE);
    const now = new Date().toISOString();
    db.prepare("INSERT INTO User (id, email, name, passwordHash, createdAt, updatedAt) VALUES (?, ?, 'Elsewhere', 'x', ?, ?)").run(
      `e2e${unique()}`,
      elsewhere,
      now,
      now,
    );
    db.close();
    await signIn(page, instructor.email, instructor.password);
    await expect(page).toHaveURL(/\/author$/);
    await page.goto(`/author/courses/${(await demoIds()).courseId}/roster`);
    await page.getByLabel(/People to add or change/).fill(`email,role\n${elsewhere},student\n${nowhere},student`);
    await page.getByRole("button", { name: "Preview changes" }).click();
    const plan = page.getByTestId("roster-plan");
    await expect(plan).toContainText("Preview, nothing changed yet: 2 added, 0 changed");
    const lines = await plan.getByRole("listitem").allInnerTexts();
    expect(lines.map((line) => line.replace(elsewhere, "EMAIL").replace(nowhere, "EMAIL"))).toEqual([
      "EMAIL: add to course student",
      "EMAIL: add to course student",
    ]);
  });
});

test.describe("ending sessions", () => {
  test("after sign-out a saved copy of the cookie is refused by the API and the pages", async ({ page, browser }) => {
    const who = { name: "Sam Saved", email: `saved-${unique()}@chainrule.test`, password: "saved-long-password" };
    await signUpThroughInvite(page, (await demoIds()).inviteCode, who);
    await signIn(page, who.email, who.password);
    await expect(page).toHaveURL(/\/courses$/);
    const saved = await savedCookies(browser, page);
    const variant = `/api/problems/nn-backprop/variant?assessmentId=${(await demoIds()).section07Id}`;
    expect((await saved.request.get("/api/me")).status()).toBe(200);
    expect((await saved.request.get(variant)).status()).toBe(200);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);

    for (const path of ["/api/me", variant, `/api/problems/nn-backprop/submissions?assessmentId=${(await demoIds()).section07Id}`]) {
      const response = await saved.request.get(path);
      expect({ path, status: response.status() }).toEqual({ path, status: 401 });
      expect((await response.json()).error.message).toMatch(/session has ended/);
    }
    const submitted = await saved.request.post(`/api/problems/nn-backprop/submissions?assessmentId=${(await demoIds()).section07Id}`, {
      data: Buffer.from('{"answers":{"b.db1":"1"}}'),
      headers: { "content-type": "application/json" },
    });
    expect(submitted.status()).toBe(401);
    // next-auth's own session endpoint no longer names the user either.
    expect(await (await saved.request.get("/api/auth/session")).json()).toEqual({});
    const savedPage = await saved.newPage();
    await savedPage.goto("/courses");
    await expect(savedPage).toHaveURL(/\/signin\?callbackUrl=%2Fcourses/);
    await expect(savedPage.getByRole("heading", { level: 1 })).toHaveText("Sign in to Chainrule");
    await saved.close();

    // Signing in again works as before.
    await signIn(page, who.email, who.password);
    await expect(page).toHaveURL(/\/courses$/);
  });

  test("a password reset through a staff-made link ends every session and the old password", async ({ page, browser }) => {
    const who = { name: "Rosa Reset", email: `reset-${unique()}@chainrule.test`, password: "rosa-old-password" };
    await signUpThroughInvite(page, (await demoIds()).inviteCode, who);
    await signIn(page, who.email, who.password);
    await expect(page).toHaveURL(/\/courses$/);
    const saved = await savedCookies(browser, page);

    const staff = await signedInAs(browser, instructor);
    const userId = await readDb<string>(`SELECT id FROM "User" WHERE email = ?`, who.email);
    const { url } = await (
      await staff.request.post(`/api/staff/courses/${(await demoIds()).courseId}/roster/${userId}/account-link`)
    ).json();
    await staff.close();

    const holder = await browser.newPage();
    await holder.goto(new URL(url).pathname);
    await expect(holder.getByRole("heading", { level: 1 })).toHaveText("Choose a new password");
    await holder.getByLabel(/New password/).fill("rosa-new-password");
    await holder.getByRole("button", { name: "Set password" }).click();
    await expect(holder.getByRole("status")).toContainText("Your password is set");

    expect((await saved.request.get("/api/me")).status()).toBe(401);
    expect((await page.request.get("/api/me")).status()).toBe(401);
    await saved.close();
    await signIn(holder, who.email, who.password);
    await expect(holder.getByText("Wrong email or password. Check both and try again.")).toBeVisible();
    await signIn(holder, who.email, "rosa-new-password");
    await expect(holder).toHaveURL(/\/courses$/);
  });
});

test("changing one's password signs out every device, and only the new password works", async ({ page, browser }) => {
  const who = { name: "Cy Change", email: `change-${unique()}@chainrule.test`, password: "cy-old-password" };
  await signUpThroughInvite(page, addSecondCourse(), who);
  const other = await signedInAs(browser, who);
  await signIn(page, who.email, who.password);
  await page.getByTestId("signed-in-as").click();
  await page.getByLabel("Current password").fill("not-my-password");
  await page.getByLabel(/New password/).fill("cy-new-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "current password is not right" })).toBeVisible();
  await page.getByLabel("Current password").fill(who.password);
  await page.getByLabel(/New password/).fill("cy-new-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "every device was signed out" })).toBeVisible();
  expect((await other.request.get("/api/me")).status()).toBe(401);
  expect((await page.request.get("/api/me")).status()).toBe(401);
  await other.close();
  await signIn(page, who.email, "cy-new-password");
  await expect(page).toHaveURL(/\/courses$/);
});

test.describe("sign-up", () => {
  test("answers the same for an email with an account and a new one, so it cannot be used to find accounts", async ({ page }) => {
    const known = DEMO_ACCOUNTS.find((a) => a.role === "STUDENT")!.email;
    const fresh = `fresh-${unique()}@chainrule.test`;
    const answers = [];
    for (const email of [known, fresh])
      answers.push(await signUpForm(page, (await demoIds()).inviteCode, { name: "Probe", email, password: "probe-password" }));
    expect(answers[0]).toBe(answers[1]);
    expect(answers[0]).not.toMatch(/already exists/);
  });

  test("a signed-in person who opens an invite link joins with their account, as a student", async ({ page }) => {
    const who = { name: "Jo Join", email: `join-${unique()}@chainrule.test`, password: "jo-join-password" };
    await signUpThroughInvite(page, (await demoIds()).inviteCode, who);
    const secondInvite = addSecondCourse();
    await signIn(page, who.email, who.password);
    await expect(page).toHaveURL(/\/courses$/);
    await page.goto(`/signup?invite=${secondInvite}`);
    await page.getByRole("button", { name: "Join as a student" }).click();
    await expect(page).toHaveURL(/\/courses$/);
    await expect(page.getByRole("heading", { name: /Second course/ })).toBeVisible();
    expect(
      await readDb<number>(
        `SELECT COUNT(*) FROM "Enrollment" e JOIN "User" u ON u.id = e."userId" WHERE u.email = ? AND e.role = 'STUDENT'`,
        who.email,
      ),
    ).toBe(2);
  });

  test.describe("limits", () => {
    let server: ExtraServer;
    test.beforeAll(async () => {
      test.setTimeout(120_000);
      server = await startExtraServer({
        CHAINRULE_SIGNUPS_PER_IP_PER_HOUR: "3",
        CHAINRULE_SIGNUPS_PER_INVITE_PER_HOUR: "5",
        CHAINRULE_TRUSTED_PROXY_HOPS: "1",
      });
    });
    test.afterAll(async () => server?.stop());

    test("are per network and per invite link, and refused sign-ups create nothing", async ({ browser }) => {
      const { inviteCode } = await demoIds(server.database);
      const from = async (address: string) =>
        browser.newPage({ baseURL: server.baseURL, extraHTTPHeaders: { "x-forwarded-for": address } });
      const attempt = async (page: Page) => {
        const email = `limit-${unique()}@chainrule.test`;
        return { email, answer: await signUpForm(page, inviteCode, { name: "Lim", email, password: "limit-password" }) };
      };
      const first = await from("203.0.113.1");
      const network = [await attempt(first), await attempt(first), await attempt(first), await attempt(first)];
      expect(network.map((a) => a.answer.startsWith("If this email is new here"))).toEqual([true, true, true, false]);
      expect(network[3].answer).toMatch(/Too many sign-ups from your network in the last hour; try again in \d+ minutes?/);

      const second = await from("203.0.113.2");
      const invite = [await attempt(second), await attempt(second)];
      expect(invite.map((a) => a.answer.startsWith("If this email is new here"))).toEqual([true, true]);
      // Five through this invite in the hour (the network's refused attempt did not count): a sixth is refused from any network.
      const third = await from("203.0.113.3");
      expect((await attempt(third)).answer).toMatch(
        /Too many sign-ups through this invite link in the last hour; try again in \d+ minutes?, or ask your instructor for a new link/,
      );

      expect(await readValue<number>(server.database, `SELECT COUNT(*) FROM "User" WHERE email LIKE 'limit-%'`)).toBe(5);
    });
  });
});
