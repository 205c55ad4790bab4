import { expect, test } from "@playwright/test";
import { getBankProblem } from "../../grader/bank";
import { addDemoStudent, readDb } from "./support/demo-db";
import { drawnVariant, fillGrid } from "./support/answer-form";
import { signIn } from "./support/sign-in";

// Issue 21: a student works a Section 10 problem in the browser. The demo
// seed gives the course an assessment of the set; a new student opens it,
// answers every part of softmax-jacobian with the answers of their own
// variant (recomputed here from the bank and the seed the server drew) and
// gets full marks.

const PROBLEM = "softmax-jacobian";

test("a student opens the Section 10 assessment, answers softmax-jacobian from their variant and gets full marks", async ({ page }) => {
  const student = await addDemoStudent("section10");
  await signIn(page, student.email, student.password);
  await expect(page).toHaveURL(/\/courses$/);

  const assessmentId = await readDb<string>(`SELECT id FROM "Assessment" WHERE slug = 'section-10'`);
  await page.goto(`/assessments/${assessmentId}`);
  await expect(page.getByRole("heading", { level: 1, name: /Section 10: sequences and attention/ })).toBeVisible();
  const scoreCell = page.getByTestId(`score-${PROBLEM}`);
  await expect(scoreCell).toHaveText(/^0 \/ \d+/);

  const problem = getBankProblem(PROBLEM);
  await page.getByRole("link", { name: problem.title }).click();
  await expect(page).toHaveURL(new RegExp(`/assessments/${assessmentId}/problems/${PROBLEM}$`));
  await expect(page.getByRole("heading", { level: 1, name: problem.title })).toBeVisible();

  // The server drew the variant when the page opened; its answers come from the bank, never typed here.
  const variant = await drawnVariant(student.email, PROBLEM);
  const reference = (id: string) => variant.parts.find((part) => part.id === id)!.reference as number[][];
  await fillGrid(page.locator('[data-part-id="a.scores"]'), reference("a.scores"));
  await fillGrid(page.locator('[data-part-id="a.weights"]'), reference("a.weights"));
  await fillGrid(page.locator('[data-part-id="c.values"]'), reference("c.values"));
  // An expression part's reference is a grader-only formula; a student writes one of the problem's own correct examples.
  const formula = problem.parts.find((part) => part.id === "b.formula")!.examples(variant.params).correct[0] as string;
  await page.getByLabel("Answer b.formula").fill(formula);

  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.getByTestId("submit-banner")).toContainText("Attempt 1 graded");
  for (const part of problem.parts) {
    await expect(page.locator(`[data-part-id="${part.id}"]`).getByTestId("part-result")).toHaveText(
      new RegExp(`^Correct: ${part.points} / ${part.points} point`),
    );
  }

  const total = problem.parts.reduce((sum, part) => sum + part.points, 0);
  await page.goto(`/assessments/${assessmentId}`);
  await expect(scoreCell).toHaveText(new RegExp(`^${total} / ${total}`));
});
