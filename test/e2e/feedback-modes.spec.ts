import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { addDemoStudent, demoIds } from "./support/demo-db";
import { signIn } from "./support/sign-in";
import { submitConfirmingBlanks } from "./support/submit-form";

// Issue 19's feedback modes and per-part scoring in a real browser. Each
// test uses a student of its own (addDemoStudent), so attempts used here
// touch no other spec's.

const instructor = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!;

test.describe("feedback modes and per-part scoring", () => {
  test("homework (the demo's Section 07): 1(a)'s formula in the wrong order is graded as wrong, uses an attempt and is stored", async ({
    page,
  }) => {
    const student = await addDemoStudent("homework");
    const { section07Id } = await demoIds();
    await signIn(page, student.email, student.password);
    await expect(page).toHaveURL(/\/courses$/);
    await page.goto(`/assessments/${section07Id}/problems/chain-rule`);
    await expect(page.getByTestId("attempts")).toHaveText(/^0 of 5 attempts used/);
    await expect(page.getByTestId("feedback-mode")).toContainText("uses an attempt");

    const formula = page.getByLabel("Answer a.formula");
    const part = page.locator('[data-part-id="a.formula"]');
    await formula.fill("Jg @ Jf");
    // Read, so the preview shows it; its shape is not judged while typing in homework.
    await expect(part.locator(".interpreted-as")).toContainText("Interpreted as");
    await expect(page.getByTestId("answer-a-formula-error")).toBeEmpty();

    // The other parts are blank, so the page asks first.
    await submitConfirmingBlanks(page);
    await expect(page.getByTestId("submit-banner")).toContainText("Attempt 1 graded");
    await expect(part.getByTestId("part-result")).toHaveText(/^Not correct: 0 \/ 2 points/);
    await expect(part.getByTestId("part-result")).toContainText("columns of the left");
    await expect(page.getByTestId("attempts")).toHaveText(/^1 of 5 attempts used, 4 left/);

    // Stored: the history lists it, and the page comes back with the answer as it was sent.
    const history = await (await page.request.get(`/api/problems/chain-rule/submissions?assessmentId=${section07Id}`)).json();
    expect(history.submissions).toHaveLength(1);
    expect(history.submissions[0]).toMatchObject({ attempt: 1, score: 0, answers: { "a.formula": "Jg @ Jf" } });
    expect(history.submissions[0].parts.find((p: { id: string }) => p.id === "a.formula")).toMatchObject({ status: "graded", score: 0 });
    await page.reload();
    await expect(page.getByLabel("Answer a.formula")).toHaveValue("Jg @ Jf");
    await expect(page.getByTestId("history")).toContainText("Attempt 1");
  });

  test("an instructor sets per-part best scoring and homework in the editor; a student's parts keep their best over two attempts", async ({
    page,
  }) => {
    test.setTimeout(60_000);
    await signIn(page, instructor.email, instructor.password);
    await expect(page).toHaveURL(/\/author$/);
    await page.goto(`/author/courses/${(await demoIds()).courseId}/assessments/new`);
    const stamp = Date.now();
    await page.getByLabel("Title").fill(`Per-part best ${stamp}`);
    await page.getByLabel("Slug (in links)").fill(`per-part-${stamp}`);
    await page.getByLabel("Due (UTC)").fill("2030-01-15T23:59");
    await page.getByLabel("Which submission counts").selectOption("BEST_PER_PART");
    await page.getByLabel("Feedback mode").selectOption("HOMEWORK");
    await page.getByLabel("Include The chain rule").check();
    // As many points as chain-rule's parts have (10), so that a part's points read as whole numbers.
    await page.getByLabel("Points of The chain rule").fill("10");
    await page.getByRole("button", { name: "Create assessment" }).click();
    await expect(page).toHaveURL(/\/author\/assessments\/[^/]+$/);
    const assessmentId = page.url().split("/").at(-1)!;
    // The editor shows what was saved.
    await expect(page.getByLabel("Which submission counts")).toHaveValue("BEST_PER_PART");
    await expect(page.getByLabel("Feedback mode")).toHaveValue("HOMEWORK");
    await page.getByRole("button", { name: "Publish to students" }).click();
    await expect(page.getByRole("button", { name: /Unpublish/ })).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);

    const student = await addDemoStudent("per-part");
    await signIn(page, student.email, student.password);
    await expect(page).toHaveURL(/\/courses$/);
    await page.goto(`/assessments/${assessmentId}`);
    await expect(page.getByText("Each part keeps its best score over your submissions.")).toBeVisible();
    await page.goto(`/assessments/${assessmentId}/problems/chain-rule`);
    const dimsPart = page.locator('[data-part-id="a.dims"]');

    // Attempt 1: (a)'s dimensions right (1 of 10 points).
    await page.getByLabel("Answer a.dims").fill("m x l");
    await submitConfirmingBlanks(page);
    await expect(page.getByTestId("submit-banner")).toContainText("Attempt 1 graded");
    await expect(page.getByTestId("standing")).toContainText("1 of 10 points");

    // Attempt 2: the dimensions now wrong, the formula right (2 of 10 on its own; the best whole submission would count 2).
    await page.getByLabel("Answer a.dims").fill("l x m");
    await page.getByLabel("Answer a.formula").fill("Jf @ Jg");
    await submitConfirmingBlanks(page);
    await expect(page.getByTestId("submit-banner")).toContainText("Attempt 2 graded");
    await expect(dimsPart.getByTestId("part-result")).toHaveText(/^Not correct: 0 \/ 1 point/);
    // Each part keeps its best: the dimensions' 1 from attempt 1 and the formula's 2 from attempt 2.
    await expect(page.getByTestId("standing")).toContainText("3 of 10 points (30%)");
    await expect(dimsPart.locator(".part-points")).toContainText("counted 1");
  });
});
