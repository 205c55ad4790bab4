import { expect, test, type Browser, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { getBankProblem } from "../../grader/bank";
import { buildVariant } from "../../grader/problems";
import { demoIds } from "./support/demo-db";
import { E2E_DATABASE_FILE } from "./support/server-settings";
import { signIn } from "./support/sign-in";
import { submitConfirmingBlanks } from "./support/submit-form";

// Before the reveal date, nothing a student can load may carry a reference:
// every page and JSON response the demo student sees is scanned for the
// references of the student's own variants, computed here from the seeds the
// server drew.

const student = DEMO_ACCOUNTS.find((a) => a.role === "STUDENT")!;
const SLUGS = ["chain-rule", "nn-backprop", "zero-init", "cnn-shapes"];

/** Text that would give a reference away: non-round numbers of matrices, formulas, shapes with their numbers. */
function tellTales(reference: unknown): string[] {
  if (typeof reference === "string") return reference.includes("(") || reference.includes("@") ? [reference] : [];
  if (typeof reference === "number") return Number.isInteger(reference) ? [] : [String(reference)];
  if (Array.isArray(reference)) {
    const numbers = reference.flat(3).filter((entry): entry is number => typeof entry === "number");
    // Symbolic shapes such as ["n", "p", "q"] are the part's own symbols, shown with its prompt.
    if (numbers.length === 0) return [];
    // The whole matrix or shape as JSON, and each entry with enough digits not to occur by chance.
    return [
      JSON.stringify(reference),
      ...numbers.filter((n) => !Number.isInteger(n) && String(n).replace(/^-?0\./, "").length >= 6).map(String),
    ];
  }
  return [];
}

/** The student's variants of the Section 07 problems as the server drew them (other specs may have the student answer authored ones). */
function storedSeeds(email: string): { slug: string; seed: number }[] {
  const db = new Database(E2E_DATABASE_FILE, { readonly: true });
  try {
    return (
      db
        .prepare(
          "SELECT p.slug AS slug, v.seed AS seed FROM Variant v JOIN User u ON " +
            "u.id = v.userId JOIN Problem p ON p.id = v.problemId WHERE u.email = ?",
        )
        .all(email) as { slug: string; seed: number }[]
    ).filter((row) => SLUGS.includes(row.slug));
  } finally {
    db.close();
  }
}

/**
 * A TA's review of the signed-in student (of `studentPage`): the one place references and seeds may appear, so a scan of it shows
 * the scan works.
 */
async function staffReviewOfStudent(browser: Browser, studentPage: Page, assessmentId: string): Promise<{ url: string; text: string }> {
  const staff = await browser.newContext();
  try {
    const staffPage = await staff.newPage();
    const ta = DEMO_ACCOUNTS.find((a) => a.role === "TA")!;
    await signIn(staffPage, ta.email, ta.password);
    await expect(staffPage).toHaveURL(/\/gradebook$/);
    const me = await (await studentPage.request.get("/api/me")).json();
    const review = await staffPage.request.get(`/api/staff/assessments/${assessmentId}/students/${me.user.id}`);
    expect(review.status()).toBe(200);
    return { url: review.url(), text: await review.text() };
  } finally {
    await staff.close();
  }
}

test("no page or API response a student can see carries a reference before the reveal date", async ({ page, browser }) => {
  const { section07Id } = await demoIds();
  await signIn(page, student.email, student.password);
  await expect(page).toHaveURL(/\/courses$/);

  const bodies: { url: string; text: string }[] = [];
  const keep = async (url: string, text: Promise<string>) => bodies.push({ url, text: await text });
  for (const slug of SLUGS) {
    const view = await page.request.get(`/api/problems/${slug}/variant?assessmentId=${section07Id}`);
    expect(view.status()).toBe(200);
    await keep(view.url(), view.text());
    // A wrong but readable answer to every part that takes text, so that feedback is in the responses too.
    const submitted = await page.request.post(`/api/problems/${slug}/submissions?assessmentId=${section07Id}`, {
      data: Buffer.from(
        JSON.stringify({
          answers: slug === "cnn-shapes" ? { "b.1": "1" } : slug === "chain-rule" ? { "a.dims": "l x m" } : { "a.y": "1" },
        }),
      ),
      headers: { "content-type": "application/json" },
    });
    expect([201, 422]).toContain(submitted.status());
    await keep(submitted.url(), submitted.text());
    const history = await page.request.get(`/api/problems/${slug}/submissions?assessmentId=${section07Id}`);
    await keep(history.url(), history.text());
    const html = await page.request.get(`/assessments/${section07Id}/problems/${slug}`);
    expect(html.status()).toBe(200);
    await keep(html.url(), html.text());
  }
  for (const path of ["/courses", `/assessments/${section07Id}`, "/api/assessments", "/api/me"]) {
    const response = await page.request.get(path);
    await keep(response.url(), response.text());
  }

  // The student's variants, as the server drew them.
  const seeds = storedSeeds(student.email);
  expect(seeds.map((s) => s.slug).sort()).toEqual([...SLUGS].sort());

  const scan = (texts: { url: string; text: string }[]) => {
    const leaks: string[] = [];
    let checked = 0;
    for (const { slug, seed } of seeds) {
      for (const part of buildVariant(getBankProblem(slug), seed).parts) {
        for (const tale of tellTales(part.reference)) {
          checked++;
          for (const body of texts) if (body.text.includes(tale)) leaks.push(`${slug} ${part.id}: ${tale.slice(0, 60)} in ${body.url}`);
        }
      }
    }
    return { leaks, checked };
  };
  const studentScan = scan(bodies);
  expect(studentScan.checked).toBeGreaterThan(20);
  expect(studentScan.leaks).toEqual([]);

  // The scan does find references where they are allowed: in the staff's review of this student.
  expect(scan([await staffReviewOfStudent(browser, page, section07Id)]).leaks.length).toBeGreaterThan(10);
});

// Issue 10: with the bank's source, a variant's seed recomputes all its
// references, so no response may carry it: not the JSON API, not the page's
// HTML with its inline RSC payload, not the RSC payload of a client-side
// navigation, nor anything the browser fetches while a student works.
test("no response a student sees carries the seed of their variant", async ({ page, browser }) => {
  const { section07Id } = await demoIds();
  const bodies: { url: string; text: string }[] = [];
  const reading: Promise<void>[] = [];
  // Every response with data the browser itself receives: documents, RSC payloads, JSON (scripts are the same for everyone).
  page.on("response", (response) => {
    const type = response.headers()["content-type"] ?? "";
    if (!/text\/html|text\/plain|json|x-component/.test(type)) return;
    reading.push(
      response.text().then(
        (text) => void bodies.push({ url: response.url(), text }),
        // A redirect, or a response the page navigated away from, has no body to read.
        () => undefined,
      ),
    );
  });
  await signIn(page, student.email, student.password);
  await expect(page).toHaveURL(/\/courses$/);

  // Client-side navigation to each problem from the assessment page (an RSC fetch), then working on the page.
  for (const slug of SLUGS) {
    await page.goto(`/assessments/${section07Id}`);
    await page.locator(`a[href$="/problems/${slug}"]`).first().click();
    await expect(page).toHaveURL(new RegExp(`/problems/${slug}$`));
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.getByRole("textbox").first().fill("1");
    // Every bank problem has several parts, so the page asks about the blank ones first.
    await submitConfirmingBlanks(page);
    await expect(page.getByTestId("submit-banner")).toBeVisible();
  }
  // And the same through the JSON API and full page loads, with and without the RSC header.
  for (const slug of SLUGS) {
    for (const [path, headers] of [
      [`/api/problems/${slug}/variant?assessmentId=${section07Id}`, {}],
      [`/api/problems/${slug}/submissions?assessmentId=${section07Id}`, {}],
      [`/assessments/${section07Id}/problems/${slug}`, {}],
      [`/assessments/${section07Id}/problems/${slug}`, { RSC: "1" }],
    ] as [string, Record<string, string>][]) {
      const response = await page.request.get(path, { headers });
      expect(response.status()).toBe(200);
      bodies.push({ url: `${response.url()}${headers.RSC ? " (RSC)" : ""}`, text: await response.text() });
    }
  }

  await Promise.all(reading);
  const seeds = storedSeeds(student.email);
  expect(seeds.map((s) => s.slug).sort()).toEqual([...SLUGS].sort());
  expect(bodies.length).toBeGreaterThan(SLUGS.length * 4);
  const scan = (texts: { url: string; text: string }[]) => {
    const leaks: string[] = [];
    for (const { url, text } of texts) {
      // No field called seed at all, in plain or in escaped JSON (the RSC payload inside the HTML).
      if (/\\?"seed\\?"\s*:/i.test(text)) leaks.push(`a "seed" field in ${url}`);
      for (const { slug, seed } of seeds) {
        // The seed as a number of its own; the draw is from 1 to 2^31 − 1, so it has many digits and does not occur by chance.
        if (new RegExp(`(?<![\\d.])${seed}(?![\\d.])`).test(text)) leaks.push(`${slug}'s seed ${seed} in ${url}`);
      }
    }
    return leaks;
  };
  expect(scan(bodies)).toEqual([]);

  // The scan does find seeds where they are allowed: the staff's review of this student names each variant's seed.
  expect(scan([await staffReviewOfStudent(browser, page, section07Id)]).length).toBeGreaterThanOrEqual(SLUGS.length);
});
