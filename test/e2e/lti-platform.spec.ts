import { expect, test } from "@playwright/test";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { lineItemSubUrl, startPlatform, type Flavour, type PlatformUser, type TestPlatform } from "../lti/platform";
import { demoIds, readDb, skipWithoutPostgres } from "./support/demo-db";
import { addLtiAdmin, cspDirective, linkToDemoCourse, registerPlatform, toolUrlsAt } from "./support/lti-registration";
import { answerInFrame, emptyRow, expectScoreArrives, gradebookRow } from "./support/lti-scores";
import { signIn } from "./support/sign-in";

// The tool inside the LMS's iframe, against the test platform (test/lti/platform):
// an admin registers the platform over the JSON API, a student opens the
// platform's course page, Chainrule launches inside its iframe and lands on
// the linked assessment and answers a problem there, and the score arrives in
// the platform's gradebook once (also when the platform's AGS fails, then
// recovers); each refusal shows Chainrule's error page inside the iframe; a
// page from an origin that is not registered cannot frame Chainrule.
// The LMS course is linked to the demo course by seeding its LtiCourseLink
// row (deep linking, which links courses, is built elsewhere).

/** The site admin who registers each platform. */
let admin: Awaited<ReturnType<typeof addLtiAdmin>>;

/** The assessment's points, as its placements add up (the tool's scoreMaximum). */
async function assessmentPoints(assessmentId: string): Promise<number> {
  return Number(await readDb<unknown>(`SELECT SUM(points) FROM "AssessmentProblem" WHERE "assessmentId" = ?`, assessmentId));
}

/**
 * The score rows Chainrule has not finished with (pending, retrying or being
 * sent) for an LMS user in a gradebook column, known to Chainrule by its URL:
 * none means nothing more will be sent there.
 */
function unsentScores(student: PlatformUser, lineItemUrl: string): Promise<number> {
  return readDb<unknown>(
    `SELECT COUNT(*) FROM "LtiScoreOutbox" o JOIN "LtiUserLink" u ON u."userId" = o."userId" JOIN "LtiLineItem" l ON l.id = o."lineItemId"
     WHERE u.subject = ? AND l."lineItemUrl" = ? AND o.state IN ('PENDING', 'SENDING')`,
    student.sub,
    lineItemUrl,
  ).then(Number);
}

const platforms: TestPlatform[] = [];
test.beforeAll(skipWithoutPostgres);
test.beforeAll(async () => {
  admin = await addLtiAdmin("lti-frame-admin");
});
test.beforeEach(skipWithoutPostgres);
test.afterAll(async () => {
  await Promise.all(platforms.map((platform) => platform.close()));
});

for (const flavour of ["canvas", "moodle"] as Flavour[]) {
  test.describe.serial(`inside ${flavour}'s iframe`, () => {
    let platform: TestPlatform;
    let platformId: string;
    const courseContext = { label: "DL101", title: "Deep learning maths" };

    /**
     * A new LMS course linked to the demo course, with a learner, a teacher
     * (who sees its gradebook) and a link to Section 7 with its gradebook
     * column, out of the assessment's points (as the tool would create it).
     */
    async function newLinkedCourse(studentName: string) {
      const course = platform.addContext(courseContext);
      await linkToDemoCourse(platformId, platform, course.id);
      const student = platform.addUser({ name: studentName });
      platform.enrol(course, student, "learner");
      const teacher = platform.addUser({ name: "Tess Teacher" });
      platform.enrol(course, teacher, "instructor");
      const link = platform.addResourceLink({
        context: course,
        title: "Section 7",
        custom: { chainrule_target: "assessment:section-07" },
        lineItem: { scoreMaximum: await assessmentPoints((await demoIds()).section07Id) },
      });
      return { course, student, teacher, link };
    }

    test("the admin registers the platform; a student's launch lands on the linked assessment inside the iframe; the score arrives in the gradebook once", async ({
      page,
      baseURL,
    }) => {
      test.setTimeout(120_000);
      platform = await startPlatform({ flavour, tool: toolUrlsAt(baseURL!) });
      platforms.push(platform);
      await signIn(page, admin.email, admin.password);
      await expect(page).not.toHaveURL(/\/signin/, { timeout: 30_000 });
      platformId = await registerPlatform(page, platform);
      await page.context().clearCookies();

      const { course, student, teacher, link } = await newLinkedCourse("Ada Lovelace");

      const pageResponse = page.waitForResponse(
        (response) => response.url().includes("/assessments/") && response.request().frame() !== page.mainFrame(),
      );
      await page.goto(platform.coursePageUrl({ context: course, resourceLink: link, user: student }));
      const policy = (await (await pageResponse).allHeaders())["content-security-policy"];
      expect(cspDirective(policy, "frame-ancestors").split(" ")).toContain(platform.origin);
      const frame = page.frameLocator('iframe[name="tool_content"]');
      await expect(frame.getByRole("heading", { level: 1 })).toContainText(/^Section 07/);
      const toolFrame = page.frames().find((f) => f.url().startsWith(baseURL!))!;
      const { section07Id } = await demoIds();
      expect(new URL(toolFrame.url()).pathname).toBe(`/assessments/${section07Id}`);

      // Answers a problem inside the iframe (the session cookie reaches the framed tool) and sees it graded.
      const progress = await answerInFrame(page, baseURL!, section07Id);
      expect(progress.possible).toBe(await assessmentPoints(section07Id));

      // The teacher sees the score arrive in the LMS gradebook: what the tool shows, once.
      const gradebook = await page.context().newPage();
      await gradebook.goto(platform.gradebookUrl({ context: course, user: teacher }));
      await expectScoreArrives(gradebook, link.title, student, progress);
      await expect.poll(() => unsentScores(student, platform.lineItems({ resourceLinkId: link.id })[0].url)).toBe(0);
      expect(platform.scores.filter((score) => score.userId === student.sub)).toEqual([
        expect.objectContaining({ scoreGiven: progress.earned, scoreMaximum: progress.possible, gradingProgress: "FullyGraded" }),
      ]);
    });

    test("while the platform's AGS answers 503 the gradebook stays empty; once it recovers the score arrives once", async ({
      page,
      baseURL,
    }) => {
      test.setTimeout(120_000);
      const { course, student, teacher, link } = await newLinkedCourse("Dee Retried");
      const [lineItem] = platform.lineItems({ resourceLinkId: link.id });
      platform.failScores(Number.MAX_SAFE_INTEGER, 503);
      try {
        await page.goto(platform.coursePageUrl({ context: course, resourceLink: link, user: student }));
        const frame = page.frameLocator('iframe[name="tool_content"]');
        await expect(frame.getByRole("heading", { level: 1 })).toContainText(/^Section 07/);
        const progress = await answerInFrame(page, baseURL!, (await demoIds()).section07Id);

        // The tool keeps trying (the e2e server retries after 0.2 s, doubling); nothing is in the gradebook.
        const refused = () =>
          platform.scorePosts.filter((post) => post.url === lineItemSubUrl(lineItem.url, "scores") && post.status === 503).length;
        await expect.poll(refused, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
        const gradebook = await page.context().newPage();
        await gradebook.goto(platform.gradebookUrl({ context: course, user: teacher }));
        expect(await gradebookRow(gradebook, link.title, student)).toEqual(emptyRow(student));
        expect(await unsentScores(student, lineItem.url)).toBe(1);

        platform.recoverScores();
        await expectScoreArrives(gradebook, link.title, student, progress);
        await expect.poll(() => unsentScores(student, lineItem.url)).toBe(0);
        expect(platform.scores.filter((score) => score.userId === student.sub)).toEqual([
          expect.objectContaining({ scoreGiven: progress.earned, scoreMaximum: progress.possible }),
        ]);
      } finally {
        platform.recoverScores();
      }
    });

    for (const [attack, code] of [
      ["wrong-key", "BAD_SIGNATURE"],
      ["expired", "EXPIRED"],
      ["wrong-audience", "WRONG_AUDIENCE"],
      ["unknown-deployment", "UNKNOWN_DEPLOYMENT"],
    ] as const) {
      test(`a launch spoiled by "${attack}" shows Chainrule's error page inside the iframe`, async ({ page }) => {
        const course = platform.addContext(courseContext);
        const student = platform.addUser({ name: "Bea Refused" });
        platform.enrol(course, student, "learner");
        const link = platform.addResourceLink({ context: course, title: "Section 7" });
        platform.tamperNextLaunch(attack);
        await page.goto(platform.coursePageUrl({ context: course, resourceLink: link, user: student }));
        const frame = page.frameLocator('iframe[name="tool_content"]');
        await expect(frame.getByRole("heading", { name: "Chainrule could not open this link" })).toBeVisible();
        await expect(frame.locator("#lti-error-code")).toHaveText(code);
        await expect(frame.getByText("What to tell your LMS administrator")).toBeVisible();
      });
    }

    test("after the platform rotates its keys, the next launch still lands inside the iframe (the keyset is fetched again for the new kid)", async ({
      page,
      baseURL,
    }) => {
      const course = platform.addContext(courseContext);
      await linkToDemoCourse(platformId, platform, course.id);
      const student = platform.addUser({ name: "Cy Rotated" });
      platform.enrol(course, student, "learner");
      const link = platform.addResourceLink({ context: course, title: "Section 7", custom: { chainrule_target: "assessment:section-07" } });
      await platform.rotateKeys();
      await page.goto(platform.coursePageUrl({ context: course, resourceLink: link, user: student }));
      await expect(page.frameLocator('iframe[name="tool_content"]').getByRole("heading", { level: 1 })).toContainText(/^Section 07/);
      const toolFrame = page.frames().find((f) => f.url().startsWith(baseURL!))!;
      expect(new URL(toolFrame.url()).pathname).toBe(`/assessments/${(await demoIds()).section07Id}`);
    });
  });
}

test("attack: a page on an origin that is not a registered platform cannot frame Chainrule", async ({ page, baseURL }) => {
  const attacker: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(`<!doctype html><title>Win a prize</title><iframe name="victim" src="${baseURL}/courses"></iframe>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  const attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  try {
    await signIn(page, admin.email, admin.password);
    await expect(page).not.toHaveURL(/\/signin/, { timeout: 30_000 });
    const framed = page.waitForResponse((response) => response.url().startsWith(`${baseURL}/courses`));
    await page.goto(attackerOrigin);
    const policy = (await (await framed).allHeaders())["content-security-policy"];
    expect(cspDirective(policy, "frame-ancestors")).toMatch(/^frame-ancestors /);
    expect(cspDirective(policy, "frame-ancestors").split(" ")).not.toContain(attackerOrigin);
    // The browser refused to render it: the frame holds no Chainrule page.
    await page.waitForTimeout(500);
    const victim = page.frame({ name: "victim" });
    expect(
      await victim
        ?.locator("body")
        .innerText()
        .catch(() => ""),
    ).not.toMatch(/course/i);
    // The account pages refuse every site, a registered LMS included.
    await page.context().clearCookies();
    const signInPage = await page.request.get(`${baseURL}/signin`);
    expect(signInPage.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(signInPage.headers()["x-frame-options"]).toBe("DENY");
  } finally {
    attacker.close();
  }
});
