import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { addDemoStudent, demoIds, readDb } from "./support/demo-db";
import { E2E_BASE_URL } from "./support/server-settings";
import { addLtiAdmin } from "./support/lti-registration";
import { signIn } from "./support/sign-in";

// Inputs that used to get a 500 instead of a 4xx, each sent over real HTTP:
// an unpaired UTF-16 surrogate ("\ud800") in a JSON body, in a server
// action's arguments and in a problem document (the database refused it); a
// malformed percent-encoding in a path segment (Next failed to decode it);
// a server action posted from another origin (Next refused it with a 500).
// Each must now be a 4xx whose message says what was wrong, with nothing
// stored.

const instructor = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!;

/** JSON text sent as it is: a string would be JSON-encoded again, and its escapes with it. */
const rawJson = (text: string) => ({ data: Buffer.from(text), headers: { "content-type": "application/json" } });

/** Rows in the tables the refused requests would have written to; compared before and after. */
async function storedRows(): Promise<Record<string, number>> {
  const tables = ["ScoreOverride", "AssessmentException", "LtiPlatform", "LtiRegistrationLink", "Problem", "Submission", "AuditLog"];
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = Number(await readDb<number>(`SELECT COUNT(*) FROM "${table}"`));
  return counts;
}

async function expectRefused(response: APIResponse, status: number, message: RegExp) {
  expect(response.status(), response.url()).toBe(status);
  const { error } = (await response.json()) as { error: { code: string; message: string } };
  expect(error.message, response.url()).toMatch(message);
}

const UNPAIRED = /holds an unpaired UTF-16 surrogate .*; send the characters themselves/;

test.describe("an unpaired surrogate in a JSON body", () => {
  test("is refused on staff routes with a 400 naming the field, and nothing is stored", async ({ page }) => {
    const { courseId, section07Id: assessment } = await demoIds();
    await signIn(page, instructor.email, instructor.password);
    await expect(page).toHaveURL(/\/(courses|author)/, { timeout: 20_000 });
    const titleBefore = await readDb<string>(`SELECT title FROM "Assessment" WHERE id = ?`, assessment);
    const before = await storedRows();
    const attacks: [method: "post" | "put", url: string, body: string, field: string][] = [
      [
        "post",
        `/api/staff/assessments/${assessment}/overrides`,
        '{"studentId":"\\ud800x","assessmentProblemId":"p","partId":"","score":0.5,"comment":"c"}',
        '"studentId"',
      ],
      ["post", `/api/staff/assessments/${assessment}/exceptions`, '{"section":"A","reason":"late \\udc00"}', '"reason"'],
      ["post", `/api/staff/assessments/${assessment}/exceptions/import`, '{"csv":"section,reason\\nA,\\ud800\\n"}', '"csv"'],
      ["post", `/api/staff/courses/${courseId}/accommodations`, '{"studentId":"\\ud800","timeMultiplier":1.5}', '"studentId"'],
      ["put", `/api/staff/assessments/${assessment}`, '{"settings":{"title":"\\ud800","description":"d"}}', '"settings.title"'],
    ];
    for (const [method, url, body, field] of attacks) {
      const response = await page.request[method](url, rawJson(body));
      await expectRefused(response, 400, new RegExp(`The field ${field} ${UNPAIRED.source}`));
    }
    expect(await storedRows()).toEqual(before);
    expect(await readDb<string>(`SELECT title FROM "Assessment" WHERE id = ?`, assessment)).toBe(titleBefore);
  });

  test("is refused on the LTI registration routes with a 400 naming the field, and nothing is stored", async ({ page }) => {
    const admin = await addLtiAdmin("surrogate");
    await signIn(page, admin.email, admin.password);
    await expect(page).not.toHaveURL(/\/signin/, { timeout: 20_000 });
    const before = await storedRows();
    const platform = '{"name":"\\ud800","issuer":"https://lms.test","clientId":"c"}';
    await expectRefused(await page.request.post("/api/staff/lti/platforms", rawJson(platform)), 400, /^The field "name" holds/);
    const link = '{"name":"x\\udbff"}';
    await expectRefused(await page.request.post("/api/staff/lti/registration-links", rawJson(link)), 400, /^The field "name" holds/);
    expect(await storedRows()).toEqual(before);
  });

  test("in a student's answer, or as a part's name, is refused with a 400 and uses no attempt", async ({ page }) => {
    const student = await addDemoStudent("surrogate");
    await signIn(page, student.email, student.password);
    await expect(page).toHaveURL(/\/courses$/);
    const url = `/api/problems/chain-rule/submissions?assessmentId=${(await demoIds()).section07Id}`;
    await expectRefused(await page.request.post(url, rawJson('{"answers":{"a.dims":"m x \\ud800"}}')), 400, UNPAIRED);
    await expectRefused(await page.request.post(url, rawJson('{"answers":{"\\ud800":"m x l"}}')), 400, /^A key in "answers" holds/);
    const history = (await (await page.request.get(url)).json()) as { submissions: unknown[] };
    expect(history.submissions).toHaveLength(0);
    // A surrogate pair is text: escaped or not, it is an ordinary answer.
    expect((await page.request.post(url, rawJson('{"answers":{"a.dims":"m x l \\ud83d\\ude00"}}'))).status()).not.toBe(500);
  });
});

test.describe("a NUL character in a JSON body", () => {
  // PostgreSQL keeps no NUL in text or jsonb (a 500 there); refused on both databases alike, before anything is stored.
  test("is refused with a 400 naming the field, on a staff route and in a student's answer, and nothing is stored", async ({ page }) => {
    const { section07Id: assessment } = await demoIds();
    const student = await addDemoStudent("nul");
    await signIn(page, student.email, student.password);
    await expect(page).toHaveURL(/\/courses$/);
    const before = await storedRows();
    const url = `/api/problems/chain-rule/submissions?assessmentId=${assessment}`;
    const nul = /holds a NUL character \(\\u0000\), which the database cannot keep; remove it and send again/;
    await expectRefused(await page.request.post(url, rawJson('{"answers":{"a.dims":"m x l\\u0000"}}')), 400, nul);
    expect(await storedRows()).toEqual(before);

    await page.context().clearCookies();
    await signIn(page, instructor.email, instructor.password);
    await expect(page).toHaveURL(/\/(courses|author)/, { timeout: 20_000 });
    const exception = '{"section":"A","reason":"late\\u0000"}';
    const response = await page.request.post(`/api/staff/assessments/${assessment}/exceptions`, rawJson(exception));
    await expectRefused(response, 400, new RegExp(`^The field "reason" ${nul.source}`));
    expect(await storedRows()).toEqual(before);
  });
});

// ---- Server actions, called as React's client calls them (see authorization.spec.ts) ----

/** The build's action ids by "file#name" (its server reference manifest). */
function actionId(file: string, name: string): string {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  const manifest = JSON.parse(
    readFileSync(path.join(__dirname, "..", "..", distDir, "server", "server-reference-manifest.json"), "utf8"),
  ) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === file && entry.exportedName === name);
  if (!found) throw new Error(`no server action ${file}#${name} in the build`);
  return found[0];
}

const publishAction = () => actionId("app/(staff)/author/problems/actions.ts", "publishDocumentAction");

/** Posts plain arguments as their JSON text, as given (escapes kept). */
function postAction(request: APIRequestContext, url: string, id: string, argumentsText: string, origin = E2E_BASE_URL) {
  return request.post(url, {
    headers: { "next-action": id, accept: "text/x-component", origin, "content-type": "text/plain;charset=UTF-8" },
    data: Buffer.from(argumentsText),
    maxRedirects: 0,
  });
}

test.describe("server actions", () => {
  test("an unpaired surrogate in an action's arguments, or in a document's title, is refused and nothing is published", async ({
    page,
  }) => {
    const { courseId } = await demoIds();
    await signIn(page, instructor.email, instructor.password);
    await expect(page).toHaveURL(/\/(courses|author)/, { timeout: 20_000 });
    const before = await storedRows();

    const inArguments = await postAction(
      page.request,
      "/author/problems/new",
      publishAction(),
      `[{"courseId":"${courseId}","text":"\\ud800","format":"json"}]`,
    );
    await expectRefused(inArguments, 400, /^A value in the form holds an unpaired UTF-16 surrogate/);

    // The document's text is well-formed; its JSON spells the surrogate as an escape, read when it is parsed.
    const document = '{"slug": "e2e-surrogate-title", "title": "\\ud800"}';
    const inDocument = await postAction(
      page.request,
      "/author/problems/new",
      publishAction(),
      JSON.stringify([{ courseId, text: document, format: "json" }]),
    );
    expect(inDocument.status()).toBe(200);
    const body = await inDocument.text();
    expect(body).toContain('"ok":false');
    expect(body).toMatch(/unpaired UTF-16 surrogate/);
    expect(await storedRows()).toEqual(before);
  });

  test("posted from another origin, one is refused with a 403 that says why", async ({ request }) => {
    for (const origin of ["http://evil.com", "null", "http://["]) {
      const response = await postAction(request, "/forbidden", publishAction(), "[{}]", origin);
      await expectRefused(response, 403, /from another site's page; open Chainrule itself/);
    }
    // From Chainrule's own origin the same request reaches the action (which refuses the anonymous caller itself).
    expect((await postAction(request, "/forbidden", publishAction(), "[{}]")).status()).not.toBe(403);
  });

  test("a plain form posted from another site's page, as a page without JavaScript posts an action, is refused with a 403", async ({
    request,
  }) => {
    // No Next-Action header: the action's id travels as a form field, as React's progressive forms send it.
    const form = { [`$ACTION_ID_${publishAction()}`]: "", courseId: "x", text: "{}", format: "json" };
    for (const [name, body] of [
      ["multipart", { multipart: form }],
      ["urlencoded", { form }],
    ] as const) {
      const response = await request.post("/author/problems/new", { ...body, headers: { origin: "http://evil.com" }, maxRedirects: 0 });
      expect(response.status(), name).toBe(403);
      expect((await response.json()).error.message, name).toMatch(/from another site's page/);
    }
  });
});

// ---- Path segments ----

const BAD_SEGMENTS = ["%FF", "%ED%A0%80", "%C0%80"];

test.describe("a malformed percent-encoding in a path", () => {
  test("is a 400 JSON answer on the API, signed out or in", async ({ request, page }) => {
    const { section07Id } = await demoIds();
    const urls = [
      ...BAD_SEGMENTS.map((segment) => `/api/problems/${segment}/variant`),
      "/api/staff/assessments/%ED%A0%80/gradebook",
      `/api/problems/%ED%A0%80/submissions?assessmentId=${section07Id}`,
    ];
    for (const url of urls) await expectRefused(await request.get(url), 400, /malformed percent-encoding/);
    await signIn(page, instructor.email, instructor.password);
    await expect(page).toHaveURL(/\/(courses|author)/, { timeout: 20_000 });
    for (const url of urls) await expectRefused(await page.request.get(url), 400, /malformed percent-encoding/);
    // A well-formed escape is decoded as before, and answered by the route itself.
    const wellFormed = await page.request.get("/api/problems/no%20such/variant");
    expect(wellFormed.status()).toBeLessThan(500);
    expect(await wellFormed.text()).not.toMatch(/percent-encoding/);
  });

  test("is a plain 400 page elsewhere, signed out or in", async ({ request, page }) => {
    const { section07Id } = await demoIds();
    const urls = [
      ...BAD_SEGMENTS.map((segment) => `/assessments/${segment}`),
      `/assessments/${section07Id}/problems/%ED%A0%80`,
      `/gradebook/${section07Id}/students/%ED%A0%80`,
      "/author/problems/%ED%A0%80/export",
    ];
    const expectPlainPage = async (response: APIResponse) => {
      expect(response.status(), response.url()).toBe(400);
      expect(response.headers()["content-type"]).toMatch(/^text\/html/);
      expect(await response.text()).toMatch(/malformed percent-encoding/);
    };
    for (const url of urls) await expectPlainPage(await request.get(url, { maxRedirects: 0 }));
    await signIn(page, instructor.email, instructor.password);
    await expect(page).toHaveURL(/\/(courses|author)/, { timeout: 20_000 });
    for (const url of urls) await expectPlainPage(await page.request.get(url, { maxRedirects: 0 }));
  });
});
