import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { drawPoolMember } from "../../lib/pools/draw-pool-member";
import { drawnVariant } from "./support/answer-form";
import { addDemoStudent, demoIds, readDb, skipWithoutPostgres, type TestStudent } from "./support/demo-db";
import { signIn } from "./support/sign-in";
import { submitConfirmingBlanks } from "./support/submit-form";

// Question pools in a real browser against the real server: an instructor
// makes a placement a pool of two problems in the assessment editor; two
// students, chosen by computing the server's own draw for their user ids,
// are each given their own member, see only its title and statement,
// answer it and are graded on it; another member's address is 404 for them;
// the gradebook shows which member each drew.

const instructor = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!;
const ta = DEMO_ACCOUNTS.find((a) => a.role === "TA")!;

test.beforeEach(skipWithoutPostgres);

/** The pool: the placement's own problem first, as the server orders it. */
const POOL = [
  { slug: "chain-rule", title: "The chain rule" },
  { slug: "zero-init", title: "Weight initialisation: all zeros" },
] as const;

/** Creates and publishes an assessment whose one placement pools The chain rule with zero-init, through the editor; returns its id. */
async function createPooledAssessment(page: Page, title: string): Promise<string> {
  await signIn(page, instructor.email, instructor.password);
  await expect(page).toHaveURL(/\/author$/);
  await page.goto(`/author/courses/${(await demoIds()).courseId}/assessments/new`);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Slug (in links)").fill(title.toLowerCase().replace(/[^a-z0-9]+/g, "-"));
  await page.getByLabel("Due (UTC)").fill("2030-01-15T23:59");
  await page.getByLabel(`Include ${POOL[0].title}`).check();
  await page.getByLabel(`Points of ${POOL[0].title}`).fill("10");
  await page.getByLabel(`Pool ${POOL[1].title} with`).selectOption({ label: POOL[0].title });
  await page.getByRole("button", { name: "Create assessment" }).click();
  await expect(page).toHaveURL(/\/author\/assessments\/[^/]+$/);
  const assessmentId = page.url().split("/").at(-1)!;
  // The editor shows the pool as saved.
  await expect(page.getByLabel(`Pool ${POOL[1].title} with`)).toHaveValue(
    await readDb<string>(`SELECT "problemId" FROM "AssessmentProblem" WHERE "assessmentId" = ?`, assessmentId),
  );
  await page.getByRole("button", { name: "Publish to students" }).click();
  await expect(page.getByRole("button", { name: /Unpublish/ })).toBeVisible();
  return assessmentId;
}

function userIdOf(email: string): Promise<string> {
  return readDb<string>(`SELECT id FROM "User" WHERE email = ?`, email);
}

/**
 * Two new students who draw different members: the first one added, and
 * then students are added until the server's draw (computed here with its
 * own function from their ids) gives one the other member.
 */
async function twoStudentsDrawingDifferently(placementId: string): Promise<{ student: TestStudent; member: (typeof POOL)[number] }[]> {
  const drawOf = async (student: TestStudent) => POOL[drawPoolMember(await userIdOf(student.email), placementId, POOL.length)];
  const first = await addDemoStudent("pool-a");
  const firstMember = await drawOf(first);
  for (let i = 0; i < 40; i++) {
    const second = await addDemoStudent(`pool-b${i}`);
    const secondMember = await drawOf(second);
    if (secondMember !== firstMember) {
      return [
        { student: first, member: firstMember },
        { student: second, member: secondMember },
      ];
    }
  }
  throw new Error("40 students all drew the same member: the draw is not uniform.");
}

/** The one part each member is answered on here, and its right answer for the student's own variant. */
async function rightAnswer(email: string, slug: string): Promise<{ partId: string; answer: string }> {
  if (slug === "chain-rule") return { partId: "a.formula", answer: "Jf @ Jg" };
  const reference = (await drawnVariant(email, slug)).parts.find((part) => part.id === "b.db1")!.reference;
  return { partId: "b.db1", answer: String(reference) };
}

async function studentPage(browser: Browser, student: TestStudent): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, student.email, student.password);
  await expect(page).toHaveURL(/\/courses$/);
  return page;
}

test("a pool giving two students different problems", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const assessmentId = await createPooledAssessment(page, `Pool quiz ${Date.now()}`);
  const placementId = await readDb<string>(`SELECT id FROM "AssessmentProblem" WHERE "assessmentId" = ?`, assessmentId);
  const drawn = await twoStudentsDrawingDifferently(placementId);
  expect(new Set(drawn.map((d) => d.member.slug)).size).toBe(2);

  for (const { student, member } of drawn) {
    const other = POOL.find((m) => m !== member)!;
    const studentTab = await studentPage(browser, student);

    // The assessment lists the student's own member only.
    await studentTab.goto(`/assessments/${assessmentId}`);
    await expect(studentTab.getByRole("link", { name: member.title })).toBeVisible();
    await expect(studentTab.getByRole("link", { name: other.title })).toHaveCount(0);

    // Their problem page: its title and statement, answered and graded.
    await studentTab.getByRole("link", { name: member.title }).click();
    await expect(studentTab).toHaveURL(new RegExp(`/assessments/${assessmentId}/problems/${member.slug}$`));
    await expect(studentTab.getByRole("heading", { level: 1, name: member.title })).toBeVisible();
    await expect(studentTab.locator(".statement")).toBeVisible();
    const { partId, answer } = await rightAnswer(student.email, member.slug);
    await studentTab.getByLabel(`Answer ${partId}`).fill(answer);
    await submitConfirmingBlanks(studentTab);
    await expect(studentTab.getByTestId("submit-banner")).toContainText("Attempt 1 graded");
    await expect(studentTab.locator(`[data-part-id="${partId}"]`).getByTestId("part-result")).toHaveText(/^Correct/);

    // The other member is not theirs: the page and the API answer 404, and nothing is stored for it.
    const otherPage = await studentTab.goto(`/assessments/${assessmentId}/problems/${other.slug}`);
    expect(otherPage?.status()).toBe(404);
    const api = await studentTab.request.get(`/api/problems/${other.slug}/variant?assessmentId=${assessmentId}`);
    expect(api.status()).toBe(404);
    expect((await api.json()).error.code).toBe("NOT_FOUND");
    const submitted = await studentTab.request.post(`/api/problems/${other.slug}/submissions?assessmentId=${assessmentId}`, {
      data: { answers: { [(await rightAnswer(student.email, member.slug)).partId]: "1" } },
    });
    expect(submitted.status()).toBe(404);
    expect(
      await readDb<number>(
        `SELECT COUNT(*) FROM "Submission" s JOIN "Problem" p ON p.id = s."problemId" WHERE s."userId" = ? AND p.slug = ?`,
        await userIdOf(student.email),
        other.slug,
      ),
    ).toBe(0);
    await studentTab.context().close();
  }

  // The gradebook names each student's member.
  const taTab = await (await browser.newContext()).newPage();
  await signIn(taTab, ta.email, ta.password);
  await expect(taTab).toHaveURL(/\/gradebook$/);
  await taTab.goto(`/gradebook/${assessmentId}?search=pool-&pageSize=100`);
  await expect(taTab.getByText("pool of 2")).toBeVisible();
  for (const { student, member } of drawn) {
    await expect(taTab.getByTestId(`member-${await userIdOf(student.email)}-${POOL[0].slug}`)).toHaveText(member.slug);
  }
});
