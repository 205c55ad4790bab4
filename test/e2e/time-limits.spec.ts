import { expect, test, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { addDemoStudent, demoIds, readDb, skipWithoutPostgres, writeDb } from "./support/demo-db";
import { signIn } from "./support/sign-in";

// Issue 22's opening times and time limits in a real browser against the
// real server: before an assessment opens a student sees when it opens and
// nothing of its problems, through the pages and the API; on a timed exam
// the countdown comes from the server, and a submission after the student's
// time ran out is refused with its message and stores nothing. Waiting
// minutes is replaced by moving the student's recorded start in the database.

const instructor = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!;

test.beforeEach(skipWithoutPostgres);

/** Creates and publishes an assessment placing The chain rule through the editor; returns its id. */
async function createAssessment(
  page: Page,
  fields: { title: string; opens?: string; due: string; cutoff?: string; minutes?: string; exam?: boolean },
) {
  await signIn(page, instructor.email, instructor.password);
  await expect(page).toHaveURL(/\/author$/);
  await page.goto(`/author/courses/${(await demoIds()).courseId}/assessments/new`);
  await page.getByLabel("Title").fill(fields.title);
  await page.getByLabel("Slug (in links)").fill(fields.title.toLowerCase().replace(/[^a-z0-9]+/g, "-"));
  if (fields.opens) await page.getByLabel(/^Opens \(UTC/).fill(fields.opens);
  await page.getByLabel("Due (UTC)").fill(fields.due);
  if (fields.cutoff) await page.getByLabel("No submissions after (UTC, optional)").fill(fields.cutoff);
  if (fields.minutes) await page.getByLabel(/^Time limit in minutes/).fill(fields.minutes);
  if (fields.exam) await page.getByLabel("Feedback mode").selectOption("EXAM");
  await page.getByLabel("Include The chain rule").check();
  await page.getByLabel("Points of The chain rule").fill("10");
  await page.getByRole("button", { name: "Create assessment" }).click();
  await expect(page).toHaveURL(/\/author\/assessments\/[^/]+$/);
  const assessmentId = page.url().split("/").at(-1)!;
  await page.getByRole("button", { name: "Publish to students" }).click();
  await expect(page.getByRole("button", { name: /Unpublish/ })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  return assessmentId;
}

function studentId(email: string): Promise<string> {
  return readDb<string>(`SELECT id FROM "User" WHERE email = ?`, email);
}

/** Moves the student's recorded start so that `secondsLeft` remain. */
async function moveStart(userId: string, assessmentId: string, minutes: number, secondsLeft: number): Promise<void> {
  const startedAt = new Date(Date.now() - minutes * 60_000 + secondsLeft * 1000);
  await writeDb(`UPDATE "AssessmentStart" SET "startedAt" = ? WHERE "userId" = ? AND "assessmentId" = ?`, startedAt, userId, assessmentId);
}

test("before an assessment opens, a student sees when it opens and cannot get a problem or submit", async ({ page }) => {
  test.setTimeout(90_000);
  const stamp = Date.now();
  const assessmentId = await createAssessment(page, { title: `Opens later ${stamp}`, opens: "2030-01-10T09:00", due: "2030-01-15T23:59" });

  const student = await addDemoStudent("opens");
  await signIn(page, student.email, student.password);
  await expect(page).toHaveURL(/\/courses$/);
  await expect(page.getByTestId(`opens-${assessmentId}`)).toHaveText("opens Thu 10 Jan 2030, 09:00 UTC");

  await page.goto(`/assessments/${assessmentId}`);
  await expect(page.getByTestId("not-open")).toHaveText(
    "This assessment opens at Thu 10 Jan 2030, 09:00 UTC. Its problems are shown from then.",
  );
  await expect(page.getByRole("link", { name: "The chain rule" })).toHaveCount(0);
  await page.goto(`/assessments/${assessmentId}/problems/chain-rule`);
  await expect(page.getByTestId("not-open")).toContainText("This assessment opens at Thu 10 Jan 2030, 09:00 UTC");
  await expect(page.getByRole("button", { name: "Submit answers" })).toHaveCount(0);

  const variant = await page.request.get(`/api/problems/chain-rule/variant?assessmentId=${assessmentId}`);
  expect(variant.status()).toBe(403);
  expect((await variant.json()).error).toMatchObject({
    code: "NOT_YET_OPEN",
    message: expect.stringContaining("10 Jan 2030, 09:00 UTC"),
    details: { opensAt: "2030-01-10T09:00:00.000Z" },
  });
  const submission = await page.request.post(`/api/problems/chain-rule/submissions?assessmentId=${assessmentId}`, {
    data: Buffer.from(JSON.stringify({ answers: { "a.dims": "m x l" } })),
    headers: { "content-type": "application/json" },
  });
  expect(submission.status()).toBe(403);
  expect((await submission.json()).error.code).toBe("NOT_YET_OPEN");

  const assessments = await (await page.request.get("/api/assessments")).json();
  const listed = assessments.courses
    .flatMap((c: { assessments: { id: string }[] }) => c.assessments)
    .find((a: { id: string }) => a.id === assessmentId);
  expect(listed).toMatchObject({ opensAt: "2030-01-10T09:00:00.000Z" });
  const progress = assessments.courses
    .flatMap((c: { progress: { assessmentId: string }[] }) => c.progress)
    .find((p: { assessmentId: string }) => p.assessmentId === assessmentId);
  expect(progress).toMatchObject({ status: "not-open", problems: [] });

  const userId = await studentId(student.email);
  expect(await readDb<number>(`SELECT COUNT(*) FROM "Variant" WHERE "userId" = ?`, userId)).toBe(0);
  expect(await readDb<number>(`SELECT COUNT(*) FROM "Submission" WHERE "userId" = ?`, userId)).toBe(0);
  expect(await readDb<number>(`SELECT COUNT(*) FROM "AssessmentStart" WHERE "userId" = ?`, userId)).toBe(0);
});

test("an exam with a time limit expiring mid-attempt: the page closes at zero, a forced submission is refused and stores nothing, results stay held", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  // The editor proposes an exam's one attempt per problem; this exam keeps it.
  const assessmentId = await createAssessment(page, {
    title: `Timed exam ${stamp}`,
    due: "2030-01-15T23:59",
    cutoff: "2030-01-20T23:59",
    minutes: "30",
    exam: true,
  });
  expect(await readDb<number>(`SELECT "attemptLimit" FROM "Assessment" WHERE id = ?`, assessmentId)).toBe(1);

  const student = await addDemoStudent("timed");
  await signIn(page, student.email, student.password);
  await expect(page).toHaveURL(/\/courses$/);
  await page.goto(`/assessments/${assessmentId}`);
  // The first visit starts the clock: 30 minutes, counting down.
  await expect(page.getByTestId("time-left")).toHaveText(/^(30:00|29:[0-5]\d)$/);
  await expect(page.getByText("Time limit: 30 minutes from when you first open")).toBeVisible();
  const userId = await studentId(student.email);
  expect(await readDb<number>(`SELECT COUNT(*) FROM "AssessmentStart" WHERE "userId" = ?`, userId)).toBe(1);

  // The student is 20 seconds from their end; the problem page shows the server's time left.
  const pageUrl = `/assessments/${assessmentId}/problems/chain-rule`;
  await moveStart(userId, assessmentId, 30, 20);
  await page.goto(pageUrl);
  await expect(page.getByTestId("time-left")).toHaveText(/^0:([01]\d|20)$/);
  await expect(page.locator('[data-testid="time-announcement"][aria-live="polite"]')).toHaveCount(1);
  await expect(page.getByTestId("submission-state")).toHaveText("Open for submissions.");
  // Mid-attempt: one part answered, the next being typed, nothing submitted yet.
  await page.getByLabel("Answer a.dims").fill("m x l");
  await page.getByLabel("Answer a.formula").pressSequentially("Jf @");
  await expect(page.getByRole("button", { name: "Submit answers" })).toBeEnabled();
  // The time runs out on the page while the student is still typing: the page says so and closes the form.
  await expect(page.getByTestId("time-left")).toHaveText("none", { timeout: 30_000 });
  await expect(page.getByTestId("time-announcement")).toHaveText("Your time is up. Submissions are no longer accepted.");
  await expect(page.getByText("Your time is up: submissions are no longer accepted.")).toBeVisible();
  await expect(page.getByTestId("submission-state")).toHaveText("Closed: your time for this assessment is up.");
  await expect(page.getByRole("button", { name: "Submit answers" })).toBeDisabled();
  await page.getByLabel("Answer a.formula").pressSequentially(" Jg");
  await expect(page.getByRole("button", { name: "Submit answers" })).toBeDisabled();

  // A submission forced over HTTP is refused with the reason, stores nothing and uses no attempt.
  const forced = await page.request.post(`/api/problems/chain-rule/submissions?assessmentId=${assessmentId}`, {
    data: Buffer.from(JSON.stringify({ answers: { "a.dims": "m x l", "a.formula": "Jf @ Jg" } })),
    headers: { "content-type": "application/json" },
  });
  expect(forced.status()).toBe(403);
  expect((await forced.json()).error).toMatchObject({
    code: "SUBMISSIONS_CLOSED",
    message: expect.stringMatching(
      /^Your time for this assessment ran out at .+ UTC: this submission was not stored and used no attempt\.$/,
    ),
    details: { reason: "TIME_LIMIT" },
  });
  expect(await readDb<number>(`SELECT COUNT(*) FROM "Submission" WHERE "userId" = ?`, userId)).toBe(0);

  // The exam has not closed for everyone: the student's view holds results and gives no references.
  const variant = await (await page.request.get(`/api/problems/chain-rule/variant?assessmentId=${assessmentId}`)).json();
  expect(variant.policy).toMatchObject({
    feedbackMode: "EXAM",
    attemptLimit: 1,
    attemptsUsed: 0,
    closed: true,
    resultsHeld: true,
    resultsHeldUntil: "2030-01-20T23:59:00.000Z",
    referencesRevealed: false,
    timeLimit: { expired: true, remainingSeconds: 0 },
  });
  expect(variant.references).toBeUndefined();
  await page.reload();
  await expect(page.getByTestId("submission-state")).toHaveText("Closed: your time for this assessment is up.");
  await expect(page.getByRole("button", { name: "Submit answers" })).toBeDisabled();

  // Staff see on the student's review page when the student started and when their time ended.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await signIn(page, instructor.email, instructor.password);
  await expect(page).toHaveURL(/\/author$/);
  await page.goto(`/gradebook/${assessmentId}/students/${userId}`);
  await expect(page.getByTestId("time-limit-review")).toHaveText(/^Time limit 30 minutes: started .+ UTC, time ends .+ UTC\.$/);
});

test("the staff JSON API sets the opening time and the time limit, refusing an opening after the due date", async ({ page }) => {
  const stamp = Date.now();
  const assessmentId = `e2e-timed-${stamp}`;
  const now = new Date();
  await writeDb(
    `INSERT INTO "Assessment" (id, "courseId", slug, title, published, "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
    assessmentId,
    (await demoIds()).courseId,
    `api-${stamp}`,
    "Set over the API",
    false,
    now,
    now,
  );
  await signIn(page, instructor.email, instructor.password);
  await expect(page).toHaveURL(/\/author$/);
  const put = (settings: Record<string, unknown>) =>
    page.request.put(`/api/staff/assessments/${assessmentId}`, {
      data: Buffer.from(JSON.stringify({ settings: { title: "Set over the API", slug: `api-${stamp}`, ...settings } })),
      headers: { "content-type": "application/json" },
    });

  const refused = await put({ opensAt: "2030-01-16T09:00:00Z", dueAt: "2030-01-15T23:59:00Z", timeLimitMinutes: 45 });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error).toMatchObject({
    code: "INVALID_INPUT",
    details: { fields: [{ path: "opensAt", message: "The opening time must be before the due date." }] },
  });
  expect(await readDb<number | null>(`SELECT "timeLimitMinutes" FROM "Assessment" WHERE id = ?`, assessmentId)).toBeNull();
  const badLimit = await put({ timeLimitMinutes: 2.5 });
  expect(badLimit.status()).toBe(400);
  expect((await badLimit.json()).error.details.fields).toEqual([
    { path: "timeLimitMinutes", message: "Give the time limit in whole minutes." },
  ]);

  const saved = await put({ opensAt: "2030-01-10T09:00:00Z", dueAt: "2030-01-15T23:59:00Z", timeLimitMinutes: 45 });
  expect(saved.status()).toBe(200);
  const expected = { id: assessmentId, opensAt: "2030-01-10T09:00:00.000Z", dueAt: "2030-01-15T23:59:00.000Z", timeLimitMinutes: 45 };
  expect((await saved.json()).assessment).toMatchObject(expected);
  const read = await page.request.get(`/api/staff/assessments/${assessmentId}`);
  expect((await read.json()).assessment).toMatchObject(expected);
});
