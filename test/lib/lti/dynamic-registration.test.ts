import { setSiteRight } from "@/lib/admin/grant-rights";
import { ltiRightsOf, type LtiRegistrar } from "@/lib/lti/permissions";
import { listPlatforms } from "@/lib/lti/platforms";
import {
  createRegistrationLink,
  listRegistrationLinks,
  registrationUrl,
  REGISTRATION_LINK_LIFETIME_MS,
  revokeRegistrationLink,
} from "@/lib/lti/registration-links";
import { answerRegistrationLink } from "@/lib/lti/registration-page";
import type { ToolUrls } from "@/lib/lti/tool-urls";
import { createCourseFixture } from "../../support/course-fixture";
import { freePort } from "../../support/free-port";
import { startToolServer, type ToolServer } from "../../support/lti-tool-server";
import { launchOverHttp, startPlatform, type Flavour, type TestPlatform } from "@/test/lti/platform";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "@/test/harness/test-database";

// LTI Dynamic Registration, the tool's side, against the test LMS over real
// HTTP: the LMS opens Chainrule's one-time link with its openid_configuration
// and registration token; Chainrule reads the configuration, registers
// itself, stores the platform and answers a page that closes the LMS's
// frame. Every refusal is a page with a code, and stores nothing.

/** The page's text with the entities the error page escapes turned back. */
const unescape = (html: string) =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

const SECRET = "lti-dynamic-registration-test-secret-0123456789";

describeEachDatabase("LTI Dynamic Registration", (provider) => {
  let testDb: TestDatabase;
  let tool: ToolServer;
  let toolUrls: ToolUrls;
  let admin: LtiRegistrar;
  const platforms: TestPlatform[] = [];
  const savedSecret = process.env.NEXTAUTH_SECRET;

  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET = SECRET;
    testDb = await createTestDatabase(provider);
    tool = await startToolServer(testDb.db);
    toolUrls = { loginUrl: tool.loginUrl, redirectUri: tool.launchUrl, jwksUrl: tool.jwksUrl, targetLinkUri: tool.launchUrl };
    const user = await testDb.db.user.create({
      data: { email: `admin-${provider}@x.test`, name: "Admin", passwordHash: "", isAdmin: true },
    });
    admin = { user: { id: user.id, email: user.email, name: user.name, memberships: [] }, isAdmin: true };
  }, 180_000); // a fresh database per provider: slow on a loaded machine
  afterAll(async () => {
    process.env.NEXTAUTH_SECRET = savedSecret;
    await Promise.all(platforms.map((platform) => platform.close()));
    await tool?.close();
    await testDb?.destroy();
  });

  async function lms(flavour: Flavour = "moodle") {
    const platform = await startPlatform({ flavour });
    platforms.push(platform);
    return platform;
  }

  async function newLink(registrar = admin, name = "University Moodle", now = new Date()) {
    const { link, url } = await createRegistrationLink(testDb.db, registrar, { name, now });
    return { link, token: new URL(url).pathname.split("/").pop()! };
  }

  /** What the LMS's iframe gets when it opens the link: status, error code, page text and framing policy. */
  async function openLink(platform: TestPlatform, token: string, { now = new Date(), urls = toolUrls } = {}) {
    const url = platform.registrationInitiationUrl(registrationUrl(token, tool.origin));
    const response = await answerRegistrationLink(testDb.db, new Request(url), token, { tool: urls, now });
    const policy = response.headers.get("content-security-policy") ?? "";
    return {
      status: response.status,
      code: response.headers.get("x-lti-error"),
      html: unescape(await response.text()),
      frameAncestors: /frame-ancestors ([^;]*)/.exec(policy)?.[1].split(" ") ?? [],
      scriptSources: /script-src ([^;]*)/.exec(policy)?.[1].split(" ") ?? [],
    };
  }

  const platformsOf = async (issuer: string) => (await listPlatforms(testDb.db, admin)).filter((p) => p.issuer === issuer);

  it("registers a Moodle from a link, stores it as a manual registration would, and answers a page that closes the LMS's frame", async () => {
    const { db } = testDb;
    const platform = await lms("moodle");
    const { link, token } = await newLink();
    const page = await openLink(platform, token);

    expect(page.status).toBe(200);
    expect(page.html).toContain('window.parent.postMessage({ subject: "org.imsglobal.lti.close" }, "*")');
    const nonce = /<script nonce="([^"]+)">/.exec(page.html)![1];
    expect(page.scriptSources).toContain(`'nonce-${nonce}'`);
    expect(page.frameAncestors).toContain(platform.origin);

    const [stored] = await platformsOf(platform.issuer);
    expect(stored).toMatchObject({
      name: "University Moodle",
      issuer: platform.issuer,
      clientId: platform.clientId,
      authLoginUrl: platform.authUrl,
      accessTokenUrl: platform.tokenUrl,
      jwksUrl: platform.jwksUrl,
      deploymentIds: [platform.deploymentId],
      createdById: admin.user.id,
    });
    const [registration] = platform.registrations;
    expect(registration.status).toBe(200);
    expect(registration.request).toMatchObject({
      initiate_login_uri: tool.loginUrl,
      redirect_uris: [tool.launchUrl],
      jwks_uri: tool.jwksUrl,
      token_endpoint_auth_method: "private_key_jwt",
      "https://purl.imsglobal.org/spec/lti-tool-configuration": {
        domain: new URL(tool.origin).host,
        target_link_uri: tool.launchUrl,
        messages: [
          { type: "LtiResourceLinkRequest", target_link_uri: tool.launchUrl },
          { type: "LtiDeepLinkingRequest", target_link_uri: tool.launchUrl },
        ],
      },
    });
    expect(
      String((registration.request as { scope?: string }).scope)
        .split(" ")
        .sort(),
    ).toEqual(
      [
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
        "https://purl.imsglobal.org/spec/lti-ags/scope/score",
        "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
      ].sort(),
    );
    // Moodle sends names and email because the registration asked for them.
    expect(platform.privacy).toEqual({ name: true, email: true });

    const [used] = (await listRegistrationLinks(db, admin)).filter((l) => l.id === link.id);
    expect(used).toMatchObject({ status: "used", platformId: stored.id });
    const audit = await db.auditLog.findMany({ where: { entityId: { in: [link.id, stored.id] } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((entry) => entry.action).sort()).toEqual(
      ["lti.platform.create", "lti.registration-link.create", "lti.registration-link.use"].sort(),
    );

    // The registered LMS launches: an instructor's first launch goes on to link the course.
    const course = platform.addContext({ label: "DL101", title: "Deep learning maths" });
    const teacher = platform.addUser({ name: "Emmy Noether" });
    platform.enrol(course, teacher, "instructor");
    const resourceLink = platform.addResourceLink({ context: course, title: "Section 7" });
    const { response } = await launchOverHttp(platform, { context: course, user: teacher, resourceLink });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toContain("/lti/link-course");
  });

  it("refuses a link a second time, storing nothing and admitting no new framer", async () => {
    const first = await lms("moodle");
    const { token } = await newLink();
    expect((await openLink(first, token)).status).toBe(200);

    const second = await lms("moodle");
    const again = await openLink(second, token);
    expect(again).toMatchObject({ status: 410, code: "REGISTRATION_LINK_INVALID" });
    expect(again.html).toContain("was already used");
    expect(again.frameAncestors).not.toContain(second.origin);
    expect(second.registrations).toEqual([]);
    expect(await platformsOf(second.issuer)).toEqual([]);
  });

  it("refuses an expired, a revoked and an unknown link before contacting the LMS", async () => {
    const platform = await lms("moodle");
    const madeAt = new Date("2026-12-01T09:00:00Z");
    const expired = await newLink(admin, "", madeAt);
    const late = await openLink(platform, expired.token, { now: new Date(madeAt.getTime() + REGISTRATION_LINK_LIFETIME_MS + 1) });
    expect(late).toMatchObject({ status: 410, code: "REGISTRATION_LINK_INVALID" });
    expect(late.html).toContain("expired at 2026-12-02T09:00:00.000Z");

    const revoked = await newLink();
    expect((await revokeRegistrationLink(testDb.db, admin, revoked.link.id)).status).toBe("revoked");
    expect((await openLink(platform, revoked.token)).html).toContain("was revoked");

    const unknown = await openLink(platform, "x".repeat(43));
    expect(unknown).toMatchObject({ status: 410, code: "REGISTRATION_LINK_INVALID" });
    expect(unknown.html).toContain("is not known to Chainrule");
    expect(platform.registrations).toEqual([]);
    expect(await platformsOf(platform.issuer)).toEqual([]);
  });

  it("refuses an LMS whose issuer does not begin its configuration's address, and the link still works afterwards", async () => {
    // The test Canvas's issuer is https://canvas.instructure.com while it serves its configuration from 127.0.0.1.
    const canvas = await lms("canvas");
    const { link, token } = await newLink();
    const page = await openLink(canvas, token);
    expect(page).toMatchObject({ status: 400, code: "ISSUER_MISMATCH" });
    expect(page.html).toContain('issuer "https://canvas.instructure.com" does not begin the address of its configuration');
    // The link was valid: the LMS may frame the error page so its administrator can read it.
    expect(page.frameAncestors).toContain(canvas.origin);
    expect(canvas.registrations).toEqual([]);
    expect((await listRegistrationLinks(testDb.db, admin)).find((l) => l.id === link.id)?.status).toBe("active");

    const moodle = await lms("moodle");
    expect((await openLink(moodle, token)).status).toBe(200);
  });

  it("reports an LMS that refuses the registration, or cannot be reached, and stores nothing", async () => {
    const platform = await lms("moodle");
    const { link, token } = await newLink();
    const refused = await openLink(platform, token, { urls: { ...toolUrls, jwksUrl: "ftp://127.0.0.1/keys" } });
    expect(refused).toMatchObject({ status: 502, code: "REGISTRATION_REFUSED" });
    expect(refused.html).toContain("The LMS refused the registration (HTTP 400): jwks_uri must be a URL.");
    expect(platform.registrations.map((r) => r.status)).toEqual([400]);

    const deadUrl = `http://127.0.0.1:${await freePort()}/openid-configuration`;
    const url = `${registrationUrl(token, tool.origin)}?openid_configuration=${encodeURIComponent(deadUrl)}`;
    const unreachable = await answerRegistrationLink(testDb.db, new Request(url), token, { tool: toolUrls });
    expect(unreachable.status).toBe(502);
    expect(unreachable.headers.get("x-lti-error")).toBe("PLATFORM_CONFIGURATION_UNREACHABLE");

    const bare = await answerRegistrationLink(testDb.db, new Request(registrationUrl(token, tool.origin)), token, { tool: toolUrls });
    expect(bare.status).toBe(400);
    expect(await bare.text()).toContain("without an openid_configuration parameter");

    expect(await platformsOf(platform.issuer)).toEqual([]);
    expect((await listRegistrationLinks(testDb.db, admin)).find((l) => l.id === link.id)?.status).toBe("active");
  });

  it("lets registrars manage only their own links, and a link dies with its maker's right", async () => {
    const { db } = testDb;
    const { course, addUser } = await createCourseFixture(db);
    const [mine, theirs] = [await addUser("INSTRUCTOR"), await addUser("INSTRUCTOR")];
    for (const u of [mine, theirs]) await setSiteRight(db, u.email, "lti-registrar", true);
    const rights = async (u: { id: string; email: string; name: string }) =>
      (await ltiRightsOf(db, { ...u, memberships: [{ courseId: course.id, role: "INSTRUCTOR" }] }))!;
    const [me, them] = [await rights(mine), await rights(theirs)];

    const { link, token } = await newLink(me, "Mine");
    expect((await listRegistrationLinks(db, me)).map((l) => l.id)).toEqual([link.id]);
    expect(await listRegistrationLinks(db, them)).toEqual([]);
    await expect(revokeRegistrationLink(db, them, link.id)).rejects.toMatchObject({ code: "NOT_FOUND" });

    await setSiteRight(db, mine.email, "lti-registrar", false);
    const platform = await lms("moodle");
    const page = await openLink(platform, token);
    expect(page).toMatchObject({ status: 410, code: "REGISTRATION_LINK_INVALID" });
    expect(page.html).toContain("may no longer register LMS platforms");
    expect(platform.registrations).toEqual([]);
  });
});
