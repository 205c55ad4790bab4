import { expect, test, type Browser, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { addDemoStudent, readDb, skipWithoutPostgres, writeDb, type TestStudent } from "./support/demo-db";
import { signIn } from "./support/sign-in";

// Course time zones in a real browser: the instructor sets the course's zone
// in its settings and enters a due date on New York's clocks; a student whose
// browser is in Tokyo reads it in Tokyo time with New York's beside it, and
// one in New York reads it once. The browser's zone is Playwright's
// timezoneId, which sets what Intl reports, as a real machine's zone would.

const instructor = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!;

test.beforeEach(skipWithoutPostgres);

/** A course of its own (so the demo course keeps UTC for the other tests), with the demo instructor and `student` enrolled. */
async function createCourse(student: TestStudent): Promise<string> {
  const stamp = `${Date.now()}-${randomBytes(3).toString("hex")}`;
  const courseId = `e2e-course-${stamp}`;
  const now = new Date();
  await writeDb(
    `INSERT INTO "Course" (id, slug, title, term, "createdAt", "updatedAt") VALUES (?, ?, ?, '', ?, ?)`,
    courseId,
    `zones-${stamp}`,
    `Zones ${stamp}`,
    now,
    now,
  );
  const enrol = async (who: string, email: string, role: string) =>
    writeDb(
      `INSERT INTO "Enrollment" (id, "userId", "courseId", role, section, "createdAt") VALUES (?, ?, ?, ?, '', ?)`,
      `e2e-enrol-${who}-${stamp}`,
      await readDb<string>(`SELECT id FROM "User" WHERE email = ?`, email),
      courseId,
      role,
      now,
    );
  await enrol("i", instructor.email, "INSTRUCTOR");
  await enrol("s", student.email, "STUDENT");
  return courseId;
}

/** A student's page in a browser whose clocks are in `timeZone`, collecting React's hydration complaints. */
async function studentIn(browser: Browser, timeZone: string, student: TestStudent) {
  const context = await browser.newContext({ timezoneId: timeZone });
  const page = await context.newPage();
  const hydrationErrors: string[] = [];
  page.on("console", (message) => {
    if (/hydrat/i.test(message.text())) hydrationErrors.push(message.text());
  });
  page.on("pageerror", (error) => {
    if (/hydrat/i.test(error.message)) hydrationErrors.push(error.message);
  });
  await signIn(page, student.email, student.password);
  await expect(page).toHaveURL(/\/courses$/);
  return { context, page, hydrationErrors };
}

async function setCourseZone(page: Page, courseId: string, zone: string) {
  await page.goto(`/author/courses/${courseId}/settings`);
  await page.getByRole("combobox", { name: "Course time zone" }).selectOption(zone);
  await page.getByRole("button", { name: "Save time zone" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
}

test("a date shown in two zones", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const student = await addDemoStudent("zones");
  const courseId = await createCourse(student);
  const title = `Zoned ${Date.now()}`;

  await signIn(page, instructor.email, instructor.password);
  await expect(page).toHaveURL(/\/author$/);
  await setCourseZone(page, courseId, "America/New_York");

  // The due date is entered on New York's clocks, and the label says so.
  await page.goto(`/author/courses/${courseId}/assessments/new`);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Slug (in links)").fill("zoned");
  await page.getByLabel("Due (America/New_York)").fill("2030-01-15T17:00");
  await page.getByLabel("Include The chain rule").check();
  await page.getByRole("button", { name: "Create assessment" }).click();
  await expect(page).toHaveURL(/\/author\/assessments\/[^/]+$/);
  const assessmentId = page.url().split("/").at(-1)!;
  await page.getByRole("button", { name: "Publish to students" }).click();
  await expect(page.getByRole("button", { name: /Unpublish/ })).toBeVisible();

  // Stored as the instant 17:00 EST is (UTC−5 in January), and shown back in the editor on New York's clocks.
  expect(new Date(await readDb<string | Date>(`SELECT "dueAt" FROM "Assessment" WHERE id = ?`, assessmentId)).toISOString()).toBe(
    "2030-01-15T22:00:00.000Z",
  );
  await page.reload();
  await expect(page.getByLabel("Due (America/New_York)")).toHaveValue("2030-01-15T17:00");

  // A student in Tokyo: their own time first (07:00 the next day, UTC+9), New York's beside it.
  const tokyo = await studentIn(browser, "Asia/Tokyo", student);
  const twoZones = "Wed 16 Jan 2030, 07:00 your time (Asia/Tokyo) · Tue 15 Jan 2030, 17:00 America/New_York (course)";
  await expect(tokyo.page.getByTestId(`due-${assessmentId}`)).toHaveText(twoZones);
  await expect(tokyo.page.getByTestId(`due-${assessmentId}`)).toHaveAttribute("datetime", "2030-01-15T22:00:00.000Z");
  await tokyo.page.goto(`/assessments/${assessmentId}`);
  await expect(tokyo.page.getByTestId("due-at")).toHaveText(twoZones);
  await tokyo.page.goto(`/assessments/${assessmentId}/problems/chain-rule`);
  await expect(tokyo.page.getByTestId("deadline")).toContainText(`Due ${twoZones}.`);
  expect(tokyo.hydrationErrors).toEqual([]);
  await tokyo.context.close();

  // A student in New York reads the course's time once.
  const newYork = await studentIn(browser, "America/New_York", student);
  await expect(newYork.page.getByTestId(`due-${assessmentId}`)).toHaveText("Tue 15 Jan 2030, 17:00 America/New_York");
  await newYork.page.goto(`/assessments/${assessmentId}`);
  await expect(newYork.page.getByTestId("due-at")).toHaveText("Tue 15 Jan 2030, 17:00 America/New_York");
  expect(newYork.hydrationErrors).toEqual([]);
  await newYork.context.close();
});

test("a time the course's clocks skip is refused in the editor, naming the field", async ({ page }) => {
  const student = await addDemoStudent("zones-gap");
  const courseId = await createCourse(student);
  await signIn(page, instructor.email, instructor.password);
  await expect(page).toHaveURL(/\/author$/);
  await setCourseZone(page, courseId, "America/New_York");
  await page.goto(`/author/courses/${courseId}/assessments/new`);
  await page.getByLabel("Title").fill("Spring gap");
  await page.getByLabel("Slug (in links)").fill("spring-gap");
  // 10 March 2030: New York's clocks go from 02:00 straight to 03:00.
  await page.getByLabel("Due (America/New_York)").fill("2030-03-10T02:30");
  await page.getByRole("button", { name: "Create assessment" }).click();
  await expect(page.locator("#dueAt-error")).toHaveText(/2030-03-10 02:30 does not exist in America\/New_York/);
  await expect(page).toHaveURL(/\/assessments\/new$/);
  expect(await readDb<number>(`SELECT COUNT(*) FROM "Assessment" WHERE "courseId" = ?`, courseId)).toBe(0);
});

test("the course's zone through the JSON API: instructors set it, an unknown zone is a 400 naming the field", async ({ page }) => {
  const student = await addDemoStudent("zones-api");
  const courseId = await createCourse(student);
  await signIn(page, instructor.email, instructor.password);
  await expect(page).toHaveURL(/\/author$/);
  const url = `/api/staff/courses/${courseId}`;

  const unknown = await page.request.put(url, { data: { timeZone: "Mars/Olympus_Mons" } });
  expect(unknown.status()).toBe(400);
  expect((await unknown.json()).error).toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("timeZone") });
  expect(await readDb<string>(`SELECT "timeZone" FROM "Course" WHERE id = ?`, courseId)).toBe("UTC");

  const set = await page.request.put(url, { data: { timeZone: "Asia/Kolkata" } });
  expect(set.status()).toBe(200);
  expect((await set.json()).course).toMatchObject({ id: courseId, timeZone: "Asia/Kolkata" });
  expect((await (await page.request.get(url)).json()).course.timeZone).toBe("Asia/Kolkata");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

  // Students may not change it.
  await signIn(page, student.email, student.password);
  await expect(page).toHaveURL(/\/courses$/);
  const refused = await page.request.put(url, { data: { timeZone: "UTC" } });
  expect(refused.status()).toBe(403);
  expect(await readDb<string>(`SELECT "timeZone" FROM "Course" WHERE id = ?`, courseId)).toBe("Asia/Kolkata");
});
