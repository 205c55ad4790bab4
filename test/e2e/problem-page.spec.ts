import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { demoIds } from "./support/demo-db";
import { signIn } from "./support/sign-in";
import { confirmDialog, submitConfirmingBlanks } from "./support/submit-form";

// The student's problem page in a real browser against the
// production build: live errors computed in the browser, a refused
// (unreadable) submission that uses no attempt, a wrong-shape one that
// homework (the demo assessment's feedback mode) grades as wrong,
// a correct one, and the assessment's progress afterwards. Screenshots are
// saved as artefacts.

const student = DEMO_ACCOUNTS.find((a) => a.role === "STUDENT")!;
const MISSING_TRANSPOSE = "(W1 * z * (1 - z)) @ x.T";
const CORRECT_DW0 = "(W1.T * z * (1 - z)) @ x.T";
const UNREADABLE = "(W1.T * z";
const SHAPE_ERROR = "W1 is 1×h and z is h×1: ∘ needs equal shapes; did you mean W1.T?";

/** The Section 07 assessment's id, read from the server's SQLite file. */

async function saveScreenshot(page: Page, testInfo: TestInfo, name: string) {
  // outputPath is under playwright.config's outputDir (.tmp/e2e-results), so the file stays after the run.
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

test.describe("the problem page", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, student.email, student.password);
    await expect(page).toHaveURL(/\/courses$/);
  });

  test("a student sees a live parse error, a wrong-shape homework answer graded wrong, full credit for d.dW0 and progress update", async ({
    page,
  }, testInfo) => {
    const assessmentId = (await demoIds()).section07Id;
    await page
      .getByRole("link", { name: /Section 07/ })
      .first()
      .click();
    await expect(page).toHaveURL(new RegExp(`/assessments/${assessmentId}$`));
    const scoreCell = page.getByTestId("score-nn-backprop");
    await expect(scoreCell).toHaveText(/^0 \/ \d+/);
    const progress = page.getByTestId(`progress-${assessmentId}`);
    const progressBefore = (await progress.innerText()).trim();

    await page.getByRole("link", { name: /One-hidden-layer network/ }).click();
    await expect(page).toHaveURL(new RegExp(`/assessments/${assessmentId}/problems/nn-backprop$`));
    await expect(page.getByRole("heading", { level: 1, name: /One-hidden-layer network/ })).toBeVisible();
    // KaTeX rendered the statement in the page (its fonts come from the build, not a CDN).
    await expect(page.locator(".statement .katex").first()).toBeVisible();
    await expect(page.getByTestId("attempts")).toHaveText(/^0 of \d+ attempts used/);

    const dW0 = page.getByLabel("Answer d.dW0");
    const liveError = page.getByTestId("answer-d-dW0-error");
    const dW0Part = page.locator('[data-part-id="d.dW0"]');
    await dW0.fill(UNREADABLE);
    await expect(liveError).toHaveText("This “(” is never closed");
    await expect(dW0).toHaveAttribute("aria-invalid", "true");

    // Submitting it anyway (the other parts are blank, so the page asks first): the server refuses it with the same message, and
    // no attempt is used.
    await submitConfirmingBlanks(page);
    await expect(page.getByTestId("submit-banner")).toContainText("Not submitted: no attempt was used.");
    await expect(dW0Part.getByRole("note")).toContainText("Not graded");
    await expect(page.getByTestId("attempts")).toHaveText(/^0 of \d+ attempts used/);

    // Homework: while typing, the preview shows how the answer was read but not whether its shape is right...
    await dW0.fill(MISSING_TRANSPOSE);
    await expect(dW0Part.locator(".interpreted-as")).toContainText("Interpreted as");
    await expect(liveError).toBeEmpty();
    await expect(dW0).toHaveAttribute("aria-invalid", "false");
    // ...and submitted, the missing transpose is graded as wrong and uses an attempt.
    await submitConfirmingBlanks(page);
    await expect(page.getByTestId("submit-banner")).toContainText("Attempt 1 graded");
    await expect(dW0Part.getByTestId("part-result")).toHaveText(/^Not correct: 0 \/ 3 points/);
    await expect(dW0Part.getByTestId("part-result")).toContainText(SHAPE_ERROR);
    await expect(page.getByTestId("attempts")).toHaveText(/^1 of \d+ attempts used/);

    await dW0.fill(CORRECT_DW0);
    await expect(liveError).toBeEmpty();
    await expect(dW0).toHaveAttribute("aria-invalid", "false");
    await expect(dW0Part.locator(".interpreted-as")).toContainText("h×d");
    await saveScreenshot(page, testInfo, "problem-page-desktop-before-submit");

    const submit = page.getByRole("button", { name: "Submit answers" });
    await submitConfirmingBlanks(page);
    await expect(page.getByTestId("submit-banner")).toContainText("Attempt 2 graded");
    await expect(dW0Part.getByTestId("part-result")).toHaveText(/^Correct: 3 \/ 3 points/);
    await expect(page.getByTestId("attempts")).toHaveText(/^2 of \d+ attempts used/);
    await expect(page.getByTestId("standing")).not.toHaveText(/Not attempted/);
    await expect(page.getByTestId("history")).toContainText("Attempt 2");
    await expect(page.getByTestId("history")).toContainText("Attempt 1");
    await saveScreenshot(page, testInfo, "problem-page-desktop-after-submit");

    await page.setViewportSize({ width: 390, height: 844 });
    await expect(submit).toBeVisible();
    await saveScreenshot(page, testInfo, "problem-page-phone");

    // The assessment page counts the new points.
    await page
      .getByRole("link", { name: /Section 07/ })
      .first()
      .click();
    await expect(page).toHaveURL(new RegExp(`/assessments/${assessmentId}$`));
    await expect(scoreCell).not.toHaveText(/^0 \//);
    await expect(progress).not.toHaveText(progressBefore);
  });

  test("is usable with the keyboard alone: Tab reaches the answer, Enter in it submits nothing, the button and the dialog submit", async ({
    page,
  }) => {
    const assessmentId = (await demoIds()).section07Id;
    await page.goto(`/assessments/${assessmentId}/problems/zero-init`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    // The zero-init demo's plot: from a random start only, until parts (c) and (d) are settled, since the run from their start
    // answers them.
    const plot = page.getByRole("figure", { name: "Hidden units during gradient descent" });
    await expect(plot).toBeVisible();
    await expect(plot).toContainText("starting from a random initialisation");
    await expect(plot.getByTestId("symmetry-held")).toContainText("appears here once parts (c) and (d) are settled");
    await expect(plot.getByLabel("The start of parts (c) and (d)")).toHaveCount(0);

    const answer = page.getByLabel("Answer a.y");
    await answer.focus();
    await page.keyboard.type("abc");
    await expect(page.locator("#answer-a-y-check")).toContainText("A number may use");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("0");
    // Tab moves on to the next part's first control, in reading order.
    await page.keyboard.press("Tab");
    await expect(page.locator('[data-part-id="b.dW1"] input').first()).toBeFocused();
    await answer.focus();
    await page.keyboard.press("Enter");
    await expect(confirmDialog(page)).toHaveCount(0);
    // Enter in a field submits nothing; the button does, and with parts blank the dialog asks first, Cancel focused.
    await page.getByRole("button", { name: "Submit answers" }).focus();
    await page.keyboard.press("Enter");
    const dialog = confirmDialog(page);
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(dialog.getByRole("button", { name: "Submit" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("submit-banner")).toContainText(/Attempt \d+ graded/);
    // Focus moves to the outcome, so that a keyboard or screen-reader user is told the result.
    await expect(page.locator(".banner-slot")).toBeFocused();
    await expect(page.locator('[data-part-id="a.y"]').getByTestId("part-result")).toHaveText(/^Correct: 1 \/ 1 point/);
  });

  test("shows a choice part's options in the order the server sent, grades the picks by id, and keeps them on reload", async ({ page }) => {
    const { section07Id } = await demoIds();
    // The order is the variant's shuffle, done on the server (the browser has no seed to do it with).
    const view = await (await page.request.get(`/api/problems/chain-rule/variant?assessmentId=${section07Id}`)).json();
    const sent = view.variant.parts
      .find((part: { id: string }) => part.id === "a.conditions")
      .answer.options.map((option: { id: string }) => option.id);
    expect([...sent].sort()).toEqual(["f-at-gx", "f-everywhere", "g-at-x", "invertible", "same-size"]);

    await page.goto(`/assessments/${section07Id}/problems/chain-rule`);
    const part = page.locator('[data-part-id="a.conditions"]');
    const boxes = part.locator('input[type="checkbox"]');
    await expect(boxes).toHaveCount(5);
    expect(await boxes.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).toEqual(sent);
    // Each option's text is rendered (KaTeX) next to its box.
    await expect(part.locator(".choice-option .katex").first()).toBeVisible();

    await part.locator('input[value="g-at-x"]').check();
    await part.locator('input[value="f-at-gx"]').check();
    await submitConfirmingBlanks(page);
    await expect(page.getByTestId("submit-banner")).toContainText(/Attempt \d+ graded/);
    await expect(part.getByTestId("part-result")).toHaveText(/^Correct: 1 \/ 1 point/);
    // Each chosen option is marked; the ones left out are not.
    await expect(part.locator('.choice-option[data-mark="right"] input')).toHaveCount(2);
    await expect(part.locator(".choice-option[data-mark]")).toHaveCount(2);
    await expect(part.locator('.choice-option[data-mark="right"]').first()).toContainText("✓ right");

    // Coming back shows the last answers, read on the server, in the same order.
    await page.reload();
    await expect(part.locator('input[value="g-at-x"]')).toBeChecked();
    await expect(part.locator('input[value="f-at-gx"]')).toBeChecked();
    await expect(part.locator('input[value="invertible"]')).not.toBeChecked();
    expect(await boxes.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).toEqual(sent);
  });

  test("copies a parameter as NumPy, shows a matrix part's precision, and fills its grid from a pasted literal with fractions", async ({
    page,
    context,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto(`/assessments/${(await demoIds()).section07Id}/problems/nn-backprop`);
    await page.getByRole("button", { name: "Copy as NumPy: W0" }).click();
    await expect(page.getByRole("button", { name: "Copy as NumPy: W0" }).locator("xpath=following-sibling::*[@role='status']")).toHaveText(
      "Copied",
    );
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^W0 = np\.array\(\[\n {4}\[-?\d/);
    const grid = page.getByRole("group", { name: /^Answer e\.dW0: / });
    await expect(grid).toHaveAccessibleName("Answer e.dW0: 2 by 2 entries");

    // A paste of several entries into one cell fills the whole grid, resizing it.
    await grid.getByLabel("Row 1, column 1").evaluate((cell) => {
      const data = new DataTransfer();
      data.setData("text/plain", "0.1\t-0.2\n0.3\t-0.4\n0.5\t-0.6\n0.7\t-0.8");
      cell.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    });
    const filled = page.getByRole("group", { name: "Answer e.dW0: 4 by 2 entries" });
    await expect(filled).toBeVisible();
    await expect(filled.getByLabel("Row 4, column 2")).toHaveValue("-0.8");
    await expect(page.getByLabel("Rows").first()).toHaveValue("4");

    // The rule is shown beside the input. The paste box reads NumPy, fractions included; a bad cell is named by its row and column.
    const part = page.locator('[data-part-id="e.db0"]');
    await expect(part.getByTestId("precision-rule")).toHaveText("Give each entry to 3 significant figures.");
    await part.getByText("Paste a whole matrix").click();
    await part.getByLabel(/NumPy, MATLAB or LaTeX/).fill("np.array([[1/2], [0.2], [0.3], [0.4]])");
    await part.getByRole("button", { name: "Fill the grid" }).click();
    await expect(part.getByText("Filled the grid with a 4×1 matrix.")).toBeVisible();
    await expect(part.getByLabel("Row 1, column 1")).toHaveValue("0.5");
    await part.getByLabel("Row 3, column 1").fill("0.3.1");
    await expect(part.locator(".live-check.error").first()).toHaveText(/^Row 3, column 1: /);
  });
});
