import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { demoIds } from "./support/demo-db";
import { signIn } from "./support/sign-in";

const instructor = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!;
const student = DEMO_ACCOUNTS.find((a) => a.role === "STUDENT")!;

test.describe("instructors' roster and assessments", () => {
  test("an instructor previews and applies a roster import; the new person claims the account with the link the instructor gives", async ({
    page,
  }) => {
    const { courseId } = await demoIds();
    await signIn(page, instructor.email, instructor.password);
    await expect(page).toHaveURL(/\/author$/);
    await page.getByRole("link", { name: "Roster and invite link" }).click();
    await expect(page).toHaveURL(new RegExp(`/author/courses/${courseId}/roster$`));
    const inviteLink = (await page.getByTestId("invite-link").innerText()).trim();
    expect(inviteLink).toMatch(/\/signup\?invite=/);

    const email = `added-${Date.now()}@chainrule.test`;
    await page.getByLabel(/People to add or change/).fill(`email,name,role,section\n${email},Ravi Roster,ta,B\nnot-an-email,x,student,A`);
    await page.getByRole("button", { name: "Preview changes" }).click();
    await expect(page.getByText("Fix the lines below, then preview again.")).toBeVisible();
    await expect(page.getByLabel("Lines to fix")).toContainText('Line 3: "not-an-email" is not an email address');

    await page.getByLabel(/People to add or change/).fill(`email,name,role,section\n${email},Ravi Roster,ta,B`);
    await page.getByRole("button", { name: "Preview changes" }).click();
    await expect(page.getByTestId("roster-plan")).toContainText("Preview, nothing changed yet: 1 added");
    await expect(page.getByRole("cell", { name: email })).toHaveCount(0);
    await page.getByRole("button", { name: /Apply/ }).click();
    await expect(page.getByTestId("roster-plan")).toContainText("Applied: 1 added");
    await expect(page.getByRole("cell", { name: email })).toBeVisible();

    await page.getByRole("button", { name: "Password link for Ravi Roster" }).click();
    const claimLink = (await page.getByTestId("account-link").locator("code").innerText()).trim();
    expect(claimLink).toMatch(/\/set-password\/[A-Za-z0-9_-]{43}$/);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
    await page.goto(claimLink.replace(/^https?:\/\/[^/]+/, ""));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Set up your Chainrule account");
    await expect(page.getByText(email)).toBeVisible();
    await page.getByLabel(/New password/).fill("ravi-long-password");
    await page.getByRole("button", { name: "Set password" }).click();
    await expect(page.getByRole("status")).toContainText("Your password is set");
    await signIn(page, email, "ravi-long-password");
    // Added as a TA by the instructor: the claimed account keeps that role.
    await expect(page).toHaveURL(/\/gradebook$/);
    // The link worked once.
    await page.goto(claimLink.replace(/^https?:\/\/[^/]+/, ""));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("This link does not work any more");
  });

  test("an instructor creates an assessment, publishes it, and a student finds it", async ({ page }) => {
    await signIn(page, instructor.email, instructor.password);
    await page.getByRole("link", { name: "New assessment" }).click();
    await page.getByLabel("Title").fill("Week 8: CNN shapes again");
    await page.getByLabel("Slug (in links)").fill("week-8");
    await page.getByLabel("Due (UTC)").fill("2030-01-15T23:59");
    await page.getByLabel("Include Shapes and parameters in a convolutional network").check();
    await page.getByLabel("Points of Shapes and parameters in a convolutional network").fill("12");
    await page.getByRole("button", { name: "Create assessment" }).click();
    await expect(page).toHaveURL(/\/author\/assessments\/[^/]+$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("draft");

    // The server checks what the browser cannot: a cut-off before the due date.
    await page.getByLabel("No submissions after (UTC, optional)").fill("2030-01-10T00:00");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("The late cut-off must not be before the due date.")).toBeVisible();
    await page.getByLabel("No submissions after (UTC, optional)").fill("");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Saved.")).toBeVisible();

    await page.getByRole("button", { name: "Publish to students" }).click();
    await expect(page.getByRole("button", { name: /Unpublish/ })).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
    await signIn(page, student.email, student.password);
    await expect(page).toHaveURL(/\/courses$/);
    await page.getByRole("link", { name: "Week 8: CNN shapes again" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Week 8: CNN shapes again");
    await expect(page.getByRole("link", { name: "Shapes and parameters in a convolutional network" })).toBeVisible();
    await expect(page.getByText("0 / 12")).toBeVisible();
  });

  test("a TA may not open the roster or assessment editor", async ({ page }) => {
    const { courseId, section07Id } = await demoIds();
    const ta = DEMO_ACCOUNTS.find((a) => a.role === "TA")!;
    await signIn(page, ta.email, ta.password);
    await expect(page).toHaveURL(/\/gradebook$/);
    for (const path of [
      `/author/courses/${courseId}/roster`,
      `/author/assessments/${section07Id}`,
      `/author/courses/${courseId}/assessments/new`,
    ]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/forbidden/);
    }
  });
});
