import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { demoIds } from "./support/demo-db";
import { signIn } from "./support/sign-in";

const student = DEMO_ACCOUNTS.find((a) => a.role === "STUDENT")!;

test("every response carries the security headers, with a same-origin Content-Security-Policy", async ({ request }) => {
  for (const path of ["/signin", "/api/health"]) {
    const headers = (await request.get(path)).headers();
    expect(headers["content-security-policy"]).toContain("default-src 'self'");
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).not.toMatch(/ 'unsafe-eval'/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  }
});

test("the problem page works under the policy: KaTeX renders, the live preview runs, nothing is refused", async ({ page }) => {
  const refusals: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refusals.push(message.text());
  });
  await signIn(page, student.email, student.password);
  await expect(page).toHaveURL(/\/courses$/);
  await page.goto(`/assessments/${demoIds().section07Id}/problems/zero-init`);
  await expect(page.locator(".katex").first()).toBeVisible();
  // KaTeX's fonts are served by this app, not a CDN.
  const fonts = await page.evaluate(() => performance.getEntriesByType("resource").map((entry) => entry.name).filter((name) => /KaTeX.*\.woff2?/.test(name)));
  expect(fonts.length).toBeGreaterThan(0);
  expect(fonts.every((url) => url.startsWith(new URL(page.url()).origin))).toBe(true);
  expect(refusals).toEqual([]);
});
