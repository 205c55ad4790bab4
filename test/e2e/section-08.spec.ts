import { expect, test } from "@playwright/test";
import { getBankProblem } from "../../grader/bank";
import { addDemoStudent, readDb } from "./support/demo-db";
import { drawnVariant, fillGrid } from "./support/answer-form";
import { signIn } from "./support/sign-in";

// Section 08 in the browser: a demo student opens the set's assessment
// (which the demo seed creates for every set with `demo`), answers every
// part of ce-logit-gradient correctly and gets full marks. The answers come
// from the bank: the numbers are the references of the variant the server
// drew for this student, the formulas the problem's own correct examples.

const PROBLEM = "ce-logit-gradient";

test("a student answers Section 08's cross-entropy gradient problem correctly and gets full marks", async ({ page }) => {
  const student = await addDemoStudent("section-08");
  await signIn(page, student.email, student.password);
  await expect(page).toHaveURL(/\/courses$/);

  const assessmentId = await readDb<string>(`SELECT id FROM "Assessment" WHERE slug = 'section-08'`);
  await page.goto(`/assessments/${assessmentId}`);
  await expect(page.getByRole("heading", { level: 1, name: /Section 08/ })).toBeVisible();
  await expect(page.getByTestId(`score-${PROBLEM}`)).toHaveText(/^0 \/ 7/);
  await page.getByRole("link", { name: /Cross-entropy: the gradient with respect to the logits/ }).click();
  await expect(page).toHaveURL(new RegExp(`/assessments/${assessmentId}/problems/${PROBLEM}$`));
  await expect(page.locator(".statement .katex").first()).toBeVisible();

  const variant = await drawnVariant(student.email, PROBLEM);
  const definition = getBankProblem(PROBLEM);
  const reference = (partId: string) => variant.parts.find((part) => part.id === partId)!.reference;
  const firstCorrect = (partId: string) => String(definition.parts.find((part) => part.id === partId)!.examples(variant.params).correct[0]);

  await page.getByLabel("Answer a.formula").fill(firstCorrect("a.formula"));
  await fillGrid(page.locator('[data-part-id="b.values"]'), reference("b.values") as number[][]);
  await page.getByLabel("Answer b.loss").fill(String(reference("b.loss")));
  await page.getByLabel("Answer c.batch").fill(firstCorrect("c.batch"));
  // The live preview reads the batch formula with its shape, C×N, before anything is sent.
  await expect(page.locator('[data-part-id="c.batch"] .interpreted-as')).toContainText("C×N");

  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.getByTestId("submit-banner")).toContainText("Attempt 1 graded");
  for (const part of variant.parts) {
    await expect(page.locator(`[data-part-id="${part.id}"]`).getByTestId("part-result")).toHaveText(
      new RegExp(`^Correct: ${part.points} / ${part.points} points?`),
    );
  }

  await page.goto(`/assessments/${assessmentId}`);
  await expect(page.getByTestId(`score-${PROBLEM}`)).toHaveText(/^7 \/ 7/);
});
