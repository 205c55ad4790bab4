import { expect, test, type APIRequestContext } from "@playwright/test";
import Database from "better-sqlite3";
import { getBankProblem } from "../../grader/bank";
import { buildVariant } from "../../grader/problems";
import { descend, pairKind, type ZeroInitParams } from "../../grader/bank/section-07/zero-init";
import { demoIds } from "./support/demo-db";
import { E2E_DATABASE_FILE } from "./support/server-settings";
import { signIn, signUpThroughInvite } from "./support/sign-in";

// Issue 18: references may reach a student only once that student can no
// longer earn credit on the variant, and nothing on the page (plot, feedback,
// placeholder) may carry a part's answer before that part is settled. The
// assessment's rules are changed in the server's database for this spec
// (and put back after it); a student of its own joins through the invite
// link, so that no other spec's scores change.

const student = { name: "Rita Reveal", email: `rita-${Date.now()}@chainrule.test`, password: "rita-long-password" };
const SLUGS = ["chain-rule", "nn-backprop", "zero-init", "cnn-shapes"];
const DAY_MS = 24 * 60 * 60 * 1000;
/** What the page renders for a revealed reference (app/components/problem/reference-answer.tsx), in its HTML and RSC payload. */
const REFERENCE_ANSWER = "reference-answer";

interface Rules {
  dueAt: Date | null;
  lateCutoffAt: Date | null;
  attemptLimit: number | null;
  latePenaltyPerDay: number;
  revealPolicy: string;
}

type StoredRules = Record<"dueAt" | "lateCutoffAt" | "attemptLimit" | "latePenaltyPerDay" | "revealPolicy", unknown>;

function readStoredRules(assessmentId: string): StoredRules {
  const db = new Database(E2E_DATABASE_FILE, { readonly: true });
  try {
    return db
      .prepare("SELECT dueAt, lateCutoffAt, attemptLimit, latePenaltyPerDay, revealPolicy FROM Assessment WHERE id = ?")
      .get(assessmentId) as StoredRules;
  } finally {
    db.close();
  }
}

function writeStoredRules(assessmentId: string, rules: StoredRules): void {
  const db = new Database(E2E_DATABASE_FILE);
  try {
    db.prepare(
      "UPDATE Assessment SET dueAt = @dueAt, lateCutoffAt = @lateCutoffAt, attemptLimit = " +
        "@attemptLimit, latePenaltyPerDay = @latePenaltyPerDay, revealPolicy = @revealPolicy WHERE id = @id",
    ).run({ ...rules, id: assessmentId });
  } finally {
    db.close();
  }
}

/** Dates as Prisma's SQLite adapter stores them (ISO 8601 text with an explicit offset), or in ms if the seed's value is a number. */
function storedRulesOf(rules: Rules, like: StoredRules): StoredRules {
  const date = (value: Date | null) =>
    value === null ? null : typeof like.dueAt === "number" ? value.getTime() : value.toISOString().replace("Z", "+00:00");
  return { ...rules, dueAt: date(rules.dueAt), lateCutoffAt: date(rules.lateCutoffAt) };
}

function seedOf(email: string, slug: string): number {
  const db = new Database(E2E_DATABASE_FILE, { readonly: true });
  try {
    const row = db
      .prepare(
        "SELECT v.seed AS seed FROM Variant v JOIN User u ON u.id = v.userId " +
          "JOIN Problem p ON p.id = v.problemId WHERE u.email = ? AND p.slug = ?",
      )
      .get(email, slug) as { seed: number };
    return row.seed;
  } finally {
    db.close();
  }
}

/** Numbers with enough digits not to occur by chance, as JSON writes them. */
const telling = (values: number[]) => values.filter((n) => !Number.isInteger(n) && String(n).replace(/^-?0\./, "").length >= 6).map(String);

/** What would give a part's reference away: a matrix or shape as JSON, its long numbers, a formula. */
function referenceTells(reference: unknown): string[] {
  if (typeof reference === "string") return reference.includes("(") || reference.includes("@") ? [reference] : [];
  if (Array.isArray(reference)) {
    const numbers = reference.flat(3).filter((entry): entry is number => typeof entry === "number");
    return numbers.length === 0 ? [] : [JSON.stringify(reference), ...telling(numbers)];
  }
  return [];
}

/** The gradient descent of parts (c) and (d) from their grouped start, as the plot would draw it: its long numbers. */
function groupedDescentTells(seed: number): string[] {
  const params = buildVariant(getBankProblem("zero-init"), seed).params as ZeroInitParams;
  const steps = descend(params.groupedStart, params.x, params.descent);
  return telling(steps.flatMap((weights) => weights.W0.map((row) => row[0])));
}

async function loadAll(request: APIRequestContext, assessmentId: string, slug: string) {
  const view = await request.get(`/api/problems/${slug}/variant?assessmentId=${assessmentId}`);
  expect(view.status()).toBe(200);
  const html = await request.get(`/assessments/${assessmentId}/problems/${slug}`);
  expect(html.status()).toBe(200);
  return { json: await view.json(), viewText: await view.text(), html: await html.text() };
}

function leaksOf(texts: string[], tells: string[]): string[] {
  return tells.filter((tell) => texts.some((text) => text.includes(tell)));
}

test("references and answer-carrying displays reach a student only once that student can no longer earn credit", async ({ page }) => {
  const { section07Id, inviteCode } = await demoIds();
  const original = readStoredRules(section07Id);
  const setRules = (rules: Rules) => writeStoredRules(section07Id, storedRulesOf(rules, original));
  const now = Date.now();
  const late = {
    dueAt: new Date(now - 2 * DAY_MS),
    lateCutoffAt: null,
    attemptLimit: 5,
    latePenaltyPerDay: 0.1,
    revealPolicy: "AFTER_DUE",
  };
  try {
    await signUpThroughInvite(page, inviteCode, student);
    await signIn(page, student.email, student.password);
    await expect(page).toHaveURL(/\/courses$/);

    // The demo's situation: after the due date, no cut-off, 10 % a day. A late submission still earns 80 %, so nothing is revealed.
    setRules(late);
    for (const slug of SLUGS) {
      const { json, viewText, html } = await loadAll(page.request, section07Id, slug);
      expect(json.references).toBeUndefined();
      expect(json.policy).toMatchObject({ late: true, closed: false, referencesRevealed: false });
      expect(html).not.toContain(REFERENCE_ANSWER);
      const references = buildVariant(getBankProblem(slug), seedOf(student.email, slug)).parts.flatMap((part) =>
        referenceTells(part.reference),
      );
      expect(leaksOf([viewText, html], references)).toEqual([]);
    }
    // The policy text says when they will be shown.
    await page.goto(`/assessments/${section07Id}/problems/chain-rule`);
    await expect(page.getByTestId("reveal")).toContainText("once you can no longer earn credit");

    // zero-init: the plot does not run the descent of (c) and (d) before they are settled.
    const zeroInitSeed = seedOf(student.email, "zero-init");
    const descentTells = groupedDescentTells(zeroInitSeed);
    expect(descentTells.length).toBeGreaterThan(5);
    const zeroInit = await loadAll(page.request, section07Id, "zero-init");
    expect(leaksOf([zeroInit.viewText, zeroInit.html], descentTells)).toEqual([]);
    // No expression box suggests 2.1(a)'s answer.
    for (const slug of ["chain-rule", "nn-backprop"])
      expect((await loadAll(page.request, section07Id, slug)).html).not.toContain("W0 @ x + b0");

    // A wrong pair of (c) (same zᵢ, different outgoing weight) is explained without other parts' answers
    // (z = ½, ∂y/∂b⁽¹⁾ = 1, y = 0, or (d)'s count of units).
    const zeroInitParams = buildVariant(getBankProblem("zero-init"), zeroInitSeed).params as ZeroInitParams;
    const [i, j] = zeroInitParams.pairs.find(([a, b]) => pairKind(zeroInitParams.groupedStart, a, b) === "same-incoming")!;
    const wrongOption = await page.request.post(`/api/problems/zero-init/submissions?assessmentId=${section07Id}`, {
      data: { answers: { "c.pairs": [`units-${i + 1}-${j + 1}`] } },
      headers: { "content-type": "application/json" },
    });
    expect(wrongOption.status()).toBe(201);
    const pairs = (await wrongOption.json()).parts.find((p: { id: string }) => p.id === "c.pairs");
    expect(pairs.score).toBe(0);
    expect(pairs.feedback).toContain("separate at the first step");
    expect(pairs.feedback).not.toMatch(/½|1\/2|0\.5|= ?\d|\bis \d/);

    // Attempts used up: cnn-shapes (one attempt used) reveals; chain-rule (none used) does not.
    const wrong = await page.request.post(`/api/problems/cnn-shapes/submissions?assessmentId=${section07Id}`, {
      data: { answers: { "b.1": "1" } },
      headers: { "content-type": "application/json" },
    });
    expect(wrong.status()).toBe(201);
    setRules({ ...late, attemptLimit: 1 });
    const spent = await loadAll(page.request, section07Id, "cnn-shapes");
    expect(spent.json.policy).toMatchObject({ closed: true, referencesRevealed: true });
    expect(Object.keys(spent.json.references ?? {}).length).toBeGreaterThan(0);
    expect(spent.html).toContain(REFERENCE_ANSWER);
    const unspent = await loadAll(page.request, section07Id, "chain-rule");
    expect(unspent.json.references).toBeUndefined();
    expect(unspent.html).not.toContain(REFERENCE_ANSWER);

    // The late penalty has reached 100 %: nothing can be earned, so submissions are refused and references shown.
    setRules({ ...late, dueAt: new Date(now - 11 * DAY_MS) });
    const worthless = await loadAll(page.request, section07Id, "chain-rule");
    expect(worthless.json.policy).toMatchObject({ closed: true, referencesRevealed: true });
    expect(Object.keys(worthless.json.references ?? {}).length).toBeGreaterThan(0);
    expect(worthless.html).toContain(REFERENCE_ANSWER);
    const refused = await page.request.post(`/api/problems/chain-rule/submissions?assessmentId=${section07Id}`, {
      data: { answers: worthless.json.references },
      headers: { "content-type": "application/json" },
    });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error?.code).toBe("SUBMISSIONS_CLOSED");

    // Past the cut-off: references, and the zero-init plot with part (d)'s descent.
    setRules({ ...late, lateCutoffAt: new Date(now - DAY_MS) });
    const closed = await loadAll(page.request, section07Id, "zero-init");
    expect(closed.json.policy).toMatchObject({ closed: true, referencesRevealed: true });
    expect(closed.html).toContain(REFERENCE_ANSWER);
    expect(leaksOf([closed.viewText], descentTells).length).toBeGreaterThan(5);
  } finally {
    writeStoredRules(section07Id, original);
  }
});
