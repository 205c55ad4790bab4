import { expect, test, type Page } from "@playwright/test";
import { addDemoStudent, demoIds } from "./support/demo-db";
import { signIn } from "./support/sign-in";
import { confirmDialog, submitConfirmingBlanks } from "./support/submit-form";
import { drawnVariant, fillGrid, gridCell } from "./support/answer-form";

// Issue 19, the submit form: per-entry marks after grading (right or wrong,
// never the value), each part keeping its last answer, Enter never
// submitting, and the question before a submission with blank parts or on
// the last attempt. Each test has a student of its own, so attempts used
// here touch no one else's.

const CORRECT_DW0 = "(W1.T * z * (1 - z)) @ x.T";
const PROBLEM = "nn-backprop";
const problemUrl = async () => `/assessments/${(await demoIds()).section07Id}/problems/${PROBLEM}`;
const submissionsUrl = async () => `/api/problems/${PROBLEM}/submissions?assessmentId=${(await demoIds()).section07Id}`;

/** The reference of one part of the student's variant, recomputed from the bank and the seed the server drew. */
async function referenceOf(email: string, partId: string): Promise<number[][]> {
  return (await drawnVariant(email, PROBLEM)).parts.find((part) => part.id === partId)!.reference as number[][];
}

/** Records the submissions the page sends. */
function watchSubmissions(page: Page): string[] {
  const sent: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().includes(`/api/problems/${PROBLEM}/submissions`)) sent.push(request.postData() ?? "");
  });
  return sent;
}

async function openAsNewStudent(page: Page, label: string) {
  const student = await addDemoStudent(label);
  await signIn(page, student.email, student.password);
  await expect(page).toHaveURL(/\/courses$/);
  await page.goto(await problemUrl());
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  return student;
}

test.describe("the submit form", () => {
  test("marks each matrix entry right or wrong without its value, and keeps every part's answer through submissions and a reload", async ({
    page,
  }) => {
    const student = await openAsNewStudent(page, "marks");
    const reference = await referenceOf(student.email, "e.db0");
    const rows = reference.length;
    const part = page.locator('[data-part-id="e.db0"]');
    // One wrong entry, the first; the others exactly right.
    await fillGrid(
      part,
      reference.map((row, i) => row.map((value) => (i === 0 ? value + 1 : value))),
    );
    await page.getByLabel("Answer d.dW0").fill(CORRECT_DW0);

    const graded = page.waitForResponse((response) => response.url().includes("/submissions") && response.request().method() === "POST");
    await submitConfirmingBlanks(page);
    const body = await (await graded).json();
    const result = body.parts.find((entry: { id: string }) => entry.id === "e.db0");
    expect(result.marks).toEqual({ kind: "entries", correct: reference.map((_, i) => i !== 0) });
    // Right or wrong only: the wrong entry's reference value is nowhere in the response or on the page.
    expect(JSON.stringify(body)).not.toContain(String(reference[0][0]));
    await expect(page.locator(".problem-view")).not.toContainText(String(reference[0][0]));

    await expect(gridCell(part, 0, 0)).toHaveAttribute("data-mark", "wrong");
    await expect(gridCell(part, 0, 0)).toHaveAccessibleName("Row 1, column 1, marked wrong");
    for (let i = 1; i < rows; i++) await expect(gridCell(part, i, 0)).toHaveAttribute("data-mark", "right");
    // The grader agrees its verb with the count: "1 of 2 entries is correct", "3 of 4 entries are correct".
    await expect(part.getByTestId("part-result")).toContainText(`${rows - 1} of ${rows} entries ${rows - 1 === 1 ? "is" : "are"} correct`);

    // Editing the wrong entry takes its mark away; the others keep theirs.
    await gridCell(part, 0, 0).fill(String(reference[0][0]));
    await expect(gridCell(part, 0, 0)).not.toHaveAttribute("data-mark");
    await expect(gridCell(part, 1, 0)).toHaveAttribute("data-mark", "right");

    // The second attempt leaves d.dW0 out; the page keeps e.db0 as typed.
    await page.getByLabel("Answer d.dW0").fill("");
    await submitConfirmingBlanks(page);
    await expect(page.getByTestId("submit-banner")).toContainText("Attempt 2 graded");
    await expect(gridCell(part, 0, 0)).toHaveValue(String(reference[0][0]));
    await expect(gridCell(part, 0, 0)).toHaveAttribute("data-mark", "right");

    // On a reload each part comes back from the latest submission that answered it: d.dW0 from attempt 1.
    await page.reload();
    await expect(page.getByLabel("Answer d.dW0")).toHaveValue(CORRECT_DW0);
    await expect(gridCell(part, 0, 0)).not.toHaveValue("");
    for (let i = 0; i < rows; i++) await expect(gridCell(part, i, 0)).toHaveAttribute("data-mark", "right");
  });

  test("asks before a submission with blank parts: Cancel sends nothing, Submit sends it", async ({ page }) => {
    await openAsNewStudent(page, "blanks");
    const sent = watchSubmissions(page);
    await page.getByLabel("Answer d.dW0").fill(CORRECT_DW0);

    await page.getByRole("button", { name: "Submit answers" }).click();
    const dialog = confirmDialog(page);
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("8 parts are blank: they score 0 in this attempt.");
    await expect(dialog).not.toContainText("last attempt");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId("submit-banner")).toHaveCount(0);
    await expect(page.getByTestId("attempts")).toHaveText(/^0 of 5 attempts used/);
    expect(sent).toEqual([]);

    await submitConfirmingBlanks(page);
    await expect(page.getByTestId("submit-banner")).toContainText("Attempt 1 graded");
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0])).toEqual({ answers: { "d.dW0": CORRECT_DW0 } });
  });

  test("asks before the last attempt: Cancel keeps it, Submit uses it", async ({ page }) => {
    await openAsNewStudent(page, "last-attempt");
    // Four of the five attempts, through the API.
    for (let attempt = 1; attempt <= 4; attempt++) {
      const response = await page.request.post(await submissionsUrl(), {
        data: { answers: { "d.dW0": CORRECT_DW0 } },
        headers: { "Idempotency-Key": `last-attempt-${attempt}-${Date.now()}` },
      });
      expect(response.status()).toBe(201);
    }
    await page.reload();
    await expect(page.getByTestId("attempts")).toHaveText(/^4 of 5 attempts used/);
    const sent = watchSubmissions(page);

    await page.getByRole("button", { name: "Submit answers" }).click();
    const dialog = confirmDialog(page);
    await expect(dialog).toContainText("This uses your last attempt.");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId("attempts")).toHaveText(/^4 of 5 attempts used/);
    expect(sent).toEqual([]);

    await submitConfirmingBlanks(page);
    await expect(page.getByTestId("submit-banner")).toContainText("Attempt 5 graded");
    await expect(page.getByTestId("attempts")).toHaveText(/^5 of 5 attempts used/);
    expect(sent).toHaveLength(1);
  });

  test("Enter in an expression box or a matrix cell submits nothing", async ({ page }) => {
    await openAsNewStudent(page, "enter");
    const sent = watchSubmissions(page);
    const expression = page.getByLabel("Answer d.dW0");
    await expression.fill(CORRECT_DW0);
    await expression.press("Enter");
    const part = page.locator('[data-part-id="e.db0"]');
    await gridCell(part, 0, 0).fill("0.5");
    await gridCell(part, 0, 0).press("Enter");
    // Typing on after Enter reaches the field: the keys were handled, and none of them submitted or asked to.
    await gridCell(part, 0, 0).press("End");
    await gridCell(part, 0, 0).pressSequentially("1");
    await expect(gridCell(part, 0, 0)).toHaveValue("0.51");
    await expect(confirmDialog(page)).toHaveCount(0);
    await expect(page.getByTestId("submit-banner")).toHaveCount(0);
    expect(sent).toEqual([]);
    await expect(expression).toHaveValue(CORRECT_DW0);
  });
});
