import { expect, test } from "@playwright/test";
import { startPlatform, type Flavour, type TestPlatform } from "../lti/platform";
import { demoIds, readDb, skipWithoutPostgres } from "./support/demo-db";
import { addLtiAdmin, cspDirective, linkToDemoCourse, registerPlatform, toolUrlsAt, watchCspViolations } from "./support/lti-registration";
import { signIn } from "./support/sign-in";

// Deep Linking 2.0 in a real browser, against the test LMS (test/lti/platform):
// an instructor opens the LMS's "add content" page, picks an assessment in
// Chainrule's picker inside the iframe and presses Place; the picker's answer
// form-posts the signed response to the LMS (its CSP admits that LMS origin
// alone), the LMS verifies it and shows the new link, and a student's launch
// of that link lands on the assessment. No CSP violation along the way.

const platforms: TestPlatform[] = [];
test.beforeEach(skipWithoutPostgres);
test.afterAll(async () => {
  await Promise.all(platforms.map((platform) => platform.close()));
});

for (const flavour of ["canvas", "moodle"] as Flavour[]) {
  test(`inside ${flavour}: an instructor places an assessment, the LMS shows the link, and a student's launch of it lands there`, async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(150_000);
    const platform = await startPlatform({ flavour, tool: toolUrlsAt(baseURL!) });
    platforms.push(platform);
    const admin = await addLtiAdmin(`lti-deep-link-${flavour}`);
    await signIn(page, admin.email, admin.password);
    await expect(page).not.toHaveURL(/\/signin/, { timeout: 30_000 });
    const platformId = await registerPlatform(page, platform);
    await page.context().clearCookies();

    const course = platform.addContext({ label: "DL201", title: "Deep learning maths" });
    await linkToDemoCourse(platformId, platform, course.id);
    const teacher = platform.addUser({ name: "Claude Shannon" });
    const student = platform.addUser({ name: "Ada Lovelace" });
    platform.enrol(course, teacher, "instructor");
    platform.enrol(course, student, "learner");
    const { section07Id } = await demoIds();
    const title = await readDb<string>(`SELECT title FROM "Assessment" WHERE id = ?`, section07Id);

    const violations = watchCspViolations(page);
    await page.goto(platform.deepLinkPageUrl({ context: course, user: teacher }));
    const frame = page.frameLocator('iframe[name="tool_content"]');
    await expect(frame.getByRole("heading", { name: "Place Chainrule content" })).toBeVisible();
    await frame.getByRole("radio", { name: title, exact: true }).check();

    const answer = page.waitForResponse((response) => response.url().endsWith("/api/lti/deep-link/respond"));
    await frame.getByRole("button", { name: "Place" }).click();
    const policy = (await (await answer).allHeaders())["content-security-policy"];
    expect(cspDirective(policy, "form-action")).toBe(`form-action ${platform.origin}`);

    // The LMS verified the signed response and placed the link, shown inside the iframe.
    await expect(frame.getByRole("heading", { name: "Content added" })).toBeVisible();
    await expect(frame.locator("#deep-link-items li")).toHaveText([title]);
    const outcome = platform.deepLinkOutcomes.at(-1)!;
    expect(outcome).toMatchObject({ ok: true });
    const [placed] = outcome.resourceLinks;
    expect(placed).toMatchObject({ contextId: course.id, title, custom: { chainrule_target: "assessment:section-07" } });
    expect(violations).toEqual([]);

    // A student opens the placed link and lands on the assessment, inside the iframe.
    await page.context().clearCookies();
    await page.goto(platform.coursePageUrl({ context: course, resourceLink: placed, user: student }));
    await expect(frame.getByRole("heading", { level: 1 })).toContainText(title);
    const toolFrame = page.frames().find((f) => f.url().startsWith(baseURL!))!;
    expect(new URL(toolFrame.url()).pathname).toBe(`/assessments/${section07Id}`);
    expect(violations).toEqual([]);
  });
}

test("attack: a forged request token gets a refusal page whose forms may post nowhere but Chainrule", async ({ page, baseURL }) => {
  const admin = await addLtiAdmin("lti-deep-link-forged");
  await signIn(page, admin.email, admin.password);
  await expect(page).not.toHaveURL(/\/signin/, { timeout: 30_000 });
  const forged = [
    Buffer.from(JSON.stringify({ alg: "HS256" })).toString("base64url"),
    Buffer.from(JSON.stringify({ returnUrl: "https://evil.example.com/collect", courseId: "x" })).toString("base64url"),
    "c2lnbmF0dXJl",
  ].join(".");
  const response = await page.request.post(`${baseURL}/api/lti/deep-link/respond`, {
    form: { request: forged, target: "assessment:section-07", returnUrl: "https://evil.example.com/collect" },
  });
  expect(response.status()).toBe(403);
  expect(await response.text()).toContain("This link is invalid or has expired");
  const policy = response.headers()["content-security-policy"];
  expect(cspDirective(policy, "form-action")).toBe("form-action 'self'");
  expect(policy).not.toContain("evil.example.com");
  // The picker page itself keeps form-action 'self' too.
  const picker = await page.request.get(`${baseURL}/lti/deep-link?request=${forged}`);
  expect(cspDirective(picker.headers()["content-security-policy"], "form-action")).toBe("form-action 'self'");
});
