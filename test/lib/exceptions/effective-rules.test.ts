import { submitAnswers } from "@/lib/submissions/submit-answers";
import { getVariantView } from "@/lib/submissions/get-variant-view";
import { AppError } from "@/lib/errors";
import { getStudentReview } from "@/lib/gradebook/get-student-review";
import { actorFor } from "../gradebook/staff-fixture";
import { listCoursesWithProgress } from "@/lib/progress/courses-with-progress";
import { assessmentProgress } from "@/lib/progress/assessment-progress";
import { createException, deleteException, listExceptions } from "@/lib/exceptions/manage-exceptions";
import { exceptionBodySchema } from "@/lib/exceptions/requests";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture, type CourseFixtureOptions } from "../../support/course-fixture";

const RIGHT_DW0 = "(W1.T * z * (1 - z)) @ x.T";
const DUE = new Date("2026-11-01T12:00:00Z");
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describeEachDatabase("assessment exceptions", (provider) => {
  const testDb = useTestDatabase(provider);

  async function setUp(options: CourseFixtureOptions = {}) {
    const fixture = await createCourseFixture(testDb.db, options);
    const student = await fixture.addUser("STUDENT");
    const instructor = await fixture.addUser("INSTRUCTOR");
    const submit = (now?: Date) =>
      submitAnswers({ db: testDb.db, userId: student.id, slug: "nn-backprop", answers: { "d.dW0": RIGHT_DW0 }, now });
    const grant = (terms: {
      userId?: string | null;
      section?: string | null;
      assessmentId?: string | null;
      dueAt?: Date;
      lateCutoffAt?: Date;
      extraAttempts?: number;
      timeMultiplier?: number;
    }) =>
      testDb.db.assessmentException.create({
        data: {
          courseId: fixture.course.id,
          assessmentId: fixture.assessment.id,
          userId: student.id,
          reason: "medical note",
          createdById: instructor.id,
          ...terms,
        },
      });
    const putInSection = (section: string) =>
      testDb.db.enrollment.update({ where: { userId_courseId: { userId: student.id, courseId: fixture.course.id } }, data: { section } });
    return { ...fixture, student, submit, grant, putInSection };
  }

  it("allows exactly the extra attempts under parallel submissions", async () => {
    const { submit, grant, student } = await setUp({ assessment: { attemptLimit: 2 } });
    await grant({ extraAttempts: 2 });
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => submit()));
    const refused = outcomes.filter((o) => o.status === "rejected") as PromiseRejectedResult[];
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(4);
    expect(refused.map((o) => (o.reason instanceof AppError ? o.reason.code : String(o.reason)))).toEqual(
      Array(4).fill("ATTEMPTS_EXHAUSTED"),
    );
    expect(await testDb.db.submission.count({ where: { userId: student.id } })).toBe(4);
  }, 30_000);

  it("removes the late penalty up to a later due date", async () => {
    const { submit, grant } = await setUp({ assessment: { dueAt: DUE, latePenaltyPerDay: 0.25 } });
    await grant({ dueAt: new Date(DUE.getTime() + 2 * DAY) });
    const response = await submit(new Date(DUE.getTime() + DAY));
    expect(response).toMatchObject({ late: false, latePenalty: 0 });
  });

  it("never moves a date earlier than the assessment's own", async () => {
    const { submit, grant } = await setUp({ assessment: { dueAt: DUE, latePenaltyPerDay: 0.25 } });
    await grant({ dueAt: new Date(DUE.getTime() - DAY) });
    expect(await submit(DUE)).toMatchObject({ late: false });
  });

  it("extends a timed student's end by the time multiplier", async () => {
    const { submit, grant, student, assessment, addUser } = await setUp({ assessment: { timeLimitMinutes: 30 } });
    const instructor = await addUser("INSTRUCTOR");
    await grant({ timeMultiplier: 1.5 });
    const start = new Date("2026-12-10T09:00:00Z");
    const view = await getVariantView({ db: testDb.db, userId: student.id, slug: "nn-backprop", now: start });
    expect(view.policy.timeLimit?.endsAt).toBe(new Date(start.getTime() + 45 * MINUTE).toISOString());
    const review = await getStudentReview({
      db: testDb.db,
      actor: await actorFor(testDb.db, instructor),
      assessmentId: assessment.id,
      studentId: student.id,
    });
    expect(review.timeLimit?.endsAt).toBe(view.policy.timeLimit?.endsAt);
    expect((await submit(new Date(start.getTime() + 40 * MINUTE))).attempt).toBe(1);
    await expect(submit(new Date(start.getTime() + 46 * MINUTE))).rejects.toMatchObject({ code: "SUBMISSIONS_CLOSED" });
  });

  it("applies a course-level accommodation to a timed assessment", async () => {
    const { grant, student } = await setUp({ assessment: { timeLimitMinutes: 30 } });
    await grant({ assessmentId: null, timeMultiplier: 2 });
    const start = new Date("2026-12-10T09:00:00Z");
    const view = await getVariantView({ db: testDb.db, userId: student.id, slug: "nn-backprop", now: start });
    expect(view.policy.timeLimit?.endsAt).toBe(new Date(start.getTime() + 60 * MINUTE).toISOString());
  });

  it("combines the section's exception with the student's own, the larger number of extra attempts counting", async () => {
    const { submit, grant, putInSection } = await setUp({ assessment: { attemptLimit: 1 } });
    await putInSection("T2");
    await grant({ userId: null, section: "T2", extraAttempts: 2 });
    await grant({ userId: null, section: "T3", extraAttempts: 5 });
    expect((await submit()).policy.attemptLimit).toBe(3);
    await grant({ extraAttempts: 1 });
    expect((await submit()).policy.attemptLimit).toBe(3);
    await grant({ extraAttempts: 2 });
    expect((await submit()).policy.attemptLimit).toBe(3);
    await expect(submit()).rejects.toMatchObject({ code: "ATTEMPTS_EXHAUSTED" });
  });

  it("keeps an earlier extension when an extra attempt is granted after it, and the late work it made on time", async () => {
    const { student, assessment, addUser, submit } = await setUp({ assessment: { dueAt: DUE, latePenaltyPerDay: 0.25, attemptLimit: 1 } });
    const instructor = await addUser("INSTRUCTOR");
    const grantBody = (terms: object) => exceptionBodySchema("UTC").parse({ studentId: student.id, reason: "flu", ...terms });
    await createException(testDb.db, instructor.id, assessment.id, grantBody({ dueAt: new Date(DUE.getTime() + 3 * DAY).toISOString() }));
    const first = await submit(new Date(DUE.getTime() + DAY));
    expect(first).toMatchObject({ late: false, latePenalty: 0 });
    const attempt = await createException(testDb.db, instructor.id, assessment.id, grantBody({ extraAttempts: 1 }));
    expect(await testDb.db.submission.findFirstOrThrow({ where: { userId: student.id } })).toMatchObject({
      late: false,
      latePenalty: 0,
      score: first.score,
    });
    expect(await submit(new Date(DUE.getTime() + 2 * DAY))).toMatchObject({ attempt: 2, late: false });
    await deleteException(testDb.db, instructor.id, assessment.id, attempt.id);
    expect(await testDb.db.submission.count({ where: { userId: student.id, late: false } })).toBe(2);
  });

  it("makes stored work late again when the section's extension is removed, though the student's own attempts remain", async () => {
    const { student, assessment, addUser, submit, putInSection } = await setUp({ assessment: { dueAt: DUE, latePenaltyPerDay: 0.25 } });
    const instructor = await addUser("INSTRUCTOR");
    await putInSection("T1");
    const later = new Date(DUE.getTime() + 3 * DAY).toISOString();
    const section = await createException(
      testDb.db,
      instructor.id,
      assessment.id,
      exceptionBodySchema("UTC").parse({ section: "T1", dueAt: later, reason: "fire alarm" }),
    );
    await createException(
      testDb.db,
      instructor.id,
      assessment.id,
      exceptionBodySchema("UTC").parse({ studentId: student.id, extraAttempts: 1, reason: "flu" }),
    );
    const onTime = await submit(new Date(DUE.getTime() + DAY + MINUTE));
    expect(onTime).toMatchObject({ late: false, latePenalty: 0 });
    await deleteException(testDb.db, instructor.id, assessment.id, section.id);
    expect(await testDb.db.submission.findFirstOrThrow({ where: { userId: student.id } })).toMatchObject({ late: true, latePenalty: 0.5 });
  });

  it("marks stored late work on time when an extension covers it, though late work costs nothing", async () => {
    const { student, assessment, addUser, submit } = await setUp({ assessment: { dueAt: DUE, latePenaltyPerDay: 0 } });
    const instructor = await addUser("INSTRUCTOR");
    expect(await submit(new Date(DUE.getTime() + DAY))).toMatchObject({ late: true, latePenalty: 0 });
    const body = exceptionBodySchema("UTC").parse({
      studentId: student.id,
      dueAt: new Date(DUE.getTime() + 2 * DAY).toISOString(),
      reason: "flu",
    });
    const created = await createException(testDb.db, instructor.id, assessment.id, body);
    expect(await testDb.db.submission.findFirstOrThrow({ where: { userId: student.id } })).toMatchObject({ late: false, latePenalty: 0 });
    await deleteException(testDb.db, instructor.id, assessment.id, created.id);
    expect(await testDb.db.submission.findFirstOrThrow({ where: { userId: student.id } })).toMatchObject({ late: true, latePenalty: 0 });
  });

  it("keeps an assessment open in the student's progress until their later cut-off", async () => {
    const cutoff = new Date(DUE.getTime() + DAY);
    const { grant, student } = await setUp({ assessment: { dueAt: DUE, lateCutoffAt: cutoff } });
    const after = new Date(cutoff.getTime() + MINUTE);
    const statusAt = async () => (await listCoursesWithProgress({ db: testDb.db, userId: student.id, now: after }))[0].progress[0].status;
    expect(await statusAt()).toBe("closed");
    await grant({ lateCutoffAt: new Date(cutoff.getTime() + DAY) });
    expect(await statusAt()).toBe("not-started");
  });

  it("gives the student's progress their own due date and lateness, as their exception notice does", async () => {
    const { grant, student, assessment } = await setUp({ assessment: { dueAt: DUE, latePenaltyPerDay: 0.25 } });
    const now = new Date(DUE.getTime() + DAY);
    const progressNow = async () =>
      (await assessmentProgress({ db: testDb.db, userId: student.id, assessmentIds: [assessment.id], now }))[0];
    expect(await progressNow()).toMatchObject({ dueAt: DUE.toISOString(), late: true });
    const extended = new Date(DUE.getTime() + 2 * DAY);
    await grant({ dueAt: extended });
    expect(await progressNow()).toMatchObject({ dueAt: extended.toISOString(), late: false });
  });

  describe("managing exceptions", () => {
    it("creates and deletes an exception, auditing both with the reason", async () => {
      const { student, assessment, addUser, submit } = await setUp({ assessment: { attemptLimit: 1 } });
      const instructor = await addUser("INSTRUCTOR");
      const body = exceptionBodySchema("UTC").parse({ studentId: student.id, extraAttempts: 1, reason: "flu" });
      const created = await createException(testDb.db, instructor.id, assessment.id, body);
      expect(await listExceptions(testDb.db, assessment.id)).toEqual([
        { ...created, user: { name: "student", email: student.email }, createdBy: { name: "instructor", email: instructor.email } },
      ]);
      await submit();
      expect((await submit()).attempt).toBe(2);
      await deleteException(testDb.db, instructor.id, assessment.id, created.id);
      expect(await listExceptions(testDb.db, assessment.id)).toEqual([]);
      const audit = await testDb.db.auditLog.findMany({ where: { entityId: created.id }, orderBy: { action: "asc" } });
      expect(audit.map((row) => [row.action, row.actorId, row.comment])).toEqual([
        ["exception.create", instructor.id, "flu"],
        ["exception.delete", instructor.id, ""],
      ]);
    });

    it("refuses a student of no enrolment and an unknown section with INVALID_INPUT naming the field", async () => {
      const { assessment, course, addUser } = await setUp();
      const instructor = await addUser("INSTRUCTOR");
      const ta = await addUser("TA");
      const forTa = exceptionBodySchema("UTC").parse({ studentId: ta.id, extraAttempts: 1, reason: "x" });
      await expect(createException(testDb.db, instructor.id, assessment.id, forTa)).rejects.toMatchObject({
        code: "INVALID_INPUT",
        details: { fields: [{ path: "studentId", message: "that is not a student of this course" }] },
      });
      const forSection = exceptionBodySchema("UTC").parse({ section: "nowhere", extraAttempts: 1, reason: "x" });
      await expect(createException(testDb.db, instructor.id, assessment.id, forSection)).rejects.toMatchObject({
        code: "INVALID_INPUT",
        details: { fields: [{ path: "section", message: 'no student of this course is in section "nowhere"' }] },
      });
      expect(await testDb.db.auditLog.count({ where: { courseId: course.id } })).toBe(0);
    });
  });
});

describe("exception request bodies", () => {
  it("need exactly one of a student and a section, a reason, and something granted", () => {
    expect(exceptionBodySchema("UTC").safeParse({ studentId: "s1", section: "T1", extraAttempts: 1, reason: "x" }).success).toBe(false);
    expect(exceptionBodySchema("UTC").safeParse({ studentId: "s1", extraAttempts: 1, reason: " " }).success).toBe(false);
    expect(exceptionBodySchema("UTC").safeParse({ studentId: "s1", reason: "x" }).success).toBe(false);
    expect(exceptionBodySchema("UTC").safeParse({ studentId: "s1", timeMultiplier: 0.5, reason: "x" }).success).toBe(false);
    expect(exceptionBodySchema("UTC").safeParse({ section: "T1", timeMultiplier: 1.5, reason: "x" }).success).toBe(true);
  });
});
