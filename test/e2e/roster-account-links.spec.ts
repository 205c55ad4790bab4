import { expect, test, type Browser, type Page } from "@playwright/test";
import bcrypt from "bcryptjs";
import { randomUUID } from "node:crypto";
import { addDemoStudent, demoIds, readDb, writeDb } from "./support/demo-db";
import { signIn } from "./support/sign-in";

// The account takeover an audit found, performed against the running app:
// Eve, instructor of course B only, imports another course's student (or a
// site admin) into B's roster, then asks for a password link for them. The
// import may stand, as an LMS roster enrols existing users by address; the
// link must not be made (lib/accounts/account-ownership.ts). A course's own
// members still get theirs, to claim an account or reset a forgotten password.
// (Named to run after auth.spec.ts, which counts the demo course's members:
// these tests add some.)

const unique = () => randomUUID().replaceAll("-", "").slice(0, 12);
const NOT_OWNED = /account used beyond the courses you teach.*ask a site administrator/;

interface Person {
  id: string;
  email: string;
  password: string;
}

/** An account straight in the server's database; `rights` are User columns such as isAdmin. */
async function addPerson(label: string, rights: Record<string, boolean> = {}): Promise<Person> {
  const person = { id: `e2e-${label}-${unique()}`, email: `${label}-${unique()}@chainrule.test`, password: `${label}-long-password` };
  const columns = { id: person.id, email: person.email, name: label, passwordHash: bcrypt.hashSync(person.password, 10), ...rights };
  const now = new Date();
  const names = [...Object.keys(columns), "createdAt", "updatedAt"].map((name) => `"${name}"`);
  await writeDb(
    `INSERT INTO "User" (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`,
    ...Object.values(columns),
    now,
    now,
  );
  return person;
}

async function enrol(userId: string, courseId: string, role: "STUDENT" | "INSTRUCTOR") {
  await writeDb(
    `INSERT INTO "Enrollment" (id, "userId", "courseId", role, section, "createdAt") VALUES (?, ?, ?, ?, '', ?)`,
    `e2e-enrollment-${unique()}`,
    userId,
    courseId,
    role,
    new Date(),
  );
}

/** Course B, taught by Eve alone; Eve signed in on `page`. */
async function evesCourse(page: Page): Promise<{ courseId: string; eve: Person }> {
  const courseId = `e2e-course-${unique()}`;
  const now = new Date();
  await writeDb(
    `INSERT INTO "Course" (id, slug, title, "createdAt", "updatedAt") VALUES (?, ?, 'Course B', ?, ?)`,
    courseId,
    courseId,
    now,
    now,
  );
  const eve = await addPerson("eve");
  await enrol(eve.id, courseId, "INSTRUCTOR");
  await signIn(page, eve.email, eve.password);
  await expect(page).toHaveURL(/\/author$/);
  return { courseId, eve };
}

/** Applies a roster CSV through the roster page: importRosterAction over HTTP. */
async function importRoster(page: Page, courseId: string, csv: string) {
  await page.goto(`/author/courses/${courseId}/roster`);
  await page.getByLabel(/People to add or change/).fill(csv);
  await page.getByRole("button", { name: "Preview changes" }).click();
  await expect(page.getByTestId("roster-plan")).toContainText("Preview, nothing changed yet");
  await page.getByRole("button", { name: /Apply/ }).click();
  await expect(page.getByTestId("roster-plan")).toContainText("Applied");
}

const userIdOf = (email: string) => readDb<string>(`SELECT id FROM "User" WHERE email = ?`, email);
const linksOf = (userId: string) => readDb<number>(`SELECT COUNT(*) FROM "AccountLink" WHERE "userId" = ?`, userId);
const askForLink = (page: Page, courseId: string, userId: string) =>
  page.request.post(`/api/staff/courses/${courseId}/roster/${userId}/account-link`);

/** Sets a password through a link's page as whoever holds the link, in a browser of their own. */
async function setPasswordThrough(browser: Browser, url: string, password: string): Promise<Page> {
  const holder = await browser.newPage();
  await holder.goto(new URL(url).pathname);
  await holder.getByLabel(/New password/).fill(password);
  await holder.getByRole("button", { name: "Set password" }).click();
  return holder;
}

test.describe("password links for people another course owns", () => {
  test("an instructor who imports another course's student into their roster gets no link for them", async ({ page, browser }) => {
    const victim = await addDemoStudent("victim");
    const victimId = await userIdOf(victim.email);
    const { courseId } = await evesCourse(page);
    await importRoster(page, courseId, `email,role\n${victim.email},student`);
    expect(await readDb<number>(`SELECT COUNT(*) FROM "Enrollment" WHERE "userId" = ? AND "courseId" = ?`, victimId, courseId)).toBe(1);

    const asked = await askForLink(page, courseId, victimId);
    expect(asked.status()).toBe(403);
    expect((await asked.json()).error.message).toMatch(NOT_OWNED);
    // The roster page's button (accountLinkAction) says the same, and shows no link.
    await page.goto(`/author/courses/${courseId}/roster`);
    await page
      .getByRole("row")
      .filter({ hasText: victim.email })
      .getByRole("button", { name: /Password link/ })
      .click();
    await expect(page.getByRole("alert").filter({ hasText: "used beyond the courses you teach" })).toBeVisible();
    await expect(page.getByTestId("account-link")).toHaveCount(0);
    expect(await linksOf(victimId)).toBe(0);

    // The victim's own password still opens their account.
    const theirs = await browser.newPage();
    await signIn(theirs, victim.email, victim.password);
    await expect(theirs).toHaveURL(/\/courses$/);
  });

  test("nor for a site admin or LTI registrar enrolled in their course only", async ({ page }) => {
    const admin = await addPerson("admin", { isAdmin: true });
    const registrar = await addPerson("registrar", { mayRegisterLtiPlatforms: true });
    const { courseId } = await evesCourse(page);
    await importRoster(page, courseId, `email,role\n${admin.email},student\n${registrar.email},student`);
    for (const person of [admin, registrar]) {
      const asked = await askForLink(page, courseId, person.id);
      expect({ who: person.email, status: asked.status() }).toEqual({ who: person.email, status: 403 });
      expect((await asked.json()).error.message).toMatch(NOT_OWNED);
      expect(await linksOf(person.id)).toBe(0);
    }
  });

  test("a link stops working if its account joins a course its issuer does not teach before it is used", async ({ page, browser }) => {
    const { courseId } = await evesCourse(page);
    const email = `newcomer-${unique()}@uni.test`;
    await importRoster(page, courseId, `email,name,role\n${email},Newcomer,student`);
    const userId = await userIdOf(email);
    const asked = await askForLink(page, courseId, userId);
    expect(asked.status()).toBe(201);
    const { url } = (await asked.json()) as { url: string };

    const holder = await browser.newPage();
    await holder.goto(new URL(url).pathname);
    await expect(holder.getByRole("heading", { level: 1 })).toHaveText("Set up your Chainrule account");
    await enrol(userId, (await demoIds()).courseId, "STUDENT");
    // The form was shown before; its submission (setPasswordAction) is refused now.
    await holder.getByLabel(/New password/).fill("holder-long-password");
    await holder.getByRole("button", { name: "Set password" }).click();
    await expect(holder.getByRole("alert").filter({ hasText: "no longer works" })).toBeVisible();
    await holder.reload();
    await expect(holder.getByRole("heading", { level: 1 })).toHaveText("This link does not work any more");
    expect(await readDb<string>(`SELECT "passwordHash" FROM "User" WHERE id = ?`, userId)).toBe("");
  });
});

test.describe("password links for the course's own members", () => {
  test("someone added by roster claims their account with the link", async ({ page, browser }) => {
    const { courseId } = await evesCourse(page);
    const email = `claim-${unique()}@uni.test`;
    await importRoster(page, courseId, `email,name,role\n${email},Cleo Claim,student`);
    const asked = await askForLink(page, courseId, await userIdOf(email));
    expect(asked.status()).toBe(201);
    const holder = await setPasswordThrough(browser, (await asked.json()).url, "cleo-long-password");
    await expect(holder.getByRole("status")).toContainText("Your password is set");
    await signIn(holder, email, "cleo-long-password");
    await expect(holder).toHaveURL(/\/courses$/);
  });

  test("a student of this course alone who forgot their password resets it with the link", async ({ page, browser }) => {
    const { courseId } = await evesCourse(page);
    const student = await addPerson("forgetful");
    await enrol(student.id, courseId, "STUDENT");
    const asked = await askForLink(page, courseId, student.id);
    expect(asked.status()).toBe(201);
    const holder = await setPasswordThrough(browser, (await asked.json()).url, "remembered-long-password");
    await expect(holder.getByRole("status")).toContainText("Your password is set");
    await signIn(holder, student.email, student.password);
    await expect(holder.getByText("Wrong email or password. Check both and try again.")).toBeVisible();
    await signIn(holder, student.email, "remembered-long-password");
    await expect(holder).toHaveURL(/\/courses$/);
  });
});
