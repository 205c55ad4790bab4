import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { demoIds } from "./support/demo-db";
import { expectSignedInAs, signIn } from "./support/sign-in";

const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!;
const student = account("STUDENT");
const ta = account("TA");
const instructor = account("INSTRUCTOR");

test.describe("signing in", () => {
  test("sends an anonymous visitor to the sign-in page", async ({ page }) => {
    await page.goto("/gradebook");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fgradebook/);
    await expect(page.getByRole("heading", { name: "Sign in to Chainrule" })).toBeVisible();
  });

  test("a student lands on their courses and sees the Section 07 assessment", async ({ page }) => {
    await signIn(page, student.email, student.password);
    await expect(page).toHaveURL(/\/courses$/);
    await expectSignedInAs(page, student.email);
    await expect(page.getByRole("heading", { name: "My courses" })).toBeVisible();
    await expect(page.getByRole("cell", { name: /Section 07/ })).toBeVisible();
    await expect(page.getByRole("link", { name: "Gradebook" })).toHaveCount(0);
  });

  test("a TA lands on the gradebook", async ({ page }) => {
    await signIn(page, ta.email, ta.password);
    await expect(page).toHaveURL(/\/gradebook$/);
    await expectSignedInAs(page, ta.email);
    await expect(page.getByRole("heading", { name: "Gradebook" })).toBeVisible();
    await expect(page.getByText("1 student enrolled")).toBeVisible();
    // The header's links follow the roles the server reads (app/components/site-header.tsx).
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Gradebook" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Authoring" })).toHaveCount(0);
  });

  test("an instructor lands on authoring and sees the Section 07 problems", async ({ page }) => {
    await signIn(page, instructor.email, instructor.password);
    await expect(page).toHaveURL(/\/author$/);
    await expectSignedInAs(page, instructor.email);
    await expect(page.getByRole("heading", { name: "Authoring" })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Gradebook" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Authoring" })).toBeVisible();
    for (const slug of ["chain-rule", "nn-backprop", "zero-init", "cnn-shapes"]) {
      await expect(page.getByRole("cell", { name: slug, exact: true })).toBeVisible();
    }
  });

  test("a wrong password is refused with a message and no session", async ({ page }) => {
    await signIn(page, student.email, "not-the-password");
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText(/Wrong email or password/);
    await expect(page).toHaveURL(/\/signin/);
    await page.goto("/courses");
    await expect(page).toHaveURL(/\/signin/);
  });

  test("signing out ends the session", async ({ page }) => {
    await signIn(page, student.email, student.password);
    await expect(page).toHaveURL(/\/courses$/);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
    await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
    await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
    await page.goto("/courses");
    await expect(page).toHaveURL(/\/signin/);
  });
});

test.describe("staff-only pages and endpoints", () => {
  test("a student is redirected away from the gradebook and authoring pages", async ({ page }) => {
    await signIn(page, student.email, student.password);
    await expect(page).toHaveURL(/\/courses$/);
    for (const staffPath of ["/gradebook", "/author"]) {
      await page.goto(staffPath);
      await expect(page).toHaveURL(new RegExp(`/forbidden\\?from=${encodeURIComponent(staffPath)}`));
      await expect(page.getByRole("heading", { name: "This page is for course staff" })).toBeVisible();
    }
  });

  test("a student gets 403 from a staff API, while their own API answers", async ({ page }) => {
    await signIn(page, student.email, student.password);
    await expect(page).toHaveURL(/\/courses$/);
    const roster = await page.request.get(`/api/staff/courses/${(await demoIds()).courseId}/roster`);
    expect(roster.status()).toBe(403);
    expect((await roster.json()).error.code).toBe("FORBIDDEN");
    const me = await page.request.get("/api/me");
    expect(me.status()).toBe(200);
    expect((await me.json()).user.email).toBe(student.email);
  });

  test("a TA reads the roster but may not open instructor-only authoring", async ({ page }) => {
    await signIn(page, ta.email, ta.password);
    await expect(page).toHaveURL(/\/gradebook$/);
    const roster = await page.request.get(`/api/staff/courses/${(await demoIds()).courseId}/roster`);
    expect(roster.status()).toBe(200);
    const emails = (await roster.json()).roster.map((entry: { email: string }) => entry.email);
    expect(emails).toEqual([instructor.email, ta.email, student.email]);
    await page.goto("/author");
    await expect(page).toHaveURL(/\/forbidden\?from=%2Fauthor/);
  });

  test("anonymous API calls get 401 JSON, not a page", async ({ request }) => {
    for (const endpoint of ["/api/me", "/api/assessments", `/api/staff/courses/${(await demoIds()).courseId}/roster`]) {
      const response = await request.get(endpoint);
      expect(response.status()).toBe(401);
      expect((await response.json()).error.code).toBe("UNAUTHENTICATED");
    }
  });
});

test.describe("invite-only sign-up", () => {
  test("without an invite the page explains how to join", async ({ page }) => {
    await page.goto("/signup");
    await expect(page.getByRole("heading", { name: "Sign-up is by invitation" })).toBeVisible();
  });

  test("a new student signs up through the invite link and finds the course", async ({ page }) => {
    const email = `new-${Date.now()}@chainrule.test`;
    await page.goto(`/signup?invite=${(await demoIds()).inviteCode}`);
    await page.getByLabel("Name").fill("Nia Newcomer");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel(/Password/).fill("a-good-long-password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("status")).toContainText("If this email is new here, your account is ready");
    await signIn(page, email, "a-good-long-password");
    await expect(page).toHaveURL(/\/courses$/);
    await expect(page.getByRole("heading", { name: /Deep Learning \(demo course\)/ })).toBeVisible();
  });
});
