import { createDb } from "@/lib/db/client";
import { authenticate } from "@/lib/auth/credentials";
import { authorizeSessionUser } from "@/lib/auth/session";
import { claimsOfToken } from "@/lib/auth/session-token";
import { acceptLaunch } from "@/lib/lti/launch";
import { startLogin } from "@/lib/lti/login";
import { createPlatform } from "@/lib/lti/platforms";
import { sessionCookieFor } from "@/lib/lti/session-cookie";
import { stateCookieName } from "@/lib/lti/state-cookie";
import { platformRegistrationSchema } from "@/lib/lti/requests";
import { placeholderEmail } from "@/lib/lti/link-user";
import { completeCourseLink, linkableCoursesFor } from "@/lib/lti/pending-course-link";
import { bankProblemRow } from "../../support/course-fixture";
import { LtiSigner, LTI_ROLE, type LaunchTokenOptions } from "../../support/lti-signer";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "@/test/harness/test-database";
import type { Db } from "@/lib/db/client";

// Login initiation and the resource-link launch against a registered
// platform whose JWKS is served over HTTP: what a good launch creates and
// signs in, what a second one reuses, and every refusal. The routes over
// HTTP are test/e2e/lti-launch.spec.ts.

const SECRET = "lti-launch-test-secret-0123456789abcdefghijkl";
const REDIRECT_URI = "http://127.0.0.1:3000/api/lti/launch";

describeEachDatabase("LTI login and launch", (provider) => {
  let testDb: TestDatabase;
  let signer: LtiSigner;
  let platformId: string;
  const savedSecret = process.env.NEXTAUTH_SECRET;

  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET = SECRET;
    testDb = await createTestDatabase(provider);
    signer = await new LtiSigner(`https://lms-${provider}.example.edu`).start();
    const admin = await testDb.db.user.create({
      data: { email: `admin-${provider}@x.test`, name: "Admin", passwordHash: "", isAdmin: true },
    });
    const platform = await createPlatform(
      testDb.db,
      { user: { id: admin.id, email: admin.email, name: admin.name, memberships: [] }, isAdmin: true },
      platformRegistrationSchema.parse(signer.registration()),
    );
    platformId = platform.id;
    await linkContext("context-1");
  }, 60_000);
  afterAll(async () => {
    process.env.NEXTAUTH_SECRET = savedSecret;
    await signer?.stop();
    await testDb?.destroy();
  });

  /** A login initiation as the LMS sends it; the browser's cookie jar after it, and the nonce the LMS would sign. */
  async function login(db: Db = testDb.db, extra: Record<string, string> = {}) {
    const redirect = await startLogin(
      db,
      { iss: signer.issuer, login_hint: "hint", target_link_uri: REDIRECT_URI, lti_message_hint: "message-hint", ...extra },
      REDIRECT_URI,
    );
    const location = new URL(redirect.location);
    return {
      location,
      state: redirect.state,
      nonce: location.searchParams.get("nonce")!,
      cookies: { [stateCookieName(redirect.state)]: redirect.state },
    };
  }

  /** Logs in and posts a launch signed with `options`. */
  async function launch(options: Omit<LaunchTokenOptions, "nonce"> = {}) {
    const started = await login();
    const idToken = await signer.sign({ nonce: started.nonce, ...options });
    return { started, idToken, result: await acceptLaunch(testDb.db, { idToken, state: started.state, cookies: started.cookies }) };
  }

  /** An instructor's first launch from `contextId`, which they link to `courseId` (null: a new course). */
  async function linkContext(contextId: string, courseId: string | null = null, sub = `instructor-of-${contextId}`) {
    const { result } = await launch({ sub, roles: [LTI_ROLE.instructor], contextId, resourceLinkId: `first-link-of-${contextId}` });
    expect(result.courseId).toBeNull();
    const pending = new URL(result.landingPath, "http://tool.test").searchParams.get("pending")!;
    const user = { id: result.user.id, email: result.user.email, name: result.user.name, memberships: result.memberships };
    return { user, pending, linked: await completeCourseLink(testDb.db, user, { pending, courseId }) };
  }

  it("redirects the login to the platform's authorization URL with the OIDC parameters, and stores the state", async () => {
    const { location, state, nonce } = await login();
    expect(`${location.origin}${location.pathname}`).toBe(signer.registration().authLoginUrl);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      scope: "openid",
      response_type: "id_token",
      response_mode: "form_post",
      prompt: "none",
      client_id: signer.clientId,
      redirect_uri: REDIRECT_URI,
      login_hint: "hint",
      lti_message_hint: "message-hint",
      state,
      nonce,
    });
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(nonce).not.toBe(state);
    const row = await testDb.db.ltiLoginState.findUniqueOrThrow({ where: { state } });
    expect(row).toMatchObject({ platformId, nonce });
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
  });

  it("refuses a login from an unknown issuer, an unknown client id or an unregistered deployment", async () => {
    const db = testDb.db;
    const base = { login_hint: "h", target_link_uri: REDIRECT_URI };
    await expect(startLogin(db, { ...base, iss: "https://unknown.example" }, REDIRECT_URI)).rejects.toMatchObject({
      code: "UNKNOWN_PLATFORM",
      status: 400,
    });
    await expect(startLogin(db, { ...base, iss: signer.issuer, client_id: "other" }, REDIRECT_URI)).rejects.toMatchObject({
      code: "UNKNOWN_PLATFORM",
    });
    await expect(startLogin(db, { ...base, iss: signer.issuer, lti_deployment_id: "nope" }, REDIRECT_URI)).rejects.toMatchObject({
      code: "UNKNOWN_DEPLOYMENT",
      status: 403,
    });
  });

  it("asks which registration is meant when an issuer is registered twice and the login names no client id", async () => {
    const { db } = testDb;
    const admin = await db.user.findFirstOrThrow({ where: { isAdmin: true } });
    const registrar = { user: { id: admin.id, email: admin.email, name: admin.name, memberships: [] }, isAdmin: true };
    const twice = { ...signer.registration(), issuer: `https://twice-${provider}.example.edu` };
    await createPlatform(db, registrar, platformRegistrationSchema.parse({ ...twice, clientId: "first" }));
    await createPlatform(db, registrar, platformRegistrationSchema.parse({ ...twice, clientId: "second" }));
    const base = { iss: twice.issuer, login_hint: "h", target_link_uri: REDIRECT_URI };
    await expect(startLogin(db, base, REDIRECT_URI)).rejects.toMatchObject({ code: "AMBIGUOUS_PLATFORM", status: 400 });
    const chosen = await startLogin(db, { ...base, client_id: "second" }, REDIRECT_URI);
    expect(new URL(chosen.location).searchParams.get("client_id")).toBe("second");
  });

  it("signs a first-time student of a linked LMS course in: a password-less account, a STUDENT enrolment and a session the app accepts", async () => {
    const { result } = await launch({ sub: "first-student", email: "First.Student@LMS.example.edu", name: "First Student" });
    const { db } = testDb;
    const user = await db.user.findUniqueOrThrow({ where: { id: result.user.id } });
    expect(user).toMatchObject({ email: "first.student@lms.example.edu", name: "First Student", passwordHash: "" });
    expect(
      await db.ltiUserLink.findUnique({ where: { issuer_subject: { issuer: signer.issuer, subject: "first-student" } } }),
    ).toMatchObject({
      userId: user.id,
      platformId,
    });
    const course = await db.course.findUniqueOrThrow({ where: { id: result.courseId! } });
    expect(course.title).toBe("Deep Learning 101");
    expect(course.slug).toMatch(/^dl101-[0-9a-f]{8}$/);
    expect(await db.enrollment.findUnique({ where: { userId_courseId: { userId: user.id, courseId: course.id } } })).toMatchObject({
      role: "STUDENT",
    });
    expect(result.landingPath).toBe("/courses");

    const cookie = await sessionCookieFor(result.user, result.memberships);
    expect(cookie).toMatchObject({ name: "next-auth.session-token", options: { httpOnly: true, sameSite: "lax", path: "/" } });
    const claims = await claimsOfToken(cookie.value, SECRET);
    expect(claims).toMatchObject({ userId: user.id, email: user.email, sessionVersion: 0 });
    await expect(
      authorizeSessionUser(db, { id: user.id, email: user.email, name: user.name, sessionVersion: claims!.sessionVersion }),
    ).resolves.toMatchObject({
      memberships: [{ courseId: course.id, role: "STUDENT" }],
    });
  });

  it("never lets an LTI account sign in with a password, empty or not", async () => {
    const { result } = await launch({ sub: "no-password", email: "no-password@lms.example.edu" });
    expect(await authenticate(testDb.db, result.user.email, "")).toBeNull();
    expect(await authenticate(testDb.db, result.user.email, "anything at all")).toBeNull();
  });

  it("reuses the account, course and link on a second launch, and follows the LMS's role", async () => {
    await linkContext("context-returning");
    const first = await launch({ sub: "returning", roles: [LTI_ROLE.learner], contextId: "context-returning" });
    const second = await launch({
      sub: "returning",
      roles: [LTI_ROLE.instructor, LTI_ROLE.teachingAssistant],
      contextId: "context-returning",
    });
    expect(second.result.user.id).toBe(first.result.user.id);
    expect(second.result.courseId).toBe(first.result.courseId);
    expect(second.result.role).toBe("TA");
    expect(await testDb.db.enrollment.count({ where: { userId: first.result.user.id } })).toBe(1);
    expect(await testDb.db.ltiCourseLink.count({ where: { contextId: "context-returning" } })).toBe(1);
    const audit = await testDb.db.auditLog.findMany({
      where: { action: "lti.enrollment", actorId: first.result.user.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.after)).toEqual([{ role: "STUDENT" }, { role: "TA" }]);
  });

  it("does not take over an existing account that has the LMS's email address: the LMS person gets their own", async () => {
    const existing = await testDb.db.user.create({ data: { email: "taken@lms.example.edu", name: "Password user", passwordHash: "hash" } });
    const { result } = await launch({ sub: "same-email", email: "taken@lms.example.edu" });
    expect(result.user.id).not.toBe(existing.id);
    expect(result.user.email).toBe(placeholderEmail(signer.issuer, "same-email"));
  });

  it("refuses the same launch posted twice: the nonce is used once", async () => {
    const { started, idToken } = await launch({ sub: "replayer" });
    await expect(acceptLaunch(testDb.db, { idToken, state: started.state, cookies: started.cookies })).rejects.toMatchObject({
      code: "REPLAYED_NONCE",
      status: 401,
    });
  });

  it("lets exactly one of two app instances accept the same launch posted to both at once", async () => {
    const started = await login();
    const idToken = await signer.sign({ nonce: started.nonce, sub: "racer" });
    const otherInstance = createDb(testDb.target);
    try {
      const input = { idToken, state: started.state, cookies: started.cookies };
      const outcomes = await Promise.allSettled([acceptLaunch(testDb.db, input), acceptLaunch(otherInstance, input)]);
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: "REPLAYED_NONCE" });
      expect(await testDb.db.ltiUsedNonce.count({ where: { nonce: started.nonce } })).toBe(1);
    } finally {
      await otherInstance.$disconnect();
    }
  });

  it("refuses a launch without this browser's state cookie, with another state's cookie, or after the state expired", async () => {
    const started = await login();
    const idToken = await signer.sign({ nonce: started.nonce, sub: "no-cookie" });
    await expect(acceptLaunch(testDb.db, { idToken, state: started.state, cookies: {} })).rejects.toMatchObject({
      code: "MISSING_STATE",
      status: 400,
    });
    const other = await login();
    await expect(acceptLaunch(testDb.db, { idToken, state: started.state, cookies: other.cookies })).rejects.toMatchObject({
      code: "MISSING_STATE",
    });
    await expect(acceptLaunch(testDb.db, { idToken, state: null, cookies: started.cookies })).rejects.toMatchObject({
      code: "MISSING_STATE",
    });
    const later = new Date(Date.now() + 11 * 60_000);
    await expect(
      acceptLaunch(testDb.db, { idToken, state: started.state, cookies: started.cookies }, { now: later }),
    ).rejects.toMatchObject({
      code: "MISSING_STATE",
    });
    expect(await testDb.db.ltiUserLink.count({ where: { subject: "no-cookie" } })).toBe(0);
  });

  it("refuses an unregistered deployment and a wrong audience, storing no one", async () => {
    await expect(launch({ sub: "wrong-deployment", deploymentId: "not-registered" })).rejects.toMatchObject({
      code: "UNKNOWN_DEPLOYMENT",
      status: 403,
    });
    await expect(launch({ sub: "wrong-audience", override: { aud: "another-tool", azp: undefined } })).rejects.toMatchObject({
      code: "WRONG_AUDIENCE",
    });
    expect(await testDb.db.ltiUserLink.count({ where: { subject: { in: ["wrong-deployment", "wrong-audience"] } } })).toBe(0);
  });

  it("lands on the assessment or problem custom.chainrule_target names in the launch's course, and remembers it on the link", async () => {
    const { db } = testDb;
    const { linked } = await linkContext("context-landing");
    const assessment = await db.assessment.create({
      data: { courseId: linked.courseId, slug: "week-7", title: "Week 7", published: true },
    });
    const problem = await bankProblemRow(db, "nn-backprop");
    await db.assessmentProblem.create({ data: { assessmentId: assessment.id, problemId: problem.id, position: 0, points: 10 } });

    const toAssessment = await launch({
      sub: "lander",
      contextId: "context-landing",
      resourceLinkId: "link-a",
      custom: { chainrule_target: "assessment:week-7" },
    });
    expect(toAssessment.result.landingPath).toBe(`/assessments/${assessment.id}`);
    const again = await launch({ sub: "lander", contextId: "context-landing", resourceLinkId: "link-a" });
    expect(again.result.landingPath).toBe(`/assessments/${assessment.id}`);

    const toProblem = await launch({
      sub: "lander",
      contextId: "context-landing",
      resourceLinkId: "link-p",
      custom: { chainrule_target: "problem:week-7/nn-backprop" },
    });
    expect(toProblem.result.landingPath).toBe(`/assessments/${assessment.id}/problems/nn-backprop`);

    const instructor = await launch({
      sub: "teacher",
      roles: [LTI_ROLE.instructor],
      contextId: "context-landing",
      resourceLinkId: "link-a",
    });
    expect(instructor.result.landingPath).toBe(`/gradebook/${assessment.id}`);
  });

  it("does not open an assessment of another course that custom.chainrule_target names", async () => {
    const { db } = testDb;
    const otherCourse = await db.course.create({ data: { slug: `other-${provider}`, title: "Other" } });
    await db.assessment.create({ data: { courseId: otherCourse.id, slug: "secret", title: "Secret", published: true } });
    await linkContext("context-curious");
    const { result } = await launch({
      sub: "curious",
      contextId: "context-curious",
      resourceLinkId: "link-x",
      custom: { chainrule_target: "assessment:secret" },
    });
    expect(result.landingPath).toBe("/courses");
    expect(await db.enrollment.count({ where: { courseId: otherCourse.id } })).toBe(0);
  });

  describe("linking an LMS course", () => {
    it("refuses a student's launch from an LMS course no instructor has linked, storing no one and no course", async () => {
      const courses = await testDb.db.course.count();
      await expect(launch({ sub: "early-student", contextId: "context-unlinked" })).rejects.toMatchObject({
        code: "COURSE_NOT_LINKED",
        status: 409,
        message: 'Your instructor has not set up Chainrule for "Deep Learning 101" yet.',
      });
      await expect(launch({ sub: "early-ta", roles: [LTI_ROLE.teachingAssistant], contextId: "context-unlinked" })).rejects.toMatchObject({
        code: "COURSE_NOT_LINKED",
      });
      expect(await testDb.db.ltiUserLink.count({ where: { subject: { in: ["early-student", "early-ta"] } } })).toBe(0);
      expect(await testDb.db.course.count()).toBe(courses);
      expect(await testDb.db.ltiCourseLink.count({ where: { contextId: "context-unlinked" } })).toBe(0);
    });

    it("sends an instructor's first launch to the linking page, which links to a course they teach; students then land in it", async () => {
      const { db } = testDb;
      const courses = await db.course.count();
      const { result } = await launch({
        sub: "linking-teacher",
        roles: [LTI_ROLE.instructor],
        contextId: "context-existing",
        resourceLinkId: "placed-week-3",
        custom: { chainrule_target: "assessment:week-3" },
      });
      expect(result.courseId).toBeNull();
      expect(result.landingPath).toMatch(/^\/lti\/link-course\?pending=[\w.%-]+$/);
      expect(await db.course.count()).toBe(courses);
      expect(await db.ltiCourseLink.count({ where: { contextId: "context-existing" } })).toBe(0);

      const own = await db.course.create({ data: { slug: `own-${provider}`, title: "Own course" } });
      await db.enrollment.create({ data: { userId: result.user.id, courseId: own.id, role: "INSTRUCTOR" } });
      const week3 = await db.assessment.create({ data: { courseId: own.id, slug: "week-3", title: "Week 3", published: true } });
      expect((await linkableCoursesFor(db, result.user.id)).map((c) => c.id)).toEqual([own.id]);

      const pending = new URL(result.landingPath, "http://tool.test").searchParams.get("pending")!;
      const user = { id: result.user.id, email: result.user.email, name: result.user.name, memberships: result.memberships };
      const linked = await completeCourseLink(db, user, { pending, courseId: own.id });
      expect(linked).toMatchObject({ courseId: own.id, linked: true, landingPath: `/gradebook/${week3.id}` });
      expect(await db.ltiCourseLink.findFirst({ where: { contextId: "context-existing" } })).toMatchObject({ courseId: own.id });
      expect(await db.course.count()).toBe(courses + 1);
      expect(await db.auditLog.count({ where: { action: "lti.course.link", courseId: own.id, actorId: user.id } })).toBe(1);

      const student = await launch({ sub: "later-student", contextId: "context-existing", resourceLinkId: "placed-week-3" });
      expect(student.result).toMatchObject({ courseId: own.id, role: "STUDENT", landingPath: `/assessments/${week3.id}` });
    });

    it("refuses to link to a course the instructor does not teach, a forged or expired token, or another person's token", async () => {
      const { db } = testDb;
      const { result } = await launch({ sub: "careful-teacher", roles: [LTI_ROLE.instructor], contextId: "context-guarded" });
      const pending = new URL(result.landingPath, "http://tool.test").searchParams.get("pending")!;
      const user = { id: result.user.id, email: result.user.email, name: result.user.name, memberships: result.memberships };
      const foreign = await db.course.create({ data: { slug: `foreign-${provider}`, title: "Not theirs" } });
      await expect(completeCourseLink(db, user, { pending, courseId: foreign.id })).rejects.toMatchObject({
        code: "FORBIDDEN",
        status: 403,
      });
      await db.enrollment.create({ data: { userId: user.id, courseId: foreign.id, role: "TA" } });
      await expect(completeCourseLink(db, user, { pending, courseId: foreign.id })).rejects.toMatchObject({ code: "FORBIDDEN" });

      const [header, payload, signature] = pending.split(".");
      const flipped = `${header}.${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
      await expect(completeCourseLink(db, user, { pending: flipped, courseId: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
      const later = new Date(Date.now() + 31 * 60_000);
      await expect(completeCourseLink(db, user, { pending, courseId: null }, later)).rejects.toMatchObject({ code: "FORBIDDEN" });
      const other = await db.user.create({ data: { email: `thief-${provider}@x.test`, name: "Thief", passwordHash: "" } });
      await expect(
        completeCourseLink(db, { id: other.id, email: other.email, name: other.name, memberships: [] }, { pending, courseId: null }),
      ).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("belongs to whoever launched it") });
      expect(await db.ltiCourseLink.count({ where: { contextId: "context-guarded" } })).toBe(0);
    });

    it("keeps the first link when two instructors link the same LMS course at once", async () => {
      const { db } = testDb;
      const first = await launch({ sub: "racer-a", roles: [LTI_ROLE.instructor], contextId: "context-race" });
      const second = await launch({ sub: "racer-b", roles: [LTI_ROLE.instructor], contextId: "context-race" });
      const asUser = (r: typeof first.result) => ({ id: r.user.id, email: r.user.email, name: r.user.name, memberships: r.memberships });
      const tokenOf = (r: typeof first.result) => new URL(r.landingPath, "http://tool.test").searchParams.get("pending")!;
      const outcomes = await Promise.all([
        completeCourseLink(db, asUser(first.result), { pending: tokenOf(first.result), courseId: null }),
        completeCourseLink(db, asUser(second.result), { pending: tokenOf(second.result), courseId: null }),
      ]);
      expect(outcomes.map((o) => o.linked).sort()).toEqual([false, true]);
      expect(outcomes[0].courseId).toBe(outcomes[1].courseId);
      expect(await db.ltiCourseLink.count({ where: { contextId: "context-race" } })).toBe(1);
      expect(await db.enrollment.count({ where: { courseId: outcomes[0].courseId, role: "INSTRUCTOR" } })).toBe(2);
    });
  });
});
