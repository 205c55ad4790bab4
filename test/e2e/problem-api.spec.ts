import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { demoIds } from "./support/demo-db";
import { signIn } from "./support/sign-in";

// The JSON API over real HTTP, against the production build.

const student = DEMO_ACCOUNTS.find((a) => a.role === "STUDENT")!;

const submissionsUrl = async (slug: string) => `/api/problems/${slug}/submissions?assessmentId=${(await demoIds()).section07Id}`;

async function post(request: APIRequestContext, slug: string, body: string, headers: Record<string, string> = {}) {
  // A Buffer is sent as it is; a string would be JSON-encoded again.
  return request.post(await submissionsUrl(slug), { data: Buffer.from(body), headers: { "content-type": "application/json", ...headers } });
}

test.describe("the problem API", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, student.email, student.password);
    await expect(page).toHaveURL(/\/courses$/);
  });

  test("serves the student's variant without references", async ({ page }) => {
    const response = await page.request.get(`/api/problems/zero-init/variant?assessmentId=${(await demoIds()).section07Id}`);
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.variant.slug).toBe("zero-init");
    expect(body.variant.parts.map((p: { id: string }) => p.id)).toContain("d.symmetry");
    expect(body.references).toBeUndefined();
    expect(JSON.stringify(body)).not.toMatch(/"reference"|knownMistakes":\[\{/);
    // Nor the variant's seed , nor any other field called seed: choice options come already in the variant's order.
    expect(JSON.stringify(body)).not.toMatch(/"seed"/i);
    expect(body.policy).toMatchObject({ attemptLimit: 5, scoringPolicy: "BEST", feedbackMode: "HOMEWORK", referencesRevealed: false });
  });

  test("refuses unreadable answers with 422 and uses no attempt", async ({ page }) => {
    // Unreadable, so refused in every feedback mode (a wrong order such as Jg @ Jf is graded in homework: feedback-modes.spec.ts).
    const response = await post(page.request, "chain-rule", JSON.stringify({ answers: { "a.formula": "Jg @@ Jf" } }));
    expect(response.status()).toBe(422);
    const body = await response.json();
    expect(body.error.code).toBe("INVALID_ANSWERS");
    expect(body.error.details.parts[0].id).toBe("a.formula");
    const history = await (await page.request.get(await submissionsUrl("chain-rule"))).json();
    expect(history.submissions).toEqual([]);
  });

  test("grades a submission (201) and replays it for the same Idempotency-Key (200)", async ({ page }) => {
    const body = JSON.stringify({ answers: { "a.dims": "m x l" } });
    const first = await post(page.request, "chain-rule", body, { "idempotency-key": "e2e-key-1" });
    expect(first.status()).toBe(201);
    const graded = await first.json();
    expect(graded.parts.find((p: { id: string }) => p.id === "a.dims")).toMatchObject({ score: 1, status: "graded" });
    const again = await post(page.request, "chain-rule", body, { "idempotency-key": "e2e-key-1" });
    expect(again.status()).toBe(200);
    expect(await again.json()).toMatchObject({ submissionId: graded.submissionId, replayed: true });
    const history = await (await page.request.get(await submissionsUrl("chain-rule"))).json();
    expect(history.submissions).toHaveLength(1);
  });

  test("answers bad requests with a 4xx JSON error that names the problem", async ({ page }) => {
    const cases: [string, string, Record<string, string>, number, RegExp][] = [
      ["malformed JSON", "{answers:", {}, 400, /not valid JSON/],
      ["Infinity", '{"answers":{"a.dims":Infinity}}', {}, 400, /not valid JSON/],
      ["an unknown part", JSON.stringify({ answers: { "z.z": "1" } }), {}, 400, /unknown part z\.z/],
      ["a wrong answer type", JSON.stringify({ answers: { "a.dims": { m: 1 } } }), {}, 400, /answers/],
      ["no answers object", JSON.stringify({ answer: {} }), {}, 400, /answers/],
      ["a huge body", JSON.stringify({ answers: { "c.value": "1 ".repeat(200_000) } }), {}, 413, /over 256 KB/],
      ["a form post", "answers=1", { "content-type": "application/x-www-form-urlencoded" }, 400, /Content-Type: application\/json/],
    ];
    for (const [name, body, headers, status, message] of cases) {
      const response = await post(page.request, "chain-rule", body, headers);
      expect(response.status(), name).toBe(status);
      const error = (await response.json()).error;
      expect(error.message, name).toMatch(message);
    }
  });

  test("does not find problems outside the student's assessments", async ({ page }) => {
    const response = await page.request.get("/api/problems/no-such-problem/variant");
    expect(response.status()).toBe(404);
    expect((await response.json()).error.code).toBe("NOT_FOUND");
  });
});
