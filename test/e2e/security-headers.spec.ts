import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { demoIds } from "./support/demo-db";
import { signIn } from "./support/sign-in";

const student = DEMO_ACCOUNTS.find((a) => a.role === "STUDENT")!;
const instructor = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!;

/** The response's Content-Security-Policy headers: exactly one is expected. */
function policies(response: APIResponse): string[] {
  return response
    .headersArray()
    .filter(({ name }) => name.toLowerCase() === "content-security-policy")
    .map(({ value }) => value);
}

function directive(policy: string, name: string): string {
  return (
    policy
      .split(";")
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${name} `)) ?? ""
  );
}

/** The nonce in a page policy's script-src, checked to be the only way an inline script may run. */
function nonceOf(policy: string): string {
  const scriptSrc = directive(policy, "script-src");
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toContain("'unsafe-eval'");
  expect(scriptSrc).toContain("'wasm-unsafe-eval'");
  const match = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc);
  expect(match, `a nonce in ${scriptSrc}`).not.toBeNull();
  return match![1];
}

/** Every <script> tag of the page's HTML, inline or not, with its nonce attribute (null when it has none). */
function scriptNonces(html: string): { tag: string; nonce: string | null }[] {
  return [...html.matchAll(/<script\b([^>]*)>/g)].map(([tag, attributes]) => ({
    tag,
    nonce: /\bnonce="([^"]*)"/.exec(attributes)?.[1] ?? null,
  }));
}

/** Collects what the browser refused under the policy, as console messages. */
function watchRefusals(page: Page): string[] {
  const refusals: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refusals.push(message.text());
  });
  return refusals;
}

test("every response carries the security headers, with a same-origin Content-Security-Policy", async ({ request }) => {
  for (const path of ["/signin", "/api/health"]) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(policies(response)).toHaveLength(1);
    expect(headers["content-security-policy"]).toContain("default-src 'self'");
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).not.toMatch(/ 'unsafe-eval'/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  }
});

test("pages get a fresh script nonce on every load, and every script on the page carries it", async ({ request }) => {
  const first = await request.get("/signin");
  const second = await request.get("/signin");
  const [firstNonce, secondNonce] = [nonceOf(policies(first)[0]), nonceOf(policies(second)[0])];
  expect(firstNonce).not.toBe(secondNonce);
  // 16 random bytes in base64.
  expect(firstNonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  // KaTeX positions glyphs with style attributes: styles stay allowed inline.
  expect(directive(policies(first)[0], "style-src")).toContain("'unsafe-inline'");
  const scripts = scriptNonces(await first.text());
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((script) => script.nonce !== firstNonce)).toEqual([]);
});

test("signed-in pages carry the nonce too; API responses and static files keep the static policy with no inline script at all", async ({
  page,
}) => {
  await signIn(page, student.email, student.password);
  await expect(page).toHaveURL(/\/courses$/);
  const problemPage = await page.request.get(`/assessments/${(await demoIds()).section07Id}/problems/zero-init`);
  expect(problemPage.status()).toBe(200);
  expect(policies(problemPage)).toHaveLength(1);
  const nonce = nonceOf(policies(problemPage)[0]);
  const scripts = scriptNonces(await problemPage.text());
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((script) => script.nonce !== nonce)).toEqual([]);

  // The proxy does not run for API calls and static files (no nonce there): they keep the static policy.
  const chunk = /<script\b[^>]*\bsrc="(\/_next\/static\/[^"]+)"/.exec(await problemPage.text())![1];
  for (const path of ["/api/me", chunk]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    expect(policies(response)).toHaveLength(1);
    expect(directive(policies(response)[0], "script-src"), path).toBe("script-src 'self' 'wasm-unsafe-eval'");
  }
});

test("the problem page works under the policy: KaTeX renders, the live preview runs, nothing is refused", async ({ page }) => {
  const refusals = watchRefusals(page);
  await signIn(page, student.email, student.password);
  await expect(page).toHaveURL(/\/courses$/);
  await page.goto(`/assessments/${(await demoIds()).section07Id}/problems/zero-init`);
  await expect(page.locator(".katex").first()).toBeVisible();
  // KaTeX's fonts are served by this app, not a CDN.
  const fonts = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .map((entry) => entry.name)
      .filter((name) => /KaTeX.*\.woff2?/.test(name)),
  );
  expect(fonts.length).toBeGreaterThan(0);
  expect(fonts.every((url) => url.startsWith(new URL(page.url()).origin))).toBe(true);
  // Hydrated: client-side navigation works (React runs only if its scripts were allowed).
  await page
    .getByRole("link", { name: /courses/i })
    .first()
    .click();
  await expect(page).toHaveURL(/\/courses$/);
  expect(refusals).toEqual([]);
});

test("the problem editor works under the policy: its try-an-answer box compiles WebAssembly, and eval is still refused", async ({
  page,
}) => {
  const refusals = watchRefusals(page);
  await signIn(page, instructor.email, instructor.password);
  await expect(page).toHaveURL(/\/author$/);
  await page.goto("/author/problems/new");
  await expect(page.getByTestId("diagnostics")).toContainText("No errors: the document compiles.");
  const preview = page.getByTestId("problem-preview");
  const firstPart = preview.locator("[data-part-id]").first();
  await expect(firstPart).toBeVisible();
  const partId = await firstPart.getAttribute("data-part-id");
  // The preview shows the part's reference: trying it is graded in the browser, by the engine.
  await expect(firstPart).toContainText("Reference answer: ");
  const reference = /Reference answer: (.+)$/.exec((await firstPart.textContent()) ?? "")![1].trim();
  await preview.getByLabel(`Answer ${partId}`).fill(reference);
  await preview.getByRole("button", { name: `Try this answer to ${partId}` }).click();
  await expect(firstPart).toContainText(/Correct: (\d+) \/ \1 points/);
  // 'wasm-unsafe-eval' lets the engine compile its kernel; 'unsafe-eval' stays off.
  const outcome = await page.evaluate(async () => {
    const emptyModule = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const wasm = await WebAssembly.compile(emptyModule).then(
      () => "compiled",
      (error: Error) => `refused: ${error.message}`,
    );
    let evaluated: string;
    try {
      evaluated = String((0, eval)("1 + 1"));
    } catch (error) {
      evaluated = `refused: ${(error as Error).name}`;
    }
    return { wasm, evaluated };
  });
  expect(outcome.wasm).toBe("compiled");
  expect(outcome.evaluated).toBe("refused: EvalError");
  expect(refusals.filter((message) => !/unsafe-eval/.test(message))).toEqual([]);
});
