import { expect, type Page } from "@playwright/test";

/** The question the problem page asks before a submission with blank parts or on the last attempt. */
export function confirmDialog(page: Page) {
  return page.getByRole("dialog", { name: "Submit?" });
}

/**
 * Submits the problem page's form when some parts are blank (or it is the
 * last attempt): the page asks first, and this answers Submit.
 */
export async function submitConfirmingBlanks(page: Page) {
  await page.getByRole("button", { name: "Submit answers" }).click();
  const dialog = confirmDialog(page);
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Submit" }).click();
}
