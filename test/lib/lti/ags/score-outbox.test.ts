import { loadMemberships } from "@/lib/auth/credentials";
import { completeCourseLink } from "@/lib/lti/pending-course-link";
import { sendDueScores } from "@/lib/lti/ags/score-sender";
import { listScoreSync, resendScores } from "@/lib/lti/ags/score-sync";
import { setScoreOverride } from "@/lib/overrides/set-score-override";
import { applyRegrade } from "@/lib/regrade/apply-regrade";
import { enqueueReleasedScores } from "@/lib/lti/ags/release-sweep";
import { deleteException } from "@/lib/exceptions/manage-exceptions";
import { openNextAnswer } from "@/lib/manual-grading/open-answer";
import { gradeQueuedAnswer } from "@/lib/manual-grading/grade-queued-answer";
import { assessmentProgress } from "@/lib/progress/assessment-progress";
import { removeMember } from "@/lib/roster/change-member";
import { rosterSyncDue, syncRoster } from "@/lib/lti/roster-sync";
import { createDb, type Db } from "@/lib/db/client";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { CLAIM, launchOverHttp, lineItemSubUrl, startPlatform, type TestPlatform } from "@/test/lti/platform";
import { registerTestPlatform, startToolServer, type ToolServer } from "../../../support/lti-tool-server";
import type { CourseFixtureOptions } from "../../../support/course-fixture";
import { actorFor, createStaffFixture, DW0_SHARE, HALF_DW0, RIGHT_DW0 } from "../../gradebook/staff-fixture";

// Assignment and Grade Services end to end over real HTTP: the test LMS
// (test/lti/platform) launches the tool (test/support/lti-tool-server.ts,
// the app's own lib/lti functions), the launch makes the line item, a
// submission, an override or a regrade enqueues the score, and the sender
// posts it with a token from the platform's token endpoint. What arrives is
// read from the platform's records: none lost, none doubled, in order.

/** Answers worth more than HALF_DW0's 0: the sent total must be the student's own standing (lib/progress), here 9/19 of 10 points. */
const BETTER = { "d.dW0": RIGHT_DW0, "d.db0": "W1.T * z * (1 - z)", "a.y": "W1 @ z + b1", "b.db1": "1" };
const BETTER_POINTS = (10 * 9) / 19;

describeEachDatabase("LTI scores to the LMS (AGS outbox)", (provider) => {
  const testDb = useTestDatabase(provider);
  let tool: ToolServer;
  let platform: TestPlatform;
  // The instructor's first launch carries its course-link choice in a token signed with the app's secret.
  const savedSecret = process.env.NEXTAUTH_SECRET;
  beforeAll(() => {
    process.env.NEXTAUTH_SECRET = "lti-ags-test-secret-0123456789abcdefghij";
  });
  afterAll(() => {
    process.env.NEXTAUTH_SECRET = savedSecret;
  });

  afterEach(async () => {
    await platform?.close();
    await tool?.close();
  });

  /** A course in the LMS and in Chainrule, its assessment placed with a line item, and a student who has launched it. */
  async function setUp(options: { flavour?: "canvas" | "moodle"; lineItemInClaim?: boolean; fixture?: CourseFixtureOptions } = {}) {
    const db = testDb.db;
    // One database for the suite: each test starts with no line items and no scores.
    await db.ltiScoreOutbox.deleteMany();
    await db.ltiLineItem.deleteMany();
    tool = await startToolServer(db);
    platform = await startPlatform({
      flavour: options.flavour ?? "canvas",
      tool: { loginUrl: tool.loginUrl, launchUrl: tool.launchUrl, jwksUrl: tool.jwksUrl },
    });
    const registered = await registerTestPlatform(db, platform);
    const context = platform.addContext({ label: "DL101", title: "Deep learning maths" });
    const ada = platform.addUser({ name: "Ada Lovelace" });
    platform.enrol(context, ada, "learner");
    const link = platform.addResourceLink({
      context,
      title: "Backprop",
      custom: { chainrule_target: "assessment:a" },
      ...(options.lineItemInClaim === false ? {} : { lineItem: { scoreMaximum: 10 } }),
    });
    // The LMS course's instructor launches first and links it to a new Chainrule course; put the fixture's assessment in it.
    const teacher = platform.addUser({ name: "Emmy Noether" });
    platform.enrol(context, teacher, "instructor");
    const first = await launchOverHttp(platform, { context, user: teacher, resourceLink: link });
    expect(first.response.status).toBe(303);
    const teacherUser = await db.user.findUniqueOrThrow({ where: { id: first.response.headers.get("x-user-id")! } });
    await completeCourseLink(
      db,
      { id: teacherUser.id, email: teacherUser.email, name: teacherUser.name, memberships: await loadMemberships(db, teacherUser.id) },
      { pending: new URL(first.response.headers.get("location")!, "http://tool.test").searchParams.get("pending")!, courseId: null },
    );
    const courseLink = await db.ltiCourseLink.findFirstOrThrow({ where: { platformId: registered.id } });
    const fixture = await createStaffFixture(db, options.fixture);
    await db.assessment.update({ where: { id: fixture.assessment.id }, data: { courseId: courseLink.courseId } });
    await db.enrollment.updateMany({ where: { courseId: fixture.course.id }, data: { courseId: courseLink.courseId } });
    // The second launch lands on the assessment and makes sure of its line item.
    const second = await launchOverHttp(platform, { context, user: ada, resourceLink: link });
    expect(new URL(second.response.headers.get("location")!).pathname).toBe(`/assessments/${fixture.assessment.id}`);
    const student = await db.ltiUserLink.findFirstOrThrow({
      where: { issuer: platform.issuer, subject: ada.sub, platformId: registered.id },
    });
    const ta = await actorFor(db, await db.user.findUniqueOrThrow({ where: { id: fixture.ta.id } }));
    const submit = (answers: Record<string, string>, now?: Date) => fixture.submit(student.userId, "nn-backprop", answers, now);
    return {
      db,
      fixture,
      context,
      ada,
      link,
      studentId: student.userId,
      ta,
      submit,
      courseId: courseLink.courseId,
      courseLinkId: courseLink.id,
      teacher,
      teacherId: teacherUser.id,
    };
  }

  const send = (db: Db, extra: Partial<Parameters<typeof sendDueScores>[0]> = {}) =>
    sendDueScores({ db, baseDelayMs: 1, random: () => 0, ...extra });

  it("sends a graded submission's assessment total to the line item the launch carried", async () => {
    const { db, submit, ada } = await setUp();
    const [lineItem] = await db.ltiLineItem.findMany();
    expect(lineItem.lineItemUrl).toBe(platform.lineItems()[0].url);
    await submit({ "d.dW0": HALF_DW0 });
    expect(await send(db)).toMatchObject({ sent: 1, failed: 0 });
    expect(platform.scores).toEqual([
      expect.objectContaining({
        userId: ada.sub,
        scoreGiven: 0,
        scoreMaximum: 10,
        gradingProgress: "FullyGraded",
        activityProgress: "Submitted",
      }),
    ]);
    const better = await submit(BETTER);
    expect(better.standing?.pointsEarned).toBeCloseTo(BETTER_POINTS, 12);
    await send(db);
    expect(platform.scores.map((s) => s.scoreGiven)).toEqual([0, better.standing?.pointsEarned]);
    expect(Date.parse(platform.scores[1].timestamp)).toBeGreaterThan(Date.parse(platform.scores[0].timestamp));
  });

  it("creates the line item in the LMS when the launch names none, once for parallel launches", async () => {
    const { db, fixture, context, ada, link } = await setUp({ lineItemInClaim: false });
    await Promise.all([1, 2, 3].map(() => launchOverHttp(platform, { context, user: ada, resourceLink: link })));
    const items = platform.lineItems({ contextId: context.id });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      label: fixture.assessment.title,
      scoreMaximum: 10,
      resourceId: fixture.assessment.id,
      tag: "chainrule",
    });
    expect(await db.ltiLineItem.findMany({ select: { lineItemUrl: true } })).toEqual([{ lineItemUrl: items[0].url }]);
  });

  it("sends a new total after a TA's override", async () => {
    const { db, submit, ta, fixture, studentId } = await setUp();
    await submit({ "d.dW0": HALF_DW0 });
    await send(db);
    await setScoreOverride({
      db,
      actor: ta,
      assessmentId: fixture.assessment.id,
      assessmentProblemId: fixture.placements[0].id,
      studentId,
      partId: "",
      score: 0.8,
      comment: "Graded by hand.",
    });
    expect(await db.ltiScoreOutbox.count({ where: { reason: "override", state: "PENDING" } })).toBe(1);
    await send(db);
    expect(platform.scores.map((s) => s.scoreGiven)).toEqual([0, 8]);
  });

  it("sends a new total after a regrade changes the student's score", async () => {
    const { db, submit, ta, fixture, studentId } = await setUp();
    await submit({ "d.dW0": HALF_DW0 });
    // As if an older version of the problem had given the forgotten σ′ full credit (test/lib/regrade): 3 of 19 parts' points.
    const current = await db.problem.findFirstOrThrow({ where: { slug: "nn-backprop" }, orderBy: { version: "desc" } });
    const old = await db.problem.upsert({
      where: { slug_version: { slug: "nn-backprop", version: 0 } },
      update: {},
      create: { slug: "nn-backprop", version: 0, title: current.title, source: "BANK", definition: current.definition as object },
    });
    const placement = fixture.placements[0];
    await db.assessmentProblem.update({ where: { id: placement.id }, data: { problemId: old.id } });
    await db.variant.updateMany({ where: { assessmentProblemId: placement.id }, data: { problemId: old.id } });
    const stored = await db.submission.findFirstOrThrow({ where: { assessmentProblemId: placement.id } });
    const partResults = stored.partResults as Record<string, { score: number }>;
    partResults["d.dW0"] = { ...partResults["d.dW0"], score: 1 };
    await db.submission.update({ where: { id: stored.id }, data: { problemId: old.id, score: DW0_SHARE, partResults } });
    await send(db);
    expect(platform.scores.map((s) => s.scoreGiven)).toEqual([10 * DW0_SHARE]);

    const result = await applyRegrade({ db, actor: ta, assessmentId: fixture.assessment.id, assessmentProblemId: placement.id });
    expect(result.submissionsChanged).toBe(1);
    expect(await db.ltiScoreOutbox.count({ where: { reason: "regrade", userId: studentId } })).toBe(1);
    await send(db);
    expect(platform.scores.map((s) => s.scoreGiven)).toEqual([10 * DW0_SHARE, 0]);
  });

  it("retries through three 503s with backoff, then delivers exactly once, in order", async () => {
    const { db, submit } = await setUp();
    await submit({ "d.dW0": HALF_DW0 });
    await send(db);
    platform.failScores(3, 503);
    await submit(BETTER);
    let now = Date.now();
    for (let round = 0; round < 3; round++) {
      expect(await send(db, { now: () => new Date(now) })).toMatchObject({ retrying: 1, sent: 0 });
      const row = await db.ltiScoreOutbox.findFirstOrThrow({ where: { state: "PENDING" } });
      expect(row.attempts).toBe(round + 1);
      expect(row.lastError).toMatch(/503/);
      // Not due before its backoff.
      expect(await send(db, { now: () => new Date(row.nextAttemptAt.getTime() - 1) })).toMatchObject({ sent: 0, retrying: 0 });
      now = row.nextAttemptAt.getTime();
    }
    expect(await send(db, { now: () => new Date(now) })).toMatchObject({ sent: 1 });
    expect(platform.scores.map((s) => s.scoreGiven)).toEqual([0, BETTER_POINTS]);
    expect(platform.scorePosts.map((p) => p.status)).toEqual([expect.any(Number), 503, 503, 503, expect.any(Number)]);
    expect(await send(db, { now: () => new Date(now + 3_600_000) })).toMatchObject({ sent: 0 });
    expect(platform.scores).toHaveLength(2);
  });

  it("gives up into FAILED with the LMS's answer after the attempt limit", async () => {
    const { db, submit } = await setUp();
    platform.failScores(3, 502);
    await submit(BETTER);
    let now = Date.now();
    for (let round = 0; round < 3; round++) {
      await send(db, { now: () => new Date(now), maxAttempts: 3 });
      now += 3_600_000;
    }
    const row = await db.ltiScoreOutbox.findFirstOrThrow();
    expect(row).toMatchObject({ state: "FAILED", attempts: 3 });
    expect(row.lastError).toMatch(/gave up after 3 attempts: .*502/);
    expect(platform.scores).toHaveLength(0);
  });

  it("keeps one score when the LMS stored it but its answer was lost (Moodle's 409 on the retry)", async () => {
    const { db, submit } = await setUp({ flavour: "moodle" });
    platform.failScores(1, 503, { recordFirst: true });
    await submit(BETTER);
    const now = Date.now();
    expect(await send(db, { now: () => new Date(now) })).toMatchObject({ retrying: 1 });
    expect(await send(db, { now: () => new Date(now + 3_600_000) })).toMatchObject({ sent: 1 });
    expect(platform.scores).toHaveLength(1);
    expect(platform.scorePosts.map((p) => p.status)).toEqual([503, 409]);
    expect(await db.ltiScoreOutbox.findFirstOrThrow()).toMatchObject({ state: "SENT" });
  });

  it("on Canvas, a retry after a lost answer repeats the same score and timestamp, which leaves the one result as it was", async () => {
    const { db, submit } = await setUp({ flavour: "canvas" });
    platform.failScores(1, 503, { recordFirst: true });
    await submit(BETTER);
    const now = Date.now();
    expect(await send(db, { now: () => new Date(now) })).toMatchObject({ retrying: 1 });
    expect(await send(db, { now: () => new Date(now + 3_600_000) })).toMatchObject({ sent: 1 });
    // Canvas refuses only a strictly earlier timestamp: it took the repeat, with nothing changed.
    expect(platform.scorePosts.map((p) => p.status)).toEqual([503, 200]);
    const [first, repeat] = platform.scores;
    expect(repeat).toMatchObject({ scoreGiven: first.scoreGiven, timestamp: first.timestamp, userId: first.userId });
    const results = platform.resultsFor({ id: platform.lineItems()[0].id });
    expect(results).toHaveLength(1);
    expect(results[0].resultScore).toBeCloseTo(BETTER_POINTS, 12);
  });

  it("sends only the newest of several pending changes; the older are superseded, never sent", async () => {
    const { db, submit } = await setUp();
    await submit({ "d.dW0": HALF_DW0 });
    await submit({ "d.dW0": RIGHT_DW0 });
    await submit(BETTER);
    expect(await send(db)).toMatchObject({ sent: 1, superseded: 2 });
    expect(platform.scores.map((s) => s.scoreGiven)).toEqual([BETTER_POINTS]);
  });

  it("never sends one row twice when two senders on two database clients race", async () => {
    const { db, submit } = await setUp();
    const other = createDb(testDb.target);
    try {
      for (let i = 0; i < 4; i++) {
        await submit(i % 2 ? BETTER : { "d.dW0": HALF_DW0 });
        await Promise.all([send(db, { ownerId: "a" }), send(other, { ownerId: "b" })]);
      }
    } finally {
      await other.$disconnect();
    }
    expect(platform.scores.map((s) => s.scoreGiven)).toEqual([0, BETTER_POINTS, BETTER_POINTS, BETTER_POINTS]);
    const timestamps = platform.scores.map((s) => Date.parse(s.timestamp));
    expect([...timestamps].sort((a, b) => a - b)).toEqual(timestamps);
    expect(new Set(timestamps).size).toBe(4);
    expect(await db.ltiScoreOutbox.count({ where: { state: "SENT" } })).toBe(4);
  });

  it("resumes a row whose sender died mid-lease once the lease expires, and delivers it once", async () => {
    const { db, submit } = await setUp();
    await submit(BETTER);
    const now = Date.now();
    // The first sender claims the row and dies before sending.
    await expect(
      send(db, {
        now: () => new Date(now),
        leaseMs: 30_000,
        afterClaim: async () => {
          throw new Error("killed");
        },
      }),
    ).rejects.toThrow("killed");
    expect(await db.ltiScoreOutbox.findFirstOrThrow()).toMatchObject({ state: "SENDING" });
    // Within the lease nobody else sends it.
    expect(await send(db, { now: () => new Date(now + 29_000) })).toMatchObject({ sent: 0 });
    expect(await send(db, { now: () => new Date(now + 31_000) })).toMatchObject({ sent: 1 });
    expect(platform.scores.map((s) => s.scoreGiven)).toEqual([BETTER_POINTS]);
  });

  it("shows each student's sync state, and a staff resend after a failure delivers the score, audited", async () => {
    const { db, submit, ta, fixture, studentId } = await setUp();
    platform.failScores(1, 422);
    await submit(BETTER);
    await send(db);
    const [failed] = await listScoreSync(db, ta, fixture.assessment.id);
    expect(failed).toMatchObject({ studentId, state: "failed", attempts: 1 });
    expect(failed.lastError).toMatch(/the LMS refused the score: 422/);

    const student = await actorFor(db, await db.user.findUniqueOrThrow({ where: { id: studentId } }));
    await expect(resendScores({ db, actor: student, assessmentId: fixture.assessment.id, studentId })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await resendScores({ db, actor: ta, assessmentId: fixture.assessment.id, studentId })).toEqual({ enqueued: 1 });
    expect((await listScoreSync(db, ta, fixture.assessment.id))[0]).toMatchObject({ state: "pending" });
    await send(db);
    const [sent] = await listScoreSync(db, ta, fixture.assessment.id);
    expect(sent).toMatchObject({ state: "sent", scoreMaximum: 10 });
    // Stored as the database's double: equal to the sent value within rounding of its last bit.
    expect(sent.scoreGiven).toBeCloseTo(BETTER_POINTS, 12);
    expect(platform.scores.map((s) => s.scoreGiven)).toEqual([BETTER_POINTS]);
    expect(await db.auditLog.findFirst({ where: { action: "lti.scores.resend", entityId: fixture.assessment.id } })).toMatchObject({
      actorId: ta.id,
      after: { studentId, enqueued: 1 },
    });
  });

  describe("a course linked to two LMS courses", () => {
    /**
     * setUp's course, linked by its instructor to a second LMS course (context 2) with its own link to the
     * assessment and its own line item; Ada is a learner of context 1 only and has launched from it alone.
     */
    async function twoLmsCourses() {
      const first = await setUp();
      const { db, teacher, teacherId, courseId } = first;
      const context2 = platform.addContext({ label: "DL101-B", title: "Deep learning maths, second campus" });
      platform.enrol(context2, teacher, "instructor");
      const link2 = platform.addResourceLink({
        context: context2,
        title: "Backprop (B)",
        custom: { chainrule_target: "assessment:a" },
        lineItem: { scoreMaximum: 10 },
      });
      const linking = await launchOverHttp(platform, { context: context2, user: teacher, resourceLink: link2 });
      const teacherUser = await db.user.findUniqueOrThrow({ where: { id: teacherId } });
      await completeCourseLink(
        db,
        { id: teacherId, email: teacherUser.email, name: teacherUser.name, memberships: await loadMemberships(db, teacherId) },
        { pending: new URL(linking.response.headers.get("location")!, "http://tool.test").searchParams.get("pending")!, courseId },
      );
      // The instructor's next launch lands on the assessment and makes sure of context 2's line item.
      await launchOverHttp(platform, { context: context2, user: teacher, resourceLink: link2 });
      const nrpsUrl = (platform.lastLaunch!.claims[CLAIM.nrps] as { context_memberships_url: string }).context_memberships_url;
      const courseLink2 = await db.ltiCourseLink.findFirstOrThrow({ where: { courseId, id: { not: first.courseLinkId } } });
      await rosterSyncDue(db, courseLink2.id, nrpsUrl);
      const [item1, item2] = [platform.lineItems({ contextId: first.context.id }), platform.lineItems({ contextId: context2.id })].map(
        (items) => {
          expect(items).toHaveLength(1);
          return items[0];
        },
      );
      const rowOf = async (item: { url: string }) => (await db.ltiLineItem.findFirstOrThrow({ where: { lineItemUrl: item.url } })).id;
      return { ...first, context2, courseLink2, item1, item2, lineItem1: await rowOf(item1), lineItem2: await rowOf(item2) };
    }

    /** The outbox rows of a student per line item row id. */
    async function rowsPerLineItem(db: Db, userId: string) {
      const rows = await db.ltiScoreOutbox.groupBy({ by: ["lineItemId"], where: { userId }, _count: { _all: true } });
      return Object.fromEntries(rows.map((row) => [row.lineItemId, row._count._all]));
    }

    it("queues and delivers a score only to the LMS course the student launched from, not to the other one", async () => {
      const { db, submit, studentId, ada, item1, lineItem1, ta, fixture } = await twoLmsCourses();
      await submit(BETTER);
      expect(await rowsPerLineItem(db, studentId)).toEqual({ [lineItem1]: 1 });
      expect(await send(db)).toMatchObject({ sent: 1, failed: 0 });
      expect(platform.scorePosts.map((post) => [post.url, post.status])).toEqual([[lineItemSubUrl(item1.url, "scores"), 200]]);
      expect(platform.scores).toEqual([expect.objectContaining({ userId: ada.sub, scoreMaximum: 10 })]);
      expect(platform.scores[0].scoreGiven).toBeCloseTo(BETTER_POINTS, 12);

      // Staff's resend follows the same rule, and the sync table shows context 1 alone: nothing "failed" for context 2.
      expect(await resendScores({ db, actor: ta, assessmentId: fixture.assessment.id, studentId })).toEqual({ enqueued: 1 });
      expect(await rowsPerLineItem(db, studentId)).toEqual({ [lineItem1]: 2 });
      await send(db);
      const sync = await listScoreSync(db, ta, fixture.assessment.id);
      expect(sync.filter((row) => row.studentId === studentId)).toEqual([
        expect.objectContaining({ lineItemId: lineItem1, lmsCourseTitle: "Deep learning maths", state: "sent" }),
      ]);
    });

    it("queues for the second LMS course once its roster lists the student, and stops once its roster drops them", async () => {
      const { db, submit, studentId, ada, context2, courseLinkId, courseLink2, item1, item2, lineItem1, lineItem2 } = await twoLmsCourses();
      platform.enrol(context2, ada, "learner");
      expect(await syncRoster(db, courseLink2.id)).toMatchObject({ enrolled: 2 });
      await submit(BETTER);
      expect(await rowsPerLineItem(db, studentId)).toEqual({ [lineItem1]: 1, [lineItem2]: 1 });
      expect(await send(db)).toMatchObject({ sent: 2, failed: 0 });
      expect(platform.resultsFor(item1).map((r) => r.userId)).toEqual([ada.sub]);
      expect(platform.resultsFor(item2).map((r) => r.userId)).toEqual([ada.sub]);
      expect(platform.resultsFor(item2)[0].resultScore).toBeCloseTo(BETTER_POINTS, 12);

      // Dropped from context 2 in the LMS: the next sync removes the membership, and no further row is queued for it.
      platform.context(context2.id).members.delete(ada.id);
      expect(await syncRoster(db, courseLink2.id)).toMatchObject({ enrolled: 1 });
      expect(await db.ltiContextMembership.findMany({ where: { userId: studentId }, select: { courseLinkId: true } })).toEqual([
        { courseLinkId },
      ]);
      await submit({ "d.dW0": HALF_DW0 });
      expect(await rowsPerLineItem(db, studentId)).toEqual({ [lineItem1]: 2, [lineItem2]: 1 });
      expect(await send(db)).toMatchObject({ sent: 1, failed: 0 });
      expect(platform.scorePosts.filter((post) => post.status !== 200)).toEqual([]);
    });

    it("queues nothing for a student who is in none of the LMS courses", async () => {
      const { db, submit, studentId } = await twoLmsCourses();
      await db.ltiContextMembership.deleteMany({ where: { userId: studentId } });
      await submit(BETTER);
      expect(await db.ltiScoreOutbox.count({ where: { userId: studentId } })).toBe(0);
    });
  });

  describe("an exam's held results, and answers waiting for a grader", () => {
    const MINUTE = 60_000;
    const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * MINUTE);
    // Whole minutes in the future, so that every step below runs at a stated time.
    const CUTOFF = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE + 24 * 60 * MINUTE);
    const LATER = at(CUTOFF, 60);
    const EXAM = { feedbackMode: "EXAM", attemptLimit: 2, dueAt: at(CUTOFF, -60), lateCutoffAt: CUTOFF } as const;
    const sendAt = (db: Db, now: Date) => send(db, { now: () => now });
    // A ceiling, not a measure (jest.config.js): each test below launches, submits and sends over HTTP several times.
    const SLOW = 120_000;

    /** The exam fixture, Ada's held score sent as "Pending", and a classmate whose exception holds the exam until LATER. */
    async function heldExam() {
      const context = await setUp({ fixture: { assessment: EXAM } });
      const { db, submit, courseId, fixture, ta } = context;
      const holder = await db.user.create({ data: { email: `holder-${courseId}@x.test`, name: "Holder", passwordHash: "" } });
      await db.enrollment.create({ data: { userId: holder.id, courseId, role: "STUDENT" } });
      const exception = await db.assessmentException.create({
        data: { courseId, assessmentId: fixture.assessment.id, userId: holder.id, lateCutoffAt: LATER, reason: "ill", createdById: ta.id },
      });
      await submit(BETTER, at(CUTOFF, -30));
      expect(await sendAt(db, at(CUTOFF, -29))).toMatchObject({ sent: 1 });
      return { ...context, holder, exception };
    }

    it(
      "sends only 'submitted, grading pending' while held, and the real score once the release time passes, once",
      async () => {
        const { db, ada } = await heldExam();
        expect(platform.scores).toEqual([
          expect.objectContaining({ userId: ada.sub, gradingProgress: "Pending", activityProgress: "Submitted" }),
        ]);
        expect(platform.scores[0].scoreGiven).toBeUndefined();
        // Past Ada's own cut-off, a classmate's exception still holds everyone's results.
        expect(await enqueueReleasedScores({ db, now: at(CUTOFF, 5) })).toBe(0);
        // Released by time alone: two instances sweeping at once write one row between them.
        const other = createDb(testDb.target);
        try {
          const written = await Promise.all([
            enqueueReleasedScores({ db, now: at(LATER, 1) }),
            enqueueReleasedScores({ db: other, now: at(LATER, 1) }),
          ]);
          expect(written.sort()).toEqual([0, 1]);
        } finally {
          await other.$disconnect();
        }
        expect(await sendAt(db, at(LATER, 1))).toMatchObject({ sent: 1, failed: 0 });
        expect(platform.scores[1]).toMatchObject({ userId: ada.sub, gradingProgress: "FullyGraded", scoreMaximum: 10 });
        expect(platform.scores[1].scoreGiven).toBeCloseTo(BETTER_POINTS, 12);
        // Sent: nothing more to sweep.
        expect(await enqueueReleasedScores({ db, now: at(LATER, 2) })).toBe(0);
        expect(platform.scores).toHaveLength(2);
      },
      SLOW,
    );

    it(
      "sends the real score when deleting the exception that held the exam releases it",
      async () => {
        const { db, fixture, exception, teacherId } = await heldExam();
        await deleteException(db, teacherId, fixture.assessment.id, exception.id);
        expect(await enqueueReleasedScores({ db, now: at(CUTOFF, 5) })).toBe(1);
        await sendAt(db, at(CUTOFF, 5));
        expect(platform.scores.map((s) => [s.gradingProgress, s.scoreGiven])).toEqual([
          ["Pending", undefined],
          ["FullyGraded", BETTER_POINTS],
        ]);
      },
      SLOW,
    );

    it(
      "sends the real score when dropping the student whose exception held the exam releases it",
      async () => {
        const { db, holder, courseId, teacherId } = await heldExam();
        await removeMember({ db, actorId: teacherId, courseId, userId: holder.id });
        expect(await enqueueReleasedScores({ db, now: at(CUTOFF, 5) })).toBe(1);
        await sendAt(db, at(CUTOFF, 5));
        expect(platform.scores.map((s) => s.gradingProgress)).toEqual(["Pending", "FullyGraded"]);
      },
      SLOW,
    );

    it(
      "sweeps no released score to an LMS course the student has left since the held score went",
      async () => {
        const { db, studentId } = await heldExam();
        // As a roster sync that no longer lists Ada removes it (lib/lti/context-membership.ts).
        await db.ltiContextMembership.deleteMany({ where: { userId: studentId } });
        expect(await enqueueReleasedScores({ db, now: at(LATER, 1) })).toBe(0);
        expect(await db.ltiScoreOutbox.count({ where: { userId: studentId, reason: "release" } })).toBe(0);
      },
      SLOW,
    );

    it(
      "leaves a held score the LMS refused for good to staff's resend, rather than enqueueing it on every sweep",
      async () => {
        const { db, submit } = await heldExam();
        platform.failScores(1, 422);
        await submit(BETTER, at(CUTOFF, -20));
        expect(await sendAt(db, at(CUTOFF, -19))).toMatchObject({ failed: 1 });
        expect(await enqueueReleasedScores({ db, now: at(LATER, 1) })).toBe(0);
      },
      SLOW,
    );

    it(
      "sends PendingManual with the auto-graded points while a free-text answer waits, and FullyGraded once a TA grades it",
      async () => {
        const slug = "section-07-reasoning";
        const { db, fixture, studentId, ta, ada } = await setUp({ fixture: { slugs: [slug] } });
        await fixture.submit(studentId, slug, { symmetry: "Equal weights give equal gradients." });
        await send(db);
        const [auto] = await assessmentProgress({ db, userId: studentId, assessmentIds: [fixture.assessment.id] });
        expect(platform.scores).toEqual([
          expect.objectContaining({ userId: ada.sub, gradingProgress: "PendingManual", scoreGiven: auto.pointsEarned, scoreMaximum: 10 }),
        ]);
        const position = { assessmentId: fixture.assessment.id, assessmentProblemId: fixture.placements[0].id, partId: "symmetry" };
        await openNextAnswer(db, ta, position);
        await gradeQueuedAnswer({ db, actor: ta, ...position, studentId, rubricItemIds: ["same-gradient"], comment: "" });
        expect(await send(db)).toMatchObject({ sent: 1, failed: 0 });
        const [graded] = await assessmentProgress({ db, userId: studentId, assessmentIds: [fixture.assessment.id] });
        expect(graded.pointsEarned).toBeGreaterThan(auto.pointsEarned!);
        expect(platform.scores[1]).toMatchObject({ gradingProgress: "FullyGraded", scoreGiven: graded.pointsEarned });
      },
      SLOW,
    );
  });
});
