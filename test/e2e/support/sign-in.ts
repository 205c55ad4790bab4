import { expect, type Page } from "@playwright/test";

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function expectSignedInAs(page: Page, email: string) {
  await expect(page.getByTestId("signed-in-as")).toContainText(email);
}

/** Creates an account through the demo course's invite link, as a new student would. */
export async function signUpThroughInvite(page: Page, inviteCode: string, who: { name: string; email: string; password: string }) {
  await page.goto(`/signup?invite=${inviteCode}`);
  await page.getByLabel("Name").fill(who.name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel(/Password/).fill(who.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status")).toContainText("If this email is new here, your account is ready");
}
