import { decodeJwt, decodeProtectedHeader, SignJWT } from "jose";
import { completeCourseLink } from "@/lib/lti/pending-course-link";
import { answerDeepLink, deepLinkChoices, deepLinkFormPost } from "@/lib/lti/deep-linking";
import { PlatformFormPost, platformFormPostResponse } from "@/lib/lti/platform-form-post";
import { loadMemberships } from "@/lib/auth/credentials";
import { bankProblemRow } from "../../support/course-fixture";
import { registerTestPlatform, startToolServer, type ToolServer } from "../../support/lti-tool-server";
import { launchOverHttp, parseAutoSubmitForm, startPlatform, UserAgent, type Flavour, type TestPlatform } from "@/test/lti/platform";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "@/test/harness/test-database";

// Deep Linking 2.0 against the test LMS over real HTTP (its launches, its
// deep-linking return URL that verifies the tool's JWT against the tool's
// published JWKS): an instructor places an assessment, the LMS accepts it
// with its line item, and a student's launch of the placed link lands on it.

const SECRET = "lti-deep-linking-test-secret-0123456789abcdef";

/** One directive of a Content-Security-Policy, e.g. "form-action https://lms.example.edu". */
function directive(policy: string, name: string): string {
  return (
    policy
      .split(";")
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${name} `)) ?? ""
  );
}

describe("the page that form-posts to the LMS", () => {
  it("admits the action's origin alone as a form action, and escapes what it prints", async () => {
    const post = new PlatformFormPost("https://lms.example.edu/deep_link/return?course=1", { JWT: 'a"b<c' }, "Back <home>");
    expect(post.origin).toBe("https://lms.example.edu");
    const page = platformFormPostResponse(post, { frameAncestors: ["https://lms.example.edu"], production: true });
    expect(directive(page.headers.get("content-security-policy")!, "form-action")).toBe("form-action https://lms.example.edu");
    const html = await page.text();
    expect(html).toContain('value="a&quot;b&lt;c"');
    expect(html).toContain("<title>Back &lt;home&gt;</title>");
  });

  it("refuses an action that is not an http(s) address, whatever the token said", () => {
    for (const action of ["javascript:alert(1)", "data:text/html,x", "not a url", "https://user:pw@lms.example.edu/return"]) {
      expect(() => new PlatformFormPost(action, {}, "x")).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    }
  });
});

describeEachDatabase("LTI deep linking", (provider) => {
  let testDb: TestDatabase;
  let tool: ToolServer;
  const savedSecret = process.env.NEXTAUTH_SECRET;

  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET = SECRET;
    testDb = await createTestDatabase(provider);
    tool = await startToolServer(testDb.db);
  }, 60_000);
  afterAll(async () => {
    process.env.NEXTAUTH_SECRET = savedSecret;
    await tool?.close();
    await testDb?.destroy();
  });

  describe.each<Flavour>(["canvas", "moodle"])("from %s", (flavour) => {
    let platform: TestPlatform;
    beforeAll(async () => {
      platform = await startPlatform({ flavour, tool });
      await registerTestPlatform(testDb.db, platform);
    });
    afterAll(() => platform?.close());

    /** The tool's answer to a launch: where it sends the browser, and who it signed in. */
    async function launch(args: Parameters<typeof launchOverHttp>[1]) {
      const { response } = await launchOverHttp(platform, args);
      return {
        status: response.status,
        location: response.headers.get("location") ?? "",
        userId: response.headers.get("x-user-id") ?? "",
        refusal: response.headers.get("x-lti-error"),
      };
    }
    const tokenIn = (location: string, name: string) => new URL(location).searchParams.get(name)!;
    async function asUser(id: string) {
      const user = await testDb.db.user.findUniqueOrThrow({ where: { id } });
      return { id, email: user.email, name: user.name, memberships: await loadMemberships(testDb.db, id) };
    }

    it("places an assessment chosen in the picker, which the LMS verifies and a student's launch of the link opens", async () => {
      const { db } = testDb;
      const context = platform.addContext({ label: "DL101", title: "Deep learning maths" });
      const teacher = platform.addUser({ name: "Claude Shannon" });
      const student = platform.addUser({ name: "Ada Lovelace" });
      platform.enrol(context, teacher, "instructor");
      platform.enrol(context, student, "learner");

      // The first deep-linking launch of an unlinked course asks to link it first.
      const first = await launch({ context, user: teacher });
      expect(first.location).toContain("/lti/link-course?pending=");
      const linked = await completeCourseLink(db, await asUser(first.userId), {
        pending: tokenIn(first.location, "pending"),
        courseId: null,
      });
      const assessment = await db.assessment.create({
        data: { courseId: linked.courseId, slug: "week-7", title: "Week 7: backpropagation", published: true },
      });
      const problem = await bankProblemRow(db, "nn-backprop");
      await db.assessmentProblem.create({ data: { assessmentId: assessment.id, problemId: problem.id, position: 0, points: 12 } });

      const dialog = await launch({ context, user: teacher });
      expect(dialog.status).toBe(303);
      expect(dialog.location).toContain("/lti/deep-link?request=");
      expect((await deepLinkChoices(db, linked.courseId)).map((c) => c.target)).toEqual([
        "assessment:week-7",
        "problem:week-7/nn-backprop",
      ]);

      const answer = await answerDeepLink(db, dialog.userId, { request: tokenIn(dialog.location, "request"), target: "assessment:week-7" });
      const request = platform.lastLaunch!.claims;
      const settings = request["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] as Record<string, string>;
      expect(answer.returnUrl).toBe(settings.deep_link_return_url);
      expect(decodeProtectedHeader(answer.jwt)).toMatchObject({ alg: "RS256", kid: expect.any(String) });
      expect(decodeJwt(answer.jwt)).toMatchObject({
        iss: platform.clientId,
        aud: platform.issuer,
        nonce: expect.any(String),
        "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiDeepLinkingResponse",
        "https://purl.imsglobal.org/spec/lti/claim/version": "1.3.0",
        "https://purl.imsglobal.org/spec/lti/claim/deployment_id": platform.deploymentId,
        "https://purl.imsglobal.org/spec/lti-dl/claim/data": settings.data,
        "https://purl.imsglobal.org/spec/lti-dl/claim/content_items": [
          {
            type: "ltiResourceLink",
            title: "Week 7: backpropagation",
            url: expect.stringMatching(/\/api\/lti\/launch$/),
            custom: { chainrule_target: "assessment:week-7" },
            lineItem: { scoreMaximum: 12, label: "Week 7: backpropagation", resourceId: "week-7" },
          },
        ],
      });

      // The browser's way back: the page that form-posts the response admits the return URL's origin alone.
      const page = platformFormPostResponse(
        await deepLinkFormPost(db, dialog.userId, { request: tokenIn(dialog.location, "request"), target: "assessment:week-7" }),
        { frameAncestors: [platform.origin], production: true },
      );
      const policy = page.headers.get("content-security-policy")!;
      expect(directive(policy, "form-action")).toBe(`form-action ${platform.origin}`);
      expect(directive(policy, "frame-ancestors")).toBe(`frame-ancestors ${platform.origin}`);
      const nonce = /'nonce-([^']+)'/.exec(directive(policy, "script-src"))![1];
      const html = await page.text();
      expect(html).toContain(`<script nonce="${nonce}">`);
      const form = parseAutoSubmitForm(html);
      expect(form).toMatchObject({ action: settings.deep_link_return_url, method: "POST", fields: { JWT: expect.any(String) } });
      expect(decodeJwt(form.fields.JWT)).toMatchObject({ aud: platform.issuer });

      const returned = await new UserAgent().fetch(form.action, { method: "POST", form: form.fields });
      expect(returned.status).toBe(200);
      const outcome = platform.deepLinkOutcomes.at(-1)!;
      expect(outcome).toMatchObject({ ok: true });
      const [placed] = outcome.resourceLinks;
      expect(placed).toMatchObject({
        contextId: context.id,
        title: "Week 7: backpropagation",
        custom: { chainrule_target: "assessment:week-7" },
      });
      expect(platform.lineItems({ resourceLinkId: placed.id })).toEqual([
        expect.objectContaining({ scoreMaximum: 12, label: "Week 7: backpropagation", resourceId: "week-7" }),
      ]);

      const opened = await launch({ context, user: student, resourceLink: placed });
      expect(opened.status).toBe(303);
      expect(new URL(opened.location).pathname).toBe(`/assessments/${assessment.id}`);
      expect(await db.ltiResourceLink.findFirst({ where: { resourceLinkId: placed.id } })).toMatchObject({ assessmentId: assessment.id });
    });

    it("attack: a request token carrying a forged return URL is refused, so no page admits its origin", async () => {
      const { db } = testDb;
      const context = platform.addContext({ label: "DL103", title: "Forged return" });
      const teacher = platform.addUser({ name: "Barbara Liskov" });
      platform.enrol(context, teacher, "instructor");
      const first = await launch({ context, user: teacher });
      await completeCourseLink(db, await asUser(first.userId), { pending: tokenIn(first.location, "pending"), courseId: null });
      const dialog = await launch({ context, user: teacher });
      const genuine = tokenIn(dialog.location, "request");
      const evil = "https://evil.example.com/collect";

      // The genuine token's payload with another return URL, under the genuine signature.
      const [header, payload, signature] = genuine.split(".");
      const claims = { ...decodeJwt(genuine), returnUrl: evil };
      const altered = [header, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature].join(".");
      // A token of the same shape signed with a key that is not the server's.
      const resigned = await new SignJWT({ ...claims })
        .setProtectedHeader({ alg: "HS256" })
        .sign(new TextEncoder().encode("not-the-server-secret-0123456789abcdef"));
      for (const request of [altered, resigned]) {
        await expect(deepLinkFormPost(db, dialog.userId, { request, target: "assessment:anything" })).rejects.toMatchObject({
          code: "FORBIDDEN",
        });
      }
      expect(payload).not.toContain(Buffer.from(evil).toString("base64url"));
    });

    it("refuses a student's deep-linking launch, another person's request token and a target outside the course", async () => {
      const { db } = testDb;
      const context = platform.addContext({ label: "DL102", title: "Guarded course" });
      const teacher = platform.addUser({ name: "Grace Hopper" });
      const student = platform.addUser({ name: "Alan Turing" });
      platform.enrol(context, teacher, "instructor");
      platform.enrol(context, student, "learner");
      const first = await launch({ context, user: teacher });
      await completeCourseLink(db, await asUser(first.userId), { pending: tokenIn(first.location, "pending"), courseId: null });

      const refused = await launch({ context, user: student });
      expect(refused).toMatchObject({ status: 403, refusal: "DEEP_LINKING_NOT_ALLOWED", location: "" });

      const dialog = await launch({ context, user: teacher });
      const request = tokenIn(dialog.location, "request");
      const stranger = await db.user.create({ data: { email: `stranger-${flavour}-${provider}@x.test`, name: "S", passwordHash: "" } });
      await expect(answerDeepLink(db, stranger.id, { request, target: "assessment:week-7" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      // week-7 belongs to the other test's course: not placeable from this one.
      await expect(answerDeepLink(db, dialog.userId, { request, target: "assessment:week-7" })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      await expect(answerDeepLink(db, dialog.userId, { request, target: "week-7" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    });
  });
});
