import { expect, test } from "@playwright/test";
import { startPlatform, type TestPlatform } from "../lti/platform";
import { demoIds, skipWithoutPostgres } from "./support/demo-db";
import {
  addLtiAdmin,
  cspDirective,
  enrolInDemoCourse,
  linkToDemoCourse,
  registerPlatform,
  toolUrlsAt,
  watchCspViolations,
} from "./support/lti-registration";
import { signIn } from "./support/sign-in";

// The "LMS web address" of a platform registration (frameOrigins): hosted
// Canvas answers logins on its SSO domain while the school's own site frames
// the tool. The test LMS plays that with its course pages on a second port
// (separateWebOrigin): Chainrule refuses to be framed there until the admin
// adds that address to the registration on /author/lti.

let platform: TestPlatform | undefined;
test.beforeEach(skipWithoutPostgres);
test.afterAll(() => platform?.close());

test("a platform whose course pages live on another origin than its login URL frames the tool only once that address is registered", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  platform = await startPlatform({ flavour: "canvas", tool: toolUrlsAt(baseURL!), separateWebOrigin: true });
  expect(platform.webOrigin).not.toBe(platform.origin);
  const admin = await addLtiAdmin("lti-lms-address");
  await enrolInDemoCourse(admin.id);
  await signIn(page, admin.email, admin.password);
  await expect(page).not.toHaveURL(/\/signin/, { timeout: 30_000 });
  const platformId = await registerPlatform(page, platform);
  const course = platform.addContext({ label: "DL301", title: "Deep learning maths" });
  await linkToDemoCourse(platformId, platform, course.id);
  const student = platform.addUser({ name: "Ada Lovelace" });
  platform.enrol(course, student, "learner");
  const link = platform.addResourceLink({ context: course, title: "Section 7", custom: { chainrule_target: "assessment:section-07" } });
  const { section07Id } = await demoIds();

  const studentContext = await browser.newContext();
  const studentPage = await studentContext.newPage();
  const violations = watchCspViolations(studentPage);
  const framed = () =>
    studentPage.waitForResponse(
      (response) => response.url().includes(`/assessments/${section07Id}`) && response.request().frame() !== studentPage.mainFrame(),
    );
  const frame = studentPage.frameLocator('iframe[name="tool_content"]');

  // Before: the school's site is not admitted, and the browser refuses to show Chainrule in its frame.
  let landing = framed();
  await studentPage.goto(platform.coursePageUrl({ context: course, resourceLink: link, user: student }));
  let ancestors = cspDirective((await (await landing).allHeaders())["content-security-policy"], "frame-ancestors").split(" ");
  expect(ancestors).toContain(platform.origin);
  expect(ancestors).not.toContain(platform.webOrigin);
  await expect.poll(() => violations.some((text) => /frame/i.test(text))).toBe(true);
  await expect(frame.getByRole("heading", { level: 1 })).not.toBeVisible();

  // The admin adds the LMS web address on /author/lti.
  await page.goto("/author/lti");
  await expect(page.getByRole("heading", { name: "Registered platforms" })).toBeVisible({ timeout: 30_000 });
  const registration = page.locator("details", { hasText: `Test canvas ${platform.origin}` });
  await registration.locator("summary").click();
  await registration.getByLabel(/LMS web addresses/).fill(`${platform.webOrigin}/`);
  await registration.getByRole("button", { name: "Save changes" }).click();
  await expect(registration.getByRole("status")).toHaveText("Saved.");
  const saved = await page.request.get(`/api/staff/lti/platforms/${platformId}`);
  expect(((await saved.json()) as { platform: { frameOrigins: string[] } }).platform.frameOrigins).toEqual([platform.webOrigin]);

  // After: the same course page frames the tool, which lands on the assessment.
  violations.length = 0;
  landing = framed();
  await studentPage.goto(platform.coursePageUrl({ context: course, resourceLink: link, user: student }));
  ancestors = cspDirective((await (await landing).allHeaders())["content-security-policy"], "frame-ancestors").split(" ");
  expect(ancestors).toContain(platform.webOrigin);
  await expect(frame.getByRole("heading", { level: 1 })).toContainText(/^Section 07/);
  expect(violations).toEqual([]);
  await studentContext.close();
});

test("the platforms API names an LMS web address that is not a bare https origin, and stores nothing", async ({ page }) => {
  const admin = await addLtiAdmin("lti-lms-address-invalid");
  await signIn(page, admin.email, admin.password);
  await expect(page).not.toHaveURL(/\/signin/, { timeout: 30_000 });
  const body = {
    issuer: "https://lms-address.example.edu",
    clientId: "lms-address-invalid",
    authLoginUrl: "https://lms-address.example.edu/auth",
    accessTokenUrl: "https://lms-address.example.edu/token",
    jwksUrl: "https://lms-address.example.edu/jwks",
    deploymentIds: ["1"],
  };
  for (const [frameOrigins, path] of [
    [["http://school.example.edu"], "frameOrigins.0"],
    [["https://school.example.edu", "https://school.example.edu/courses/12"], "frameOrigins.1"],
    ["https://school.example.edu", "frameOrigins"],
  ] as const) {
    const response = await page.request.post("/api/staff/lti/platforms", { data: { ...body, frameOrigins } });
    expect(response.status()).toBe(400);
    const answer = (await response.json()) as { error: { code: string; details: { fields: { path: string; message: string }[] } } };
    expect(answer.error.code).toBe("INVALID_INPUT");
    expect(answer.error.details.fields.map((field) => field.path)).toEqual([path]);
  }
  const listed = (await (await page.request.get("/api/staff/lti/platforms")).json()) as { platforms: { clientId: string }[] };
  expect(listed.platforms.map((p) => p.clientId)).not.toContain("lms-address-invalid");
});
