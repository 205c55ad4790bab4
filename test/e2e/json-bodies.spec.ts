import { expect, test, type APIRequestContext } from "@playwright/test";
import { addDemoStudent, demoIds } from "./support/demo-db";
import { signIn } from "./support/sign-in";

// Issue 18: JSON bodies that used to get past the one JSON reader
// (lib/http/read-json.ts): an array nested 5,000 deep crashed zod's
// recursive parse (500), and a "__proto__" part was dropped on the way and
// stored as {} with 201, using an attempt. Each is sent over real HTTP by a
// student of its own, whose attempts are counted before and after.

const submissionsUrl = async (slug: string) => `/api/problems/${slug}/submissions?assessmentId=${(await demoIds()).section07Id}`;

async function post(request: APIRequestContext, slug: string, body: string) {
  // A Buffer is sent as it is; a string would be JSON-encoded again.
  return request.post(await submissionsUrl(slug), { data: Buffer.from(body), headers: { "content-type": "application/json" } });
}

async function attemptsUsed(request: APIRequestContext, slug: string): Promise<number> {
  const history = (await (await request.get(await submissionsUrl(slug))).json()) as { submissions: unknown[] };
  return history.submissions.length;
}

test.describe("hostile JSON bodies", () => {
  test.beforeEach(async ({ page }) => {
    const student = await addDemoStudent("json");
    await signIn(page, student.email, student.password);
    await expect(page).toHaveURL(/\/courses$/);
  });

  test("an answer nested 5,000 deep is refused with 400 naming the limit, and uses no attempt", async ({ page }) => {
    const deep = `${"[".repeat(5_000)}1${"]".repeat(5_000)}`;
    const response = await post(page.request, "chain-rule", `{"answers":{"a.dims":${deep}}}`);
    expect(response.status()).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toMatch(/nested more than 16 levels deep/);
    expect(await attemptsUsed(page.request, "chain-rule")).toBe(0);
  });

  test("a __proto__ part is refused with 400 naming the key, and uses no attempt", async ({ page }) => {
    const response = await post(page.request, "chain-rule", '{"answers":{"__proto__":[1]}}');
    expect(response.status()).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toMatch(/"__proto__"/);
    expect(await attemptsUsed(page.request, "chain-rule")).toBe(0);
  });

  test("forbidden keys are refused wherever they are and however they are spelt, and use no attempt", async ({ page }) => {
    const bodies: [string, string][] = [
      ['{"answers":{"a.dims":"m x l","constructor":{"prototype":1}}}', "constructor"],
      ['{"answers":{"a.dims":"m x l","prototype":"1"}}', "prototype"],
      ['{"__proto__":{"answers":{"a.dims":"m x l"}},"answers":{"a.dims":"m x l"}}', "__proto__"],
      ['{"answers":{"\\u005f_proto__":[1]}}', "__proto__"],
    ];
    for (const [body, key] of bodies) {
      const response = await post(page.request, "chain-rule", body);
      expect(response.status(), body).toBe(400);
      expect((await response.json()).error.message, body).toContain(`"${key}"`);
    }
    expect(await attemptsUsed(page.request, "chain-rule")).toBe(0);
    // An ordinary answer still goes through.
    expect((await post(page.request, "chain-rule", '{"answers":{"a.dims":"m x l"}}')).status()).toBe(201);
  });
});
