import { expect, test } from "@playwright/test";
import { getBankProblem } from "../../grader/bank";
import { buildVariant } from "../../grader/problems";
import { addDemoStudent, readDb } from "./support/demo-db";
import { drawnVariant, fillGrid } from "./support/answer-form";
import { signIn } from "./support/sign-in";

// Section 09 in the browser: a new demo student opens the set's assessment,
// answers every part of the residual-gradient problem (an authored problem
// document) and gets full marks; another opens the ResNet block (a document
// with Conv2d and BatchNorm2d layers) and gets a count right. The numeric answers are the references of
// the variant the server drew for this student, recomputed from the bank.

const PROBLEM = "residual-gradient";
const problem = getBankProblem(PROBLEM);
const FORMULAS = { "a.Jf": "diag(1 - f ** 2) @ W", "b.Jy": "eye(n) + diag(1 - f ** 2) @ W" };

test("a student answers the residual-gradient problem of Section 09 and gets full marks", async ({ page }, testInfo) => {
  const student = await addDemoStudent("section-09");
  await signIn(page, student.email, student.password);
  await expect(page).toHaveURL(/\/courses$/);
  const assessmentId = await readDb<string>(`SELECT id FROM "Assessment" WHERE slug = 'section-09'`);

  await page
    .getByRole("link", { name: /Section 09/ })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`/assessments/${assessmentId}$`));
  await page.getByRole("link", { name: /The gradient through a residual connection/ }).click();
  await expect(page).toHaveURL(new RegExp(`/assessments/${assessmentId}/problems/${PROBLEM}$`));
  await expect(page.getByRole("heading", { level: 1, name: /The gradient through a residual connection/ })).toBeVisible();

  const variant = await drawnVariant(student.email, PROBLEM);
  const reference = (partId: string) => variant.parts.find((part) => part.id === partId)!.reference as number[][];
  for (const [partId, formula] of Object.entries(FORMULAS)) await page.getByLabel(`Answer ${partId}`).fill(formula);
  await fillGrid(page.locator('[data-part-id="c.Jy"]'), reference("c.Jy"));
  await fillGrid(page.locator('[data-part-id="d.dLdx"]'), reference("d.dLdx"));
  await page.locator('[data-part-id="e.why"] input[value="identity-path"]').check();

  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.getByTestId("submit-banner")).toContainText("Attempt 1 graded");
  for (const part of problem.parts) {
    await expect(page.locator(`[data-part-id="${part.id}"]`).getByTestId("part-result")).toHaveText(
      new RegExp(`^Correct: ${part.points} / ${part.points} points?`),
    );
  }

  // Saved as an artefact (under playwright.config's outputDir), to look at the rendered statement and results.
  const screenshot = testInfo.outputPath("section-09-residual-gradient.png");
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach("section-09-residual-gradient", { path: screenshot, contentType: "image/png" });

  const total = problem.parts.reduce((sum: number, part: { points: number }) => sum + part.points, 0);
  await page
    .getByRole("link", { name: /Section 09/ })
    .first()
    .click();
  await expect(page.getByTestId(`score-${PROBLEM}`)).toHaveText(new RegExp(`^${total} / ${total}`));
});

test("the ResNet block's page, an authored document, shows its layers as PyTorch constructor text and grades a count", async ({
  page,
}, testInfo) => {
  const student = await addDemoStudent("section-09-resnet");
  await signIn(page, student.email, student.password);
  await expect(page).toHaveURL(/\/courses$/);
  const assessmentId = await readDb<string>(`SELECT id FROM "Assessment" WHERE slug = 'section-09'`);
  await page.goto(`/assessments/${assessmentId}/problems/resnet-block`);
  await expect(page.getByRole("heading", { level: 1, name: /Parameters of a ResNet basic block/ })).toBeVisible();

  const seed = await readDb<number>(
    `SELECT v.seed FROM "Variant" v JOIN "User" u ON u.id = v."userId" JOIN "Problem" p ON p.id = v."problemId" WHERE u.email = ? AND p.slug = ?`,
    student.email,
    "resnet-block",
  );
  const variant = buildVariant(getBankProblem("resnet-block"), seed);
  const { Cout } = (variant.params as { dimensions: Record<string, number> }).dimensions;
  await expect(page.locator(".statement").getByText(`BatchNorm2d(num_features=${Cout})`).first()).toBeVisible();

  const block = variant.parts.find((part) => part.id === "d.block")!.reference as number;
  await page.getByLabel("Answer d.block").fill(String(block));
  await page.getByRole("button", { name: "Submit answers" }).click();
  await page.getByRole("dialog", { name: "Submit?" }).getByRole("button", { name: "Submit" }).click();
  await expect(page.locator('[data-part-id="d.block"]').getByTestId("part-result")).toHaveText(/^Correct: 1 \/ 1 point/);

  const screenshot = testInfo.outputPath("section-09-resnet-block.png");
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach("section-09-resnet-block", { path: screenshot, contentType: "image/png" });
});
