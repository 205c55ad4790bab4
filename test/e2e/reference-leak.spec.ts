import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { getBankProblem } from "../../grader/bank";
import { buildVariant } from "../../grader/problems";
import { demoIds } from "./support/demo-db";
import { E2E_DATABASE_FILE } from "./support/server-settings";
import { signIn } from "./support/sign-in";

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
    return [JSON.stringify(reference), ...numbers.filter((n) => !Number.isInteger(n) && String(n).replace(/^-?0\./, "").length >= 6).map(String)];
  }
  return [];
}

test("no page or API response a student can see carries a reference before the reveal date", async ({ page, browser }) => {
  const { section07Id } = demoIds();
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
      data: Buffer.from(JSON.stringify({ answers: slug === "cnn-shapes" ? { "b.1": "1" } : slug === "chain-rule" ? { "a.dims": "l x m" } : { "a.y": "1" } })),
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
  const db = new Database(E2E_DATABASE_FILE, { readonly: true });
  const seeds = db
    .prepare(
      "SELECT p.slug AS slug, v.seed AS seed FROM Variant v JOIN User u ON u.id = v.userId JOIN Problem p ON p.id = v.problemId WHERE u.email = ?",
    )
    .all(student.email)
    // Only the Section 07 bank problems: other specs may have the student answer authored ones.
    .filter((row) => SLUGS.includes((row as { slug: string }).slug)) as { slug: string; seed: number }[];
  db.close();
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
  const staff = await browser.newContext();
  const staffPage = await staff.newPage();
  const ta = DEMO_ACCOUNTS.find((a) => a.role === "TA")!;
  await signIn(staffPage, ta.email, ta.password);
  await expect(staffPage).toHaveURL(/\/gradebook$/);
  const me = await (await page.request.get("/api/me")).json();
  const review = await staffPage.request.get(`/api/staff/assessments/${section07Id}/students/${me.user.id}`);
  expect(review.status()).toBe(200);
  expect(scan([{ url: review.url(), text: await review.text() }]).leaks.length).toBeGreaterThan(10);
  await staff.close();
});
