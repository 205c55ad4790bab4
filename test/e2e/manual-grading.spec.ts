import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { addDemoStudent, readDb, skipWithoutPostgres } from "./support/demo-db";
import { signIn } from "./support/sign-in";
import { submitConfirmingBlanks } from "./support/submit-form";

// Issue 22, manual grading: a student's free-text answer goes through the TA
// queue. TA one grades with rubric buttons and a comment while a second
// grader (the demo instructor, the only other staff account) works beside
// them in another browser context: they never hold the same answer.

const ta = DEMO_ACCOUNTS.find((a) => a.role === "TA")!;
const instructor = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!;
const SLUG = "section-07-reasoning";
/** Markup that would run if the answer were ever rendered as HTML: it sets a flag the test reads. */
const PAYLOAD = `<script>window.__xss = 1</script><img src=x onerror="window.__xss = 1"> equal gradients, equal updates`;

test.beforeEach(skipWithoutPostgres);

const reasoningId = () => readDb<string>(`SELECT id FROM "Assessment" WHERE slug = 'reasoning'`);
const problemUrl = async () => `/assessments/${await reasoningId()}/problems/${SLUG}`;

async function signedIn(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, who.email, who.password);
  await expect(page).toHaveURL(/\/(courses|gradebook|author)$/);
  return page;
}

async function openGradingQueue(page: Page) {
  await page.goto(`/gradebook/${await reasoningId()}/grading`);
  await page.locator(`tr[data-part="symmetry"]`).getByRole("link", { name: "Grade next" }).click();
  await expect(page.getByTestId("answer-text")).toBeVisible();
}

test("a TA grades a free-text answer through the queue beside another grader; the student sees the score and comment", async ({
  browser,
}) => {
  // Four sessions and a grading queue: under a loaded machine this takes about 40 s.
  test.setTimeout(90_000);
  // Two students answer 2.2(c) in words, one of them with markup in the answer.
  const studentOne = await addDemoStudent("freetext-one");
  const studentTwo = await addDemoStudent("freetext-two");
  const one = await signedIn(browser, studentOne);
  await one.goto(await problemUrl());
  await expect(one.getByText("Graded by the course staff.", { exact: false }).first()).toBeVisible();
  await one.getByLabel("Answer symmetry").fill(PAYLOAD);
  await submitConfirmingBlanks(one);
  await expect(one.getByTestId("part-result").first()).toContainText("Needs grading");
  const two = await signedIn(browser, studentTwo);
  const sent = await two.request.post(`/api/problems/${SLUG}/submissions?assessmentId=${await reasoningId()}`, {
    data: { answers: { symmetry: "Symmetric units get symmetric gradients. (second student)" } },
    headers: { "content-type": "application/json" },
  });
  expect(sent.status()).toBe(201);
  expect((await sent.json()).parts[0]).toMatchObject({ id: "symmetry", status: "needsGrading", score: 0 });

  // Both graders open the queue at once: each holds a different answer.
  const taPage = await signedIn(browser, ta);
  const otherPage = await signedIn(browser, instructor);
  await Promise.all([openGradingQueue(taPage), openGradingQueue(otherPage)]);
  const taText = await taPage.getByTestId("answer-text").textContent();
  const otherText = await otherPage.getByTestId("answer-text").textContent();
  expect(taText).not.toBe(otherText);
  expect([taText, otherText].sort()).toContain(PAYLOAD);

  // The answer with markup is shown as text on whichever page holds it, and nothing in it ran.
  const holder = taText === PAYLOAD ? taPage : otherPage;
  await expect(holder.getByTestId("answer-text")).toHaveText(PAYLOAD);
  await expect(holder.getByTestId("answer-text").locator("img, script")).toHaveCount(0);
  expect(await holder.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  // The TA opening the instructor's answer sees who holds it, and no grading form.
  const otherUrl = otherPage.url();
  await taPage.goto(otherUrl);
  await expect(taPage.getByTestId("claimed-by")).toContainText(`${instructor.name} is grading this answer`);
  await expect(taPage.getByRole("button", { name: "Save grade and open the next" })).toHaveCount(0);
  await taPage.goBack();

  // TA one grades the markup answer (their own, or the one the instructor skips) with one rubric item and a comment.
  if (holder !== taPage) {
    await otherPage.getByRole("link", { name: "Skip to the next answer that needs grading" }).click();
    await expect(otherPage.getByTestId("queue-empty")).toBeVisible();
    await taPage.getByRole("link", { name: "Skip to the next answer that needs grading" }).click();
    // The instructor takes the answer the TA let go.
    await openGradingQueue(otherPage);
  }
  await expect(taPage.getByTestId("answer-text")).toHaveText(PAYLOAD);
  await expect(taPage.getByTestId("grading-progress")).toContainText("2 left to grade");
  // The form shows the grade it would save as items are ticked.
  await expect(taPage.getByTestId("grade-total")).toHaveText("Grade: 0 of 2 points (0 rubric items checked).");
  await taPage.getByRole("checkbox", { name: /receive equal gradients/ }).check();
  await expect(taPage.getByTestId("grade-total")).toHaveText("Grade: 1 of 2 points (1 rubric item checked).");
  await taPage.getByLabel("Comment for the student").fill("Good start: now say why the updates stay equal <b>forever</b>.");
  await taPage.getByRole("button", { name: "Save grade and open the next" }).click();
  // The only other answer is the one the instructor holds: nothing left for this TA.
  await expect(taPage.getByTestId("queue-empty")).toBeVisible();

  // The student sees the score and the comment, as text.
  await one.goto(await problemUrl());
  const overrides = one.locator(".overrides");
  await expect(overrides).toContainText("Part symmetry: set to 50%");
  await expect(overrides).toContainText("Good start: now say why the updates stay equal <b>forever</b>.");
  const graded = one.locator('[data-part-id="symmetry"]').getByTestId("part-result");
  await expect(graded).toContainText("Graded by the course staff");
  await expect(graded).toContainText("Good start: now say why the updates stay equal <b>forever</b>.");
  await expect(graded.locator("b")).toHaveCount(0);
  expect(await one.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  // The gradebook counts it: 1 of the problem's 3 points.
  await taPage.goto(`/gradebook/${await reasoningId()}`);
  const row = taPage.getByRole("row").filter({ has: taPage.getByRole("rowheader", { name: /Test freetext-one/ }) });
  await expect(row.getByTestId(new RegExp(`cell-.*-${SLUG}`))).toHaveText(/^1\s*1 try\s*override$/);
  // The review page of the student not graded yet shows the answer's score as pending.
  const twoId = await readDb<string>(`SELECT id FROM "User" WHERE email = ?`, studentTwo.email);
  await taPage.goto(`/gradebook/${await reasoningId()}/students/${twoId}`);
  // (The submission's table sits in a closed disclosure: counted in the DOM.)
  await expect(taPage.locator("td").filter({ hasText: /^needs grading$/ })).toHaveCount(1);
  // Analytics count the rubric item checked.
  await taPage.goto(`/gradebook/${await reasoningId()}/analytics`);
  await expect(taPage.getByTestId("rubric-symmetry")).toContainText(
    "1 student: Units with equal incoming and outgoing weights receive equal gradients",
  );
  await expect(taPage.getByTestId("rubric-symmetry")).toContainText("0 students: Equal updates keep the weights equal");
  // Through the JSON API: the queue's counts; a grade of the answer the other grader holds is refused; students are refused.
  const api = `/api/staff/assessments/${await reasoningId()}/grading`;
  const queue = await (await taPage.request.get(api)).json();
  expect(
    queue.parts.map((part: { partId: string; needsGrading: number; graded: number }) => [part.partId, part.needsGrading, part.graded]),
  ).toEqual([
    ["symmetry", 1, 1],
    ["not-a-matrix", 0, 0],
  ]);
  const otherStudentId = new URL(otherPage.url()).searchParams.get("student")!;
  await expect(otherPage.getByTestId("answer-text")).not.toHaveText(PAYLOAD);
  const refused = await taPage.request.post(`${api}/grades`, {
    data: { assessmentProblemId: queue.parts[0].assessmentProblemId, partId: "symmetry", studentId: otherStudentId, rubricItemIds: [] },
    headers: { "content-type": "application/json" },
  });
  expect(refused.status()).toBe(409);
  expect((await one.request.get(api)).status()).toBe(403);
  // And the queue has one answer left, the other grader's.
  await taPage.goto(`/gradebook/${await reasoningId()}/grading`);
  await expect(taPage.locator(`tr[data-part="symmetry"]`).getByTestId("needs-grading")).toHaveText("1");
});
