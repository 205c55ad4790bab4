import { expect, test } from "@playwright/test";
import { demoIds } from "./support/demo-db";
import { signIn, signUpThroughInvite } from "./support/sign-in";

// The sign-in lock-out and the submission rate limit, through the real app.

test("five wrong passwords lock the address, and the lock is explained even for the right password", async ({ page }) => {
  const who = { name: "Lena Lockout", email: `lockout-${Date.now()}@chainrule.test`, password: "the-right-password" };
  await signUpThroughInvite(page, demoIds().inviteCode, who);
  for (let i = 0; i < 5; i++) {
    await signIn(page, who.email, `wrong-${i}`);
    await expect(page.getByText("Wrong email or password. Check both and try again.")).toBeVisible();
  }
  await signIn(page, who.email, who.password);
  await expect(page.getByText(/Too many failed sign-ins for this address: try again in 1 minute/)).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});

test("a student submitting faster than 30 times a minute gets 429 with how long to wait", async ({ page }) => {
  const who = { name: "Rapid Rita", email: `rapid-${Date.now()}@chainrule.test`, password: "rapid-long-password" };
  await signUpThroughInvite(page, demoIds().inviteCode, who);
  await signIn(page, who.email, who.password);
  await expect(page).toHaveURL(/\/courses$/);
  const url = `/api/problems/zero-init/submissions?assessmentId=${demoIds().section07Id}`;
  const statuses: number[] = [];
  let refusal: { error: { code: string; message: string; details: { retryAfterSeconds: number } } } | null = null;
  for (let i = 0; i < 31; i++) {
    // An unreadable answer: refused with 422 and no attempt used, but it still counts towards the limit.
    const response = await page.request.post(url, { data: Buffer.from('{"answers":{"a.y":"not a number"}}'), headers: { "content-type": "application/json" } });
    statuses.push(response.status());
    if (response.status() === 429) refusal = await response.json();
  }
  expect(statuses.slice(0, 30).every((status) => status === 422)).toBe(true);
  expect(statuses[30]).toBe(429);
  expect(refusal?.error.code).toBe("RATE_LIMITED");
  expect(refusal?.error.message).toMatch(/Too many submissions in a minute; wait \d+ s and submit again/);
  expect(refusal?.error.details.retryAfterSeconds).toBeGreaterThan(0);
});
