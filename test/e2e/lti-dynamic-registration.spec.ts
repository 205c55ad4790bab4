import { expect, test } from "@playwright/test";
import { startPlatform, type TestPlatform } from "../lti/platform";
import { demoIds, readDb, skipWithoutPostgres } from "./support/demo-db";
import { addLtiAdmin, enrolInDemoCourse, linkToDemoCourse } from "./support/lti-registration";
import { signIn } from "./support/sign-in";

// LTI Dynamic Registration in the browser, against the test LMS
// (test/lti/platform): a site admin creates a one-time registration link on
// /author/lti, the LMS administrator's page frames it, Chainrule registers
// itself and closes the frame, and a student then launches from that LMS.
// The LMS course is linked to the demo course by seeding its LtiCourseLink
// row (test/e2e/support/lti-registration.ts), as the other LTI specs do.

/** A site admin who teaches the demo course (the page sits under /author, which is for instructors). */
let admin: Awaited<ReturnType<typeof addLtiAdmin>>;

let platform: TestPlatform | undefined;
test.beforeAll(skipWithoutPostgres);
test.beforeAll(async () => {
  admin = await addLtiAdmin("lti-dr-admin");
  await enrolInDemoCourse(admin.id);
});
test.beforeEach(skipWithoutPostgres);
test.afterAll(() => platform?.close());

test("an admin's registration link registers a Moodle by Dynamic Registration, and a student then launches from it", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000); // two servers and a whole registration on a shared machine
  await signIn(page, admin.email, admin.password);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 20_000 });
  await page.goto("/author/lti");
  const form = page.getByRole("form", { name: "Create a registration link" });
  await form.getByLabel("Name of the LMS (for you)").fill("Faculty Moodle");
  await form.getByRole("button", { name: "Create registration link" }).click();
  const registrationUrl = (await page.getByTestId("registration-link-url").textContent())!;
  expect(registrationUrl).toMatch(new RegExp(`^${baseURL}/api/lti/register/[A-Za-z0-9_-]{43}$`));
  await expect(page.getByText("Faculty Moodle — waiting for the LMS")).toBeVisible();
  await page.context().clearCookies(); // the LMS administrator has no Chainrule session

  platform = await startPlatform({ flavour: "moodle" });
  await page.goto(platform.registrationPageUrl(registrationUrl));
  await expect(page.locator("#registration-status")).toHaveText("Registration closed by the tool");
  expect(platform.registrations.map((r) => r.status)).toEqual([200]);

  const platformId = await readDb<string>(
    `SELECT id FROM "LtiPlatform" WHERE issuer = ? AND "clientId" = ?`,
    platform.issuer,
    platform.clientId,
  );
  const course = platform.addContext({ label: "DL101", title: "Deep learning maths" });
  await linkToDemoCourse(platformId, platform, course.id);
  const student = platform.addUser({ name: "Ada Lovelace" });
  platform.enrol(course, student, "learner");
  const link = platform.addResourceLink({ context: course, title: "Section 7", custom: { chainrule_target: "assessment:section-07" } });
  await page.goto(platform.coursePageUrl({ context: course, resourceLink: link, user: student }));
  await expect(page.frameLocator('iframe[name="tool_content"]').getByRole("heading", { level: 1 })).toContainText(/^Section 07/);
  const toolFrame = page.frames().find((f) => f.url().startsWith(baseURL!))!;
  expect(new URL(toolFrame.url()).pathname).toBe(`/assessments/${(await demoIds()).section07Id}`);

  // The link worked once: opened again, it is refused with a page saying so.
  const again = await page.request.get(`${registrationUrl}?openid_configuration=${encodeURIComponent(platform.origin + "/x")}`);
  expect(again.status()).toBe(410);
  expect(again.headers()["x-lti-error"]).toBe("REGISTRATION_LINK_INVALID");
});
