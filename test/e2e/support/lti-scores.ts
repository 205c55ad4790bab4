// Answering in the tool inside the LMS's iframe, and reading the LMS's
// gradebook (test/lti/platform/gradebook.ts) as its teacher would: what the
// LTI browser tests use to see a score arrive at the platform.
import { expect, type FrameLocator, type Page } from "@playwright/test";
import type { PlatformUser } from "../../lti/platform";

/** A correct answer to part d.dW0 of the demo's nn-backprop problem. */
const CORRECT_DW0 = "(W1.T * z * (1 - z)) @ x.T";

/** What the tool shows of the student's progress in the assessment: the score the LMS should receive. */
export interface ShownProgress {
  earned: number;
  possible: number;
}

/**
 * Answers nn-backprop's d.dW0 correctly inside the tool's iframe (the
 * assessment page must be showing), sees it graded, then opens the
 * assessment page again in the iframe and reads its progress summary
 * ("3 of 15 points").
 */
export async function answerInFrame(page: Page, toolOrigin: string, assessmentId: string): Promise<ShownProgress> {
  const frame: FrameLocator = page.frameLocator('iframe[name="tool_content"]');
  await frame.locator(`a[href="/assessments/${assessmentId}/problems/nn-backprop"]`).first().click();
  await frame.getByLabel("Answer d.dW0").fill(CORRECT_DW0);
  await frame.getByRole("button", { name: "Submit answers" }).click();
  const confirm = frame.getByRole("dialog", { name: "Submit?" });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Submit" }).click();
  await expect(frame.getByTestId("submit-banner")).toContainText("Attempt 1 graded");
  await expect(frame.locator('[data-part-id="d.dW0"]').getByTestId("part-result")).toHaveText(/^Correct: 3 \/ 3 points/);
  await page
    .frames()
    .find((f) => f.url().startsWith(toolOrigin))!
    .goto(`${toolOrigin}/assessments/${assessmentId}`);
  const summary = await frame.getByTestId(`progress-${assessmentId}`).innerText();
  const [, earned, possible] = /^([\d.]+) of ([\d.]+) points/.exec(summary) ?? [];
  expect(earned, `the tool's progress summary: ${summary}`).toBeDefined();
  return { earned: Number(earned), possible: Number(possible) };
}

/** A learner's row in the LMS gradebook, reloaded: name, score, activity and grading progress, scores received, timestamp. */
export async function gradebookRow(gradebook: Page, column: string, student: PlatformUser): Promise<string[]> {
  await gradebook.reload();
  const row = gradebook.getByRole("table", { name: column }).getByRole("row", { name: student.name });
  return (await row.locator("th, td").allInnerTexts()).map((cell) => cell.trim());
}

/** The first five cells of a row once `progress` has arrived, out of however many scores it took (one). */
export function arrivedRow(student: PlatformUser, progress: ShownProgress): string[] {
  // One part of one problem answered: the assessment is under way, not complete.
  return [student.name, `${progress.earned} / ${progress.possible}`, "Submitted", "FullyGraded", "1"];
}

/** The row of a learner the LMS has no score for. */
export const emptyRow = (student: PlatformUser): string[] => [student.name, "—", "—", "—", "0", "—"];

/** Polls the gradebook until the learner's row shows `progress`, arrived once. */
export async function expectScoreArrives(gradebook: Page, column: string, student: PlatformUser, progress: ShownProgress): Promise<void> {
  await expect(async () => {
    expect((await gradebookRow(gradebook, column, student)).slice(0, 5)).toEqual(arrivedRow(student, progress));
  }).toPass({ timeout: 60_000 });
}
