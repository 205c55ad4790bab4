import { completeCourseLink } from "@/lib/lti/pending-course-link";
import { rosterSyncDue, syncRoster } from "@/lib/lti/roster-sync";
import { loadMemberships } from "@/lib/auth/credentials";
import { registerTestPlatform, startToolServer, type ToolServer } from "../../support/lti-tool-server";
import { CLAIM, launchOverHttp, startPlatform, type Flavour, type TestPlatform } from "@/test/lti/platform";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "@/test/harness/test-database";

// Names and Role Provisioning against the test LMS over real HTTP (its token
// endpoint verifying the tool's client assertion against the tool's JWKS, and
// its paged memberships service): the roster sync enrols members who never
// launched, with their roles, records itself, and is throttled on launch.

const SECRET = "lti-roster-sync-test-secret-0123456789abcdef";

describeEachDatabase("LTI roster sync", (provider) => {
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
      platform = await startPlatform({ flavour, tool, membershipPageSize: 2 });
      await registerTestPlatform(testDb.db, platform);
    });
    afterAll(() => platform?.close());

    it("enrols every member of the LMS course over all pages with their roles, records the sync, and throttles launches", async () => {
      const { db } = testDb;
      const context = platform.addContext({ label: "DL201", title: "Roster course" });
      const teacher = platform.addUser({ name: "Emmy Noether" });
      platform.enrol(context, teacher, "instructor");
      const students = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Kurt Gödel"].map((name) => platform.addUser({ name }));
      for (const student of students) platform.enrol(context, student, "learner");
      const ta = platform.addUser({ name: "Tom Assistant" });
      platform.enrol(context, ta, "ta");

      const link = platform.addResourceLink({ context, title: "Week 1" });
      const { response } = await launchOverHttp(platform, { context, user: teacher, resourceLink: link });
      const location = response.headers.get("location")!;
      const teacherId = response.headers.get("x-user-id")!;
      const user = await db.user.findUniqueOrThrow({ where: { id: teacherId } });
      const linked = await completeCourseLink(
        db,
        { id: user.id, email: user.email, name: user.name, memberships: await loadMemberships(db, user.id) },
        { pending: new URL(location).searchParams.get("pending")!, courseId: null },
      );
      const courseLink = await db.ltiCourseLink.findFirstOrThrow({ where: { courseId: linked.courseId } });
      const url = (platform.lastLaunch!.claims[CLAIM.nrps] as { context_memberships_url: string }).context_memberships_url;

      const now = new Date();
      expect(await rosterSyncDue(db, courseLink.id, url, now)).toBe(true);
      expect(await rosterSyncDue(db, courseLink.id, url, new Date(now.getTime() + 60_000))).toBe(false);
      platform.expireAccessTokens(); // nothing cached yet: harmless; the sync fetches a token of its own.
      const result = await syncRoster(db, courseLink.id, now);
      expect(result).toMatchObject({ memberCount: 6, enrolled: 6 });

      const enrolments = await db.enrollment.findMany({ where: { courseId: linked.courseId }, include: { user: true } });
      const byName = Object.fromEntries(enrolments.map((e) => [e.user.name, e.role]));
      expect(byName).toEqual({
        "Emmy Noether": "INSTRUCTOR",
        "Ada Lovelace": "STUDENT",
        "Alan Turing": "STUDENT",
        "Grace Hopper": "STUDENT",
        "Kurt Gödel": "STUDENT",
        // Moodle gives non-editing teachers the Instructor role; only Canvas sends a TA sub-role.
        "Tom Assistant": flavour === "moodle" ? "INSTRUCTOR" : "TA",
      });
      const ada = await db.ltiUserLink.findUniqueOrThrow({
        where: { issuer_subject: { issuer: platform.issuer, subject: students[0].sub } },
      });
      expect(enrolments.find((e) => e.userId === ada.userId)).toBeDefined();
      expect(await db.ltiRosterSync.findUniqueOrThrow({ where: { courseLinkId: courseLink.id } })).toMatchObject({
        contextMembershipsUrl: url,
        memberCount: 6,
        lastError: "",
        finishedAt: expect.any(Date),
      });

      // A second sync adds nobody twice; a launch 11 minutes later may sync again.
      await syncRoster(db, courseLink.id);
      expect(await db.enrollment.count({ where: { courseId: linked.courseId } })).toBe(6);
      expect(await rosterSyncDue(db, courseLink.id, url, new Date(now.getTime() + 11 * 60_000))).toBe(true);
    });

    it("records a failed sync with its reason and says what to do", async () => {
      const { db } = testDb;
      const context = platform.addContext({ label: "DL202", title: "Failing course" });
      const teacher = platform.addUser({ name: "Failing Teacher" });
      platform.enrol(context, teacher, "instructor");
      const { response } = await launchOverHttp(platform, {
        context,
        user: teacher,
        resourceLink: platform.addResourceLink({ context, title: "x" }),
      });
      const user = await db.user.findUniqueOrThrow({ where: { id: response.headers.get("x-user-id")! } });
      const linked = await completeCourseLink(
        db,
        { id: user.id, email: user.email, name: user.name, memberships: [] },
        { pending: new URL(response.headers.get("location")!).searchParams.get("pending")!, courseId: null },
      );
      const courseLink = await db.ltiCourseLink.findFirstOrThrow({ where: { courseId: linked.courseId } });
      await rosterSyncDue(db, courseLink.id, `${platform.origin}/no-such-memberships`);
      await expect(syncRoster(db, courseLink.id)).rejects.toMatchObject({
        code: "UNAVAILABLE",
        message: expect.stringContaining("answered 404"),
      });
      expect(await db.ltiRosterSync.findUniqueOrThrow({ where: { courseLinkId: courseLink.id } })).toMatchObject({
        lastError: expect.stringContaining("404"),
        finishedAt: null,
      });
    });
  });
});
