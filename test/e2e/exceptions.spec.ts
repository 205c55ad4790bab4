import { expect, test, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { addChainRuleAssessment, addDemoStudent, demoIds, readDb, skipWithoutPostgres, type TestStudent } from "./support/demo-db";
import { signIn } from "./support/sign-in";

// Exceptions and accommodations in a real browser against the real server:
// an instructor sets a time accommodation on the roster and a student gets
// it on every timed assessment while another does not; an exception is
// granted on the Exceptions page (a refused date shown beside its field),
// marked in the gradebook and shown to its student only; a CSV of
// exceptions is previewed (stores nothing) and then imported.

const instructor = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!;

test.beforeEach(skipWithoutPostgres);

/** A published assessment of the demo course placing The chain rule, made straight in the database; returns its id. */
async function addAssessment(
  title: string,
  settings: { timeLimitMinutes?: number; dueAt?: string; attemptLimit?: number },
): Promise<string> {
  const id = `e2e-exc-${Date.now()}-${randomBytes(3).toString("hex")}`;
  await addChainRuleAssessment(id, {
    slug: id,
    title,
    timeLimitMinutes: settings.timeLimitMinutes ?? null,
    dueAt: settings.dueAt ? new Date(settings.dueAt) : null,
    attemptLimit: settings.attemptLimit ?? null,
  });
  return id;
}

const userIdOf = (student: TestStudent) => readDb<string>(`SELECT id FROM "User" WHERE email = ?`, student.email);

async function signInAs(page: Page, who: { email: string; password: string }, landing: RegExp) {
  await signIn(page, who.email, who.password);
  await expect(page).toHaveURL(landing, { timeout: 20_000 });
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
}

test("an accommodation applied to two assessments", async ({ page }) => {
  test.setTimeout(120_000);
  const short = await addAssessment("Accommodated quiz", { timeLimitMinutes: 20 });
  const long = await addAssessment("Accommodated exam", { timeLimitMinutes: 40 });
  const accommodated = await addDemoStudent("accommodated");
  const standard = await addDemoStudent("standard");

  await signInAs(page, instructor, /\/author$/);
  await page.goto(`/author/courses/${(await demoIds()).courseId}/roster`);
  const panel = page.locator("form.accommodation-form");
  await panel.locator("#accommodation-studentId").selectOption({ label: `Test accommodated (${accommodated.email})` });
  await panel.getByLabel(/^Time multiplier/).fill("1.5");
  await panel.getByLabel(/^Reason/).fill("accessibility letter");
  await panel.getByRole("button", { name: "Set accommodation" }).click();
  await expect(panel.getByRole("status")).toHaveText("Accommodation saved.");
  const row = page.getByTestId("accommodations").getByRole("row", { name: new RegExp(accommodated.email) });
  await expect(row).toContainText("1.5×");
  await expect(row).toContainText("accessibility letter");
  await signOut(page);

  // 20 → 30 minutes and 40 → 60 minutes, counted down from the server's end.
  await signInAs(page, accommodated, /\/courses$/);
  await page.goto(`/assessments/${short}`);
  await expect(page.getByTestId("time-left")).toHaveText(/^(30:00|29:[0-5]\d)$/);
  await expect(page.getByText("Time limit: 30 minutes for you (20 by default)")).toBeVisible();
  await expect(page.getByTestId("my-exception")).toHaveText("Your exception: 1.5× time.");
  await page.goto(`/assessments/${long}`);
  await expect(page.getByTestId("time-left")).toHaveText(/^(1:00:00|59:[0-5]\d)$/);
  await page.goto(`/assessments/${long}/problems/chain-rule`);
  await expect(page.getByTestId("time-left")).toHaveText(/^(1:00:00|59:[0-5]\d)$/);
  await signOut(page);

  await signInAs(page, standard, /\/courses$/);
  await page.goto(`/assessments/${short}`);
  await expect(page.getByTestId("time-left")).toHaveText(/^(20:00|19:[0-5]\d)$/);
  await expect(page.getByText("Time limit: 20 minutes from when you first open")).toBeVisible();
  await expect(page.getByTestId("my-exception")).toHaveCount(0);
  await page.goto(`/assessments/${long}`);
  await expect(page.getByTestId("time-left")).toHaveText(/^(40:00|39:[0-5]\d)$/);
});

test("an exception granted on the Exceptions page shows in the gradebook and on its student's page only", async ({ page }) => {
  test.setTimeout(120_000);
  const assessmentId = await addAssessment("Exception homework", { dueAt: "2030-03-01T12:00:00Z", attemptLimit: 2 });
  const sick = await addDemoStudent("sick");
  const other = await addDemoStudent("healthy");
  const sickId = await userIdOf(sick);

  await signInAs(page, instructor, /\/author$/);
  await page.goto(`/gradebook/${assessmentId}/exceptions`);
  const form = page.locator("form.exception-form");
  await form.locator("#exception-studentId").selectOption({ label: `Test sick (${sick.email})` });
  await form.getByLabel(/^Later due date/).fill("2030-02-20T12:00");
  await form.getByLabel(/^Extra attempts/).fill("2");
  await form.getByLabel(/^Reason/).fill("flu, doctor's note");
  await form.getByRole("button", { name: "Grant exception" }).click();
  // Earlier than the assessment's own due date: refused beside the field, nothing stored.
  await expect(page.locator("#exception-dueAt-error")).toHaveText("give a due date after the assessment's own (Fri 1 Mar 2030, 12:00 UTC)");
  expect(await readDb<number>(`SELECT COUNT(*) FROM "AssessmentException" WHERE "assessmentId" = ?`, assessmentId)).toBe(0);
  await form.getByLabel(/^Later due date/).fill("2030-03-04T12:00");
  await form.getByRole("button", { name: "Grant exception" }).click();
  await expect(form.getByRole("status")).toHaveText("Exception granted.");
  const listed = page.getByTestId("exceptions-list").getByRole("row", { name: new RegExp(sick.email) });
  await expect(listed).toContainText("due Mon 4 Mar 2030, 12:00 UTC · 2 extra attempts");
  await expect(listed).toContainText("flu, doctor's note");
  await expect(listed).toContainText(instructor.name);

  await page.goto(`/gradebook/${assessmentId}?search=${encodeURIComponent("Test sick")}`);
  await expect(page.getByTestId(`exception-badge-${sickId}`)).toHaveAttribute("title", "due Mon 4 Mar 2030, 12:00 UTC · 2 extra attempts");
  await page.goto(`/gradebook/${assessmentId}/students/${sickId}`);
  await expect(page.getByTestId("exception-review")).toContainText("Exception: due Mon 4 Mar 2030, 12:00 UTC · 2 extra attempts.");
  await signOut(page);

  await signInAs(page, sick, /\/courses$/);
  await page.goto(`/assessments/${assessmentId}`);
  await expect(page.getByTestId("my-exception")).toHaveText("Your exception: due Mon 4 Mar 2030, 12:00 UTC · 2 extra attempts.");
  await signOut(page);
  await signInAs(page, other, /\/courses$/);
  await page.goto(`/assessments/${assessmentId}`);
  await expect(page.getByRole("heading", { name: "Exception homework" })).toBeVisible();
  await expect(page.getByTestId("my-exception")).toHaveCount(0);
  await expect(page.getByText("flu, doctor's note")).toHaveCount(0);
  await signOut(page);

  // Removing it takes a confirmation.
  await signInAs(page, instructor, /\/author$/);
  await page.goto(`/gradebook/${assessmentId}/exceptions`);
  await listed.getByRole("button", { name: "Remove" }).click();
  await expect(listed).toContainText(`Remove the exception for Test sick (${sick.email})?`);
  await listed.getByRole("button", { name: "Yes, remove it" }).click();
  await expect(page.getByTestId("exceptions-list")).toContainText("None yet.");
  expect(await readDb<number>(`SELECT COUNT(*) FROM "AssessmentException" WHERE "assessmentId" = ?`, assessmentId)).toBe(0);
});

test("a CSV of exceptions is previewed without storing anything, then imported", async ({ page }) => {
  test.setTimeout(90_000);
  const assessmentId = await addAssessment("Imported exceptions", { dueAt: "2030-04-01T12:00:00Z", attemptLimit: 1 });
  const first = await addDemoStudent("csv-one");
  const second = await addDemoStudent("csv-two");
  const count = () => readDb<number>(`SELECT COUNT(*) FROM "AssessmentException" WHERE "assessmentId" = ?`, assessmentId);

  await signInAs(page, instructor, /\/author$/);
  await page.goto(`/gradebook/${assessmentId}/exceptions`);
  const form = page.locator("form.exception-import");
  const csv = form.getByLabel(/^One exception per row/);
  await csv.fill(
    `email,dueAt,extraAttempts,reason\n${first.email},2030-04-03T12:00,,field trip\n${second.email},not a date,-1,\nnobody@chainrule.test,,1,x\n`,
  );
  await form.getByRole("button", { name: "Preview import" }).click();
  const errors = page.getByTestId("exception-import-errors");
  await expect(errors).toContainText('Line 3, dueAt: "not a date" is not a date and time (YYYY-MM-DDTHH:mm, UTC)');
  await expect(errors).toContainText("Line 3, extraAttempts: extra attempts are a whole number from 0 to 100");
  await expect(errors).toContainText("Line 3, reason: write a reason");
  await expect(errors).toContainText("Line 4, email: nobody@chainrule.test is not a student of this course");
  await expect(form.getByRole("button", { name: /^Import/ })).toBeDisabled();
  expect(await count()).toBe(0);

  await csv.fill(`email,dueAt,extraAttempts,reason\n${first.email},2030-04-03T12:00,,field trip\n${second.email},,1,lab clash\n`);
  await form.getByRole("button", { name: "Preview import" }).click();
  const plan = page.getByTestId("exception-import-plan");
  await expect(plan).toContainText("Preview, nothing stored yet: 2 exceptions.");
  await expect(plan).toContainText(`Line 2: Test csv-one (${first.email}): due Wed 3 Apr 2030, 12:00 UTC (field trip)`);
  await expect(plan).toContainText(`Line 3: Test csv-two (${second.email}): 1 extra attempt (lab clash)`);
  expect(await count()).toBe(0);

  await form.getByRole("button", { name: "Import these 2" }).click();
  await expect(plan).toContainText("Imported: 2 exceptions.");
  expect(await count()).toBe(2);
  await expect(page.getByTestId("exceptions-list").getByRole("row", { name: new RegExp(second.email) })).toContainText("lab clash");
  expect(
    await readDb<number>(`SELECT COUNT(*) FROM "AuditLog" WHERE action = 'exception.import' AND comment IN ('field trip', 'lab clash')`),
  ).toBe(2);
});
