import { expect, test, type APIResponse } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { E2E_BASE_URL } from "./support/server-settings";
import { signIn } from "./support/sign-in";

// Issue 18: a return path must stay on this site. `/\t/evil.example` used to
// be sent back as it was; browsers drop the tab and go to //evil.example.
// Every place that honours one is attacked here: the sign-in page, the
// sign-in form in a real browser, and next-auth's own endpoints.

const student = DEMO_ACCOUNTS.find((a) => a.role === "STUDENT")!;
const ORIGIN = new URL(E2E_BASE_URL).origin;

/** Return paths an attacker might try, as they would appear in a query string (already percent-encoded where needed). */
const HOSTILE = [
  "/%09/evil.example",
  "/%0a/evil.example",
  "/%0d/evil.example",
  "/%00/evil.example",
  "/%0d%0aSet-Cookie:%20x=1",
  "//evil.example",
  "/%5C/evil.example",
  "/%5Cevil.example",
  "%5C%5Cevil.example",
  "/.//evil.example",
  "/%2e//evil.example",
  "%2F%2Fevil.example",
  "%20//evil.example",
  "https://evil.example/",
  "https:evil.example",
  "javascript:alert(1)",
  "/%E0%A4%A",
  "%E0%A4%A",
  "http://[",
];

/** Where a browser would go for this response's Location (it drops tabs and newlines, as WHATWG URL does). */
function destination(response: APIResponse): URL | null {
  const location = response.headers()["location"];
  return location === undefined ? null : new URL(location, E2E_BASE_URL);
}

function expectStaysHere(response: APIResponse, attack: string) {
  expect(response.status(), attack).toBeLessThan(500);
  const target = destination(response);
  if (target) {
    expect(target.origin, attack).toBe(ORIGIN);
    expect(target.pathname.startsWith("//"), `${attack} → ${target.href}`).toBe(false);
  }
}

test("a signed-in visitor sent to /signin with a hostile callbackUrl is redirected on this site only, and never gets a 500", async ({
  page,
}) => {
  await signIn(page, student.email, student.password);
  await expect(page).toHaveURL(/\/courses$/);
  const exact = await page.request.get("/signin?callbackUrl=/%09/evil.example", { maxRedirects: 0 });
  expect(exact.status()).toBe(307);
  expect(destination(exact)?.href).toBe(`${ORIGIN}/`);
  for (const attack of HOSTILE) {
    expectStaysHere(await page.request.get(`/signin?callbackUrl=${attack}`, { maxRedirects: 0 }), attack);
  }
  // A path on this site is still honoured, query and all; so is this site's own absolute URL (next-auth sends those).
  expect(destination(await page.request.get("/signin?callbackUrl=%2Fcourses%3Fx%3D1", { maxRedirects: 0 }))?.href).toBe(
    `${ORIGIN}/courses?x=1`,
  );
  const absolute = await page.request.get(`/signin?callbackUrl=${encodeURIComponent(`${ORIGIN}/gradebook`)}`, { maxRedirects: 0 });
  expect(destination(absolute)?.href).toBe(`${ORIGIN}/gradebook`);
});

test("signing in through the form with a hostile callbackUrl ends on this site", async ({ page }) => {
  const offSite: string[] = [];
  await page.route(
    (url) => url.hostname.endsWith("evil.example"),
    (route) => {
      offSite.push(route.request().url());
      return route.fulfill({ status: 200, contentType: "text/html", body: "<h1>evil</h1>" });
    },
  );
  await page.goto("/signin?callbackUrl=/%09/evil.example");
  await page.getByLabel("Email").fill(student.email);
  await page.getByLabel("Password").fill(student.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/signin");
  expect(new URL(page.url()).origin).toBe(ORIGIN);
  await expect(page.getByTestId("signed-in-as")).toContainText(student.email);
  expect(offSite).toEqual([]);
});

test("next-auth's endpoints keep hostile callbackUrls on this site, and never answer 500", async ({ playwright }) => {
  const api = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  for (const attack of HOSTILE) {
    const callbackUrl = safeDecode(attack);
    expectStaysHere(await api.get(`/api/auth/signin?callbackUrl=${attack}`, { maxRedirects: 0 }), `signin ${attack}`);
    const wrong = await api.post("/api/auth/callback/credentials", {
      form: { csrfToken, email: "nobody@chainrule.test", password: "x", callbackUrl },
      maxRedirects: 0,
    });
    expectStaysHere(wrong, `callback ${attack}`);
    const signOut = await api.post("/api/auth/signout", { form: { csrfToken, callbackUrl }, maxRedirects: 0 });
    expectStaysHere(signOut, `signout ${attack}`);
  }
  // A right password with a hostile callbackUrl: next-auth's answer (JSON for its client, a Location otherwise) stays here.
  const json = await api.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: student.email, password: student.password, callbackUrl: "/\t/evil.example", json: "true" },
    maxRedirects: 0,
  });
  expect(json.status()).toBe(200);
  const { url } = (await json.json()) as { url: string };
  expect(new URL(url, E2E_BASE_URL).href).toBe(`${ORIGIN}/`);
  await api.dispose();
});

/** What a form field carries for an attack written percent-encoded (invalid encodings are sent as they are). */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
