import { submitAnswers } from "@/lib/submissions/submit-answers";
import { getVariantView } from "@/lib/submissions/get-variant-view";
import { listSubmissionHistory } from "@/lib/submissions/list-submission-history";
import { visitAssessment } from "@/lib/courses/get-assessment-for-user";
import { listCoursesWithProgress } from "@/lib/progress/courses-with-progress";
import { updateAssessment } from "@/lib/assessments/manage-assessment";
import { AppError } from "@/lib/errors";
import { getStudentReview } from "@/lib/gradebook/get-student-review";
import { actorFor } from "../gradebook/staff-fixture";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture, type CourseFixtureOptions } from "../../support/course-fixture";

const RIGHT_DW0 = "(W1.T * z * (1 - z)) @ x.T";
const OPENS_AT = new Date("2026-12-10T09:00:00Z");
const BEFORE = new Date("2026-12-10T08:59:00Z");
const MINUTE = 60_000;

describeEachDatabase("opening times and time limits", (provider) => {
  const testDb = useTestDatabase(provider);

  async function setUp(options: CourseFixtureOptions = {}) {
    const fixture = await createCourseFixture(testDb.db, options);
    const student = await fixture.addUser("STUDENT");
    const open = (now: Date, userId = student.id) => getVariantView({ db: testDb.db, userId, slug: "nn-backprop", now });
    const submit = (now: Date, idempotencyKey?: string) =>
      submitAnswers({ db: testDb.db, userId: student.id, slug: "nn-backprop", answers: { "d.dW0": RIGHT_DW0 }, now, idempotencyKey });
    const stored = () => testDb.db.submission.count({ where: { userId: student.id } });
    const starts = () => testDb.db.assessmentStart.findMany({ where: { userId: student.id } });
    return { ...fixture, student, open, submit, stored, starts };
  }

  describe("before the assessment opens", () => {
    it("refuses a student the problem with the opening time, drawing no variant and starting no clock", async () => {
      const { open, student, starts } = await setUp({ assessment: { opensAt: OPENS_AT, timeLimitMinutes: 30 } });
      const attempt = open(BEFORE);
      await expect(attempt).rejects.toMatchObject({
        code: "NOT_YET_OPEN",
        status: 403,
        message: expect.stringContaining("10 Dec 2026, 09:00 UTC"),
        details: { opensAt: OPENS_AT.toISOString() },
      });
      expect(await testDb.db.variant.count({ where: { userId: student.id } })).toBe(0);
      expect(await starts()).toEqual([]);
    });

    it("refuses a submission and the history, storing nothing", async () => {
      const { submit, stored, student } = await setUp({ assessment: { opensAt: OPENS_AT } });
      await expect(submit(BEFORE)).rejects.toMatchObject({ code: "NOT_YET_OPEN" });
      await expect(listSubmissionHistory({ db: testDb.db, userId: student.id, slug: "nn-backprop", now: BEFORE })).rejects.toMatchObject({
        code: "NOT_YET_OPEN",
      });
      expect(await stored()).toBe(0);
      expect(await testDb.db.variant.count({ where: { userId: student.id } })).toBe(0);
    });

    it("opens at the opening time exactly", async () => {
      const { open, submit } = await setUp({ assessment: { opensAt: OPENS_AT } });
      const view = await open(OPENS_AT);
      expect(view.policy.opensAt).toBe(OPENS_AT.toISOString());
      expect((await submit(OPENS_AT)).attempt).toBe(1);
    });

    it("lets staff preview the problem, starting no clock", async () => {
      const { open, addUser } = await setUp({ assessment: { opensAt: OPENS_AT, timeLimitMinutes: 30 } });
      const instructor = await addUser("INSTRUCTOR");
      const view = await open(BEFORE, instructor.id);
      expect(view.variant.parts.length).toBeGreaterThan(0);
      expect(view.policy.timeLimit).toEqual({ minutes: 30, startedAt: null, endsAt: null, remainingSeconds: null, expired: false });
      expect(await testDb.db.assessmentStart.count({ where: { userId: instructor.id } })).toBe(0);
    });

    it("shows students that it exists and when it opens, and nothing of its problems", async () => {
      const { student, assessment } = await setUp({ assessment: { opensAt: OPENS_AT } });
      const [course] = await listCoursesWithProgress({ db: testDb.db, userId: student.id, now: BEFORE });
      expect(course.assessments.map((a) => ({ id: a.id, opensAt: a.opensAt }))).toEqual([{ id: assessment.id, opensAt: OPENS_AT }]);
      expect(course.progress[0]).toMatchObject({ status: "not-open", opensAt: OPENS_AT.toISOString(), problems: [], pointsPossible: 0 });
      const visit = await visitAssessment({ db: testDb.db, userId: student.id, assessmentId: assessment.id, now: BEFORE });
      expect(visit).toMatchObject({ open: false, startedAt: null });
    });
  });

  describe("assessment settings", () => {
    it("refuses an opening time that is not before the due date, changing nothing", async () => {
      const { assessment, addUser } = await setUp();
      const instructor = await addUser("INSTRUCTOR");
      const settings = { title: "A", slug: "a", opensAt: "2026-12-10T09:00:00Z", dueAt: "2026-12-10T09:00:00Z" };
      await expect(
        updateAssessment({ db: testDb.db, actorId: instructor.id, assessmentId: assessment.id, settings }),
      ).rejects.toMatchObject({
        issues: [expect.objectContaining({ path: ["opensAt"], message: "The opening time must be before the due date." })],
      });
      await expect(
        updateAssessment({
          db: testDb.db,
          actorId: instructor.id,
          assessmentId: assessment.id,
          settings: { title: "A", slug: "a", timeLimitMinutes: 0 },
        }),
      ).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["timeLimitMinutes"] })] });
      expect(await testDb.db.assessment.findUniqueOrThrow({ where: { id: assessment.id } })).toMatchObject({
        opensAt: null,
        timeLimitMinutes: null,
      });
      const saved = await updateAssessment({
        db: testDb.db,
        actorId: instructor.id,
        assessmentId: assessment.id,
        settings: { ...settings, dueAt: "2026-12-11T09:00:00Z", timeLimitMinutes: 45 },
      });
      expect(saved).toMatchObject({ opensAt: OPENS_AT, timeLimitMinutes: 45 });
    });
  });

  describe("a time limit", () => {
    const START = new Date("2026-12-10T10:00:00Z");

    it("starts the clock at the student's first opening, once, and counts down from it", async () => {
      const { open, starts, assessment, student } = await setUp({ assessment: { timeLimitMinutes: 30 } });
      const first = await open(START);
      expect(first.policy.timeLimit).toEqual({
        minutes: 30,
        startedAt: START.toISOString(),
        endsAt: new Date(START.getTime() + 30 * MINUTE).toISOString(),
        remainingSeconds: 30 * 60,
        expired: false,
      });
      // A reload (or a second device) ten minutes later keeps the start and shows the time left.
      const later = await open(new Date(START.getTime() + 10 * MINUTE));
      expect(later.policy.timeLimit).toMatchObject({ startedAt: START.toISOString(), remainingSeconds: 20 * 60 });
      // Part of a second left counts as a whole one: a page counting down from it must not close before the server does.
      const lastMoment = await open(new Date(START.getTime() + 30 * MINUTE - 400));
      expect(lastMoment.policy.timeLimit).toMatchObject({ remainingSeconds: 1, expired: false });
      const visit = await visitAssessment({
        db: testDb.db,
        userId: student.id,
        assessmentId: assessment.id,
        now: new Date(START.getTime() + 11 * MINUTE),
      });
      expect(visit.startedAt).toEqual(START);
      expect((await starts()).map((s) => s.startedAt)).toEqual([START]);
    });

    it("records one start when the first openings race", async () => {
      const { open, starts } = await setUp({ assessment: { timeLimitMinutes: 30 } });
      const views = await Promise.all(Array.from({ length: 6 }, (_, i) => open(new Date(START.getTime() + i * 1000))));
      const recorded = await starts();
      expect(recorded).toHaveLength(1);
      expect(new Set(views.map((view) => view.policy.timeLimit?.startedAt))).toEqual(new Set([recorded[0].startedAt.toISOString()]));
    });

    it("never ends after the late cut-off", async () => {
      const lateCutoffAt = new Date(START.getTime() + 10 * MINUTE);
      const { open } = await setUp({ assessment: { timeLimitMinutes: 30, lateCutoffAt } });
      expect((await open(START)).policy.timeLimit).toMatchObject({ endsAt: lateCutoffAt.toISOString(), remainingSeconds: 600 });
    });

    it("accepts a submission up to the end and refuses one after it, storing nothing and using no attempt", async () => {
      const { open, submit, stored } = await setUp({ assessment: { timeLimitMinutes: 30, attemptLimit: 3 } });
      await open(START);
      const end = new Date(START.getTime() + 30 * MINUTE);
      expect((await submit(end)).attempt).toBe(1);
      const late = submit(new Date(end.getTime() + 1));
      await expect(late).rejects.toMatchObject({
        code: "SUBMISSIONS_CLOSED",
        message: expect.stringMatching(/time for this assessment ran out at Thu 10 Dec 2026, 10:30 UTC.*not stored.*no attempt/),
        details: { reason: "TIME_LIMIT", endsAt: end.toISOString() },
      });
      expect(await stored()).toBe(1);
      const after = await open(new Date(end.getTime() + 1));
      expect(after.policy).toMatchObject({ closed: true, attemptsUsed: 1, referencesRevealed: false });
      expect(after.policy.timeLimit).toMatchObject({ expired: true, remainingSeconds: 0 });
    });

    it("still answers a retry of a submission made in time with its first result", async () => {
      const { open, submit } = await setUp({ assessment: { timeLimitMinutes: 30 } });
      await open(START);
      const first = await submit(new Date(START.getTime() + 29 * MINUTE), "key-1");
      const retry = await submit(new Date(START.getTime() + 31 * MINUTE), "key-1");
      expect(retry).toMatchObject({ submissionId: first.submissionId, replayed: true });
    });

    it("lets no submission past the end under parallel requests", async () => {
      const { open, submit, stored, student } = await setUp({ assessment: { timeLimitMinutes: 30 } });
      await open(START);
      const end = START.getTime() + 30 * MINUTE;
      // Four just inside the limit and four just outside, all at once.
      const times = [-3, 3, -2, 2, -1, 1, 0, 4].map((seconds) => new Date(end + seconds * 1000));
      const outcomes = await Promise.allSettled(times.map((at) => submit(at)));
      const accepted = outcomes.filter((o) => o.status === "fulfilled");
      const refused = outcomes.filter((o) => o.status === "rejected") as PromiseRejectedResult[];
      expect(accepted).toHaveLength(4);
      expect(refused).toHaveLength(4);
      // The codes themselves, so that a refusal for any other reason says which.
      expect(refused.map((o) => (o.reason instanceof AppError ? o.reason.code : String(o.reason)))).toEqual(
        Array(4).fill("SUBMISSIONS_CLOSED"),
      );
      expect(await stored()).toBe(4);
      const attempts = await testDb.db.submission.findMany({
        where: { userId: student.id },
        select: { attempt: true, submittedAt: true },
        orderBy: { attempt: "asc" },
      });
      expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
      expect(attempts.every((a) => a.submittedAt.getTime() <= end)).toBe(true);
    }, 30_000);

    it("starts the clock on a first submission made without opening the problem", async () => {
      const { submit, starts } = await setUp({ assessment: { timeLimitMinutes: 5 } });
      expect((await submit(START)).policy.timeLimit).toMatchObject({ startedAt: START.toISOString(), remainingSeconds: 300 });
      expect(await starts()).toHaveLength(1);
    });

    it("shows staff when the student started and when their time ends", async () => {
      const { open, student, assessment, addUser } = await setUp({ assessment: { timeLimitMinutes: 30 } });
      const ta = await addUser("TA");
      const reviewAs = async () =>
        getStudentReview({ db: testDb.db, actor: await actorFor(testDb.db, ta), assessmentId: assessment.id, studentId: student.id });
      expect((await reviewAs()).timeLimit).toEqual({ minutes: 30, startedAt: null, endsAt: null });
      await open(START);
      expect((await reviewAs()).timeLimit).toEqual({
        minutes: 30,
        startedAt: START.toISOString(),
        endsAt: new Date(START.getTime() + 30 * MINUTE).toISOString(),
      });
    });

    it("records no start for an untimed assessment", async () => {
      const { open, starts } = await setUp();
      expect((await open(START)).policy.timeLimit).toBeNull();
      expect(await starts()).toEqual([]);
    });
  });
});
