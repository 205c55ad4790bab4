import { submitAnswers } from "@/lib/submissions/submit-answers";
import { getVariantView } from "@/lib/submissions/get-variant-view";
import { createException, deleteException } from "@/lib/exceptions/manage-exceptions";
import { listAccommodations, removeAccommodation, setAccommodation } from "@/lib/exceptions/accommodations";
import { importExceptions, planExceptionImport } from "@/lib/exceptions/import-exceptions";
import { accommodationBodySchema, exceptionBodySchema } from "@/lib/exceptions/requests";
import type { Db } from "@/lib/db/client";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { bankProblemRow, createCourseFixture, type CourseFixtureOptions } from "../../support/course-fixture";

const RIGHT_DW0 = "(W1.T * z * (1 - z)) @ x.T";
const DUE = new Date("2026-11-01T12:00:00Z");
const CUTOFF = new Date("2026-11-08T12:00:00Z");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(DUE.getTime() + ms);
/** The share of nn-backprop's points that a right answer to d.dW0 alone earns. */
const SHARE = 3 / 19;
/** Stored scores are products and quotients of binary fractions: compared to 12 places. */
const rounded = (score: number) => Number(score.toFixed(12));
/** The stored score of a submission earning `fraction` of SHARE. */
const scoreOf = (fraction: number) => rounded(SHARE * fraction);

describeEachDatabase("granting exceptions", (provider) => {
  const testDb = useTestDatabase(provider);

  async function setUp(options: CourseFixtureOptions = {}) {
    const fixture = await createCourseFixture(testDb.db, {
      ...options,
      assessment: { dueAt: DUE, lateCutoffAt: CUTOFF, latePenaltyPerDay: 0.25, ...options.assessment },
    });
    const student = await fixture.addUser("STUDENT");
    const instructor = await fixture.addUser("INSTRUCTOR");
    const submit = (now: Date, userId = student.id) =>
      submitAnswers({ db: testDb.db, userId, slug: "nn-backprop", answers: { "d.dW0": RIGHT_DW0 }, now });
    const create = (body: Record<string, unknown>) =>
      createException(
        testDb.db,
        instructor.id,
        fixture.assessment.id,
        exceptionBodySchema("UTC").parse({ reason: "medical note", ...body }),
      );
    const stored = async (userId = student.id) => {
      const rows = await testDb.db.submission.findMany({
        where: { userId },
        select: { score: true, late: true, latePenalty: true },
        orderBy: { attempt: "asc" },
      });
      return rows.map((row) => ({ ...row, score: rounded(row.score) }));
    };
    const counts = async () => ({
      exceptions: await testDb.db.assessmentException.count({ where: { courseId: fixture.course.id } }),
      audits: await testDb.db.auditLog.count({ where: { courseId: fixture.course.id } }),
    });
    return { ...fixture, student, instructor, submit, create, stored, counts };
  }

  describe("refuses, naming the field, and stores nothing", () => {
    it("a due date not after the assessment's own", async () => {
      const { create, student, counts } = await setUp();
      await expect(create({ studentId: student.id, dueAt: at(-DAY).toISOString() })).rejects.toMatchObject({
        code: "INVALID_INPUT",
        status: 400,
        details: { fields: [{ path: "dueAt", message: "give a due date after the assessment's own (Sun 1 Nov 2026, 12:00 UTC)" }] },
      });
      await expect(create({ studentId: student.id, dueAt: DUE.toISOString() })).rejects.toMatchObject({
        details: { fields: [{ path: "dueAt" }] },
      });
      expect(await counts()).toEqual({ exceptions: 0, audits: 0 });
    });

    it("a late cut-off not after the assessment's own, and a cut-off before the exception's due date", async () => {
      const { create, student, counts } = await setUp();
      await expect(create({ studentId: student.id, lateCutoffAt: at(2 * DAY).toISOString() })).rejects.toMatchObject({
        details: {
          fields: [{ path: "lateCutoffAt", message: "give a late cut-off after the assessment's own (Sun 8 Nov 2026, 12:00 UTC)" }],
        },
      });
      expect(() =>
        exceptionBodySchema("UTC").parse({
          studentId: student.id,
          dueAt: at(10 * DAY).toISOString(),
          lateCutoffAt: at(9 * DAY).toISOString(),
          reason: "x",
        }),
      ).toThrow("the late cut-off cannot come before the exception's due date");
      expect(await counts()).toEqual({ exceptions: 0, audits: 0 });
    });

    it("a date on an assessment that has none to move", async () => {
      const { create, student } = await setUp({ assessment: { dueAt: null, lateCutoffAt: null } });
      await expect(create({ studentId: student.id, dueAt: at(DAY).toISOString() })).rejects.toMatchObject({
        details: { fields: [{ path: "dueAt", message: "the assessment has no due date, so there is none to move" }] },
      });
    });

    it("a multiplier below 1, negative attempts, a student and a section, neither, no reason, an overlong reason", () => {
      const issues = (body: Record<string, unknown>) => {
        const result = exceptionBodySchema("UTC").safeParse(body);
        return result.success ? [] : result.error.issues.map((issue) => [issue.path.join("."), issue.message]);
      };
      expect(issues({ studentId: "s", timeMultiplier: 0.5, reason: "x" })).toContainEqual([
        "timeMultiplier",
        "a time multiplier below 1 would take time away; give 1 or more",
      ]);
      expect(issues({ studentId: "s", extraAttempts: -1, reason: "x" })).toContainEqual([
        "extraAttempts",
        "extra attempts cannot be negative",
      ]);
      expect(issues({ studentId: "s", section: "T1", extraAttempts: 1, reason: "x" })).toEqual([
        ["section", "give either a student or a section, not both"],
      ]);
      expect(issues({ extraAttempts: 1, reason: "x" })).toEqual([["studentId", "give a student or a section"]]);
      expect(issues({ studentId: "s", extraAttempts: 1, reason: "  " })).toEqual([["reason", "write a reason"]]);
      expect(issues({ studentId: "s", extraAttempts: 1 })).toEqual([["reason", "write a reason"]]);
      expect(issues({ studentId: "s", extraAttempts: 1, reason: "x".repeat(1001) })).toEqual([
        ["reason", "a reason is at most 1000 characters"],
      ]);
      expect(issues({ studentId: "s", dueAt: "next tuesday", reason: "x" })).toContainEqual([
        "dueAt",
        '"next tuesday" is not a date and time (YYYY-MM-DDTHH:mm, UTC)',
      ]);
    });
  });

  it("reads a date without an offset on the course's clocks, and one with an offset as it is", () => {
    const body = exceptionBodySchema("UTC").parse({ studentId: "s", dueAt: "2026-11-03T09:30", reason: "x" });
    expect(body.dueAt?.toISOString()).toBe("2026-11-03T09:30:00.000Z");
    const newYork = exceptionBodySchema("America/New_York").parse({
      studentId: "s",
      dueAt: "2026-11-03T09:30",
      lateCutoffAt: "2026-11-04T09:30:00+09:00",
      reason: "x",
    });
    expect(newYork.dueAt?.toISOString()).toBe("2026-11-03T14:30:00.000Z");
    expect(newYork.lateCutoffAt?.toISOString()).toBe("2026-11-04T00:30:00.000Z");
  });

  it("refuses a day the calendar does not have, even with an offset, naming the field", async () => {
    const result = exceptionBodySchema("UTC").safeParse({
      studentId: "s",
      dueAt: "2026-02-30T23:59Z",
      lateCutoffAt: "2026-04-31T12:00-05:00",
      reason: "x",
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["dueAt", '"2026-02-30T23:59Z" is not a date and time (YYYY-MM-DDTHH:mm, UTC)'],
      ["lateCutoffAt", '"2026-04-31T12:00-05:00" is not a date and time (YYYY-MM-DDTHH:mm, UTC)'],
    ]);
    expect(exceptionBodySchema("UTC").parse({ studentId: "s", dueAt: "2028-02-29T10:00+01:00", reason: "x" }).dueAt?.toISOString()).toBe(
      "2028-02-29T09:00:00.000Z",
    );
    const { assessment, student } = await setUp();
    const csv = `email,dueAt,reason\n${student.email},2026-11-31T12:00Z,flu\n`;
    const plan = await planExceptionImport({ db: testDb.db, assessmentId: assessment.id, csv });
    expect(plan.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [2, "dueAt", '"2026-11-31T12:00Z" is not a date and time (YYYY-MM-DDTHH:mm, UTC)'],
    ]);
  });

  it("refuses a date the course's clocks skip, naming the field", () => {
    const result = exceptionBodySchema("America/New_York").safeParse({ studentId: "s", dueAt: "2027-03-14T02:30", reason: "x" });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      [
        "dueAt",
        "2027-03-14 02:30 does not exist in America/New_York: the clocks skip it when daylight saving starts. Choose a time outside the skipped hour.",
      ],
    ]);
  });

  describe("re-scores stored late penalties", () => {
    it("removes a late submission's penalty when a later due date is granted, and restores it when that is deleted", async () => {
      const { create, submit, stored, student, instructor, assessment } = await setUp();
      await submit(at(DAY + HOUR));
      expect(await stored()).toEqual([{ score: scoreOf(0.5), late: true, latePenalty: 0.5 }]);
      const granted = await create({ studentId: student.id, dueAt: at(3 * DAY).toISOString() });
      expect(await stored()).toEqual([{ score: scoreOf(1), late: false, latePenalty: 0 }]);
      await deleteException(testDb.db, instructor.id, assessment.id, granted.id);
      expect(await stored()).toEqual([{ score: scoreOf(0.5), late: true, latePenalty: 0.5 }]);
    });

    it("re-scores every student of a section and no one else", async () => {
      const { create, submit, stored, student, addUser, course } = await setUp();
      const other = await addUser("STUDENT");
      await testDb.db.enrollment.update({
        where: { userId_courseId: { userId: student.id, courseId: course.id } },
        data: { section: "T1" },
      });
      await submit(at(HOUR));
      await submit(at(HOUR), other.id);
      await create({ section: "T1", dueAt: at(DAY).toISOString() });
      expect(await stored()).toEqual([{ score: scoreOf(1), late: false, latePenalty: 0 }]);
      expect(await stored(other.id)).toEqual([{ score: scoreOf(0.75), late: true, latePenalty: 0.25 }]);
    });

    it("re-scores a large section, each student by their own combined rules, and restores them all on removal", async () => {
      const { create, submit, stored, addUser, course, instructor, assessment } = await setUp();
      const students = await Promise.all(Array.from({ length: 40 }, () => addUser("STUDENT")));
      await testDb.db.enrollment.updateMany({
        where: { courseId: course.id, userId: { in: students.map((s) => s.id) } },
        data: { section: "big" },
      });
      for (const each of students) await submit(at(HOUR), each.id);
      await create({ studentId: students[0].id, extraAttempts: 1 });
      const granted = await create({ section: "big", dueAt: at(DAY).toISOString() });
      for (const each of students) expect(await stored(each.id)).toEqual([{ score: scoreOf(1), late: false, latePenalty: 0 }]);
      await deleteException(testDb.db, instructor.id, assessment.id, granted.id);
      for (const each of students) expect(await stored(each.id)).toEqual([{ score: scoreOf(0.75), late: true, latePenalty: 0.25 }]);
    }, 60_000);

    it("gets a score back from its part scores after a removed exception had set the penalty to 100 %", async () => {
      const { create, submit, stored, student, instructor, assessment } = await setUp({ assessment: { lateCutoffAt: null } });
      const first = await create({ studentId: student.id, dueAt: at(5 * DAY).toISOString() });
      await submit(at(4 * DAY + HOUR));
      expect(await stored()).toEqual([{ score: scoreOf(1), late: false, latePenalty: 0 }]);
      await deleteException(testDb.db, instructor.id, assessment.id, first.id);
      expect(await stored()).toEqual([{ score: scoreOf(0), late: true, latePenalty: 1 }]);
      await create({ studentId: student.id, dueAt: at(6 * DAY).toISOString() });
      expect(await stored()).toEqual([{ score: scoreOf(1), late: false, latePenalty: 0 }]);
    });
  });

  describe("course-level accommodations", () => {
    it("apply a student's multiplier to every timed assessment of the course, replacing an earlier one, audited", async () => {
      const { student, instructor, course, addUser } = await setUp({
        assessment: { dueAt: null, lateCutoffAt: null, timeLimitMinutes: 20 },
      });
      const other = await addUser("STUDENT");
      const second = await testDb.db.assessment.create({
        data: { courseId: course.id, slug: "b", title: "B", published: true, timeLimitMinutes: 40 },
      });
      const problem = await bankProblemRow(testDb.db, "nn-backprop");
      await testDb.db.assessmentProblem.create({ data: { assessmentId: second.id, problemId: problem.id, position: 0, points: 10 } });
      const set = (timeMultiplier: number) =>
        setAccommodation(
          testDb.db,
          instructor.id,
          course.id,
          accommodationBodySchema.parse({ studentId: student.id, timeMultiplier, reason: "letter" }),
        );
      await set(2);
      await set(1.5);
      expect((await listAccommodations(testDb.db, course.id)).map((row) => [row.userId, row.timeMultiplier])).toEqual([[student.id, 1.5]]);
      const start = new Date("2026-12-10T09:00:00Z");
      const minutesOn = async (userId: string, assessmentId: string) => {
        const view = await getVariantView({ db: testDb.db, userId, slug: "nn-backprop", assessmentId, now: start });
        return (new Date(view.policy.timeLimit!.endsAt!).getTime() - start.getTime()) / MINUTE;
      };
      const first = (await testDb.db.assessment.findFirstOrThrow({ where: { courseId: course.id, slug: "a" } })).id;
      expect([await minutesOn(student.id, first), await minutesOn(student.id, second.id)]).toEqual([30, 60]);
      expect([await minutesOn(other.id, first), await minutesOn(other.id, second.id)]).toEqual([20, 40]);
      await removeAccommodation(testDb.db, instructor.id, course.id, student.id);
      expect(await listAccommodations(testDb.db, course.id)).toEqual([]);
      const audit = await testDb.db.auditLog.findMany({ where: { courseId: course.id }, orderBy: { createdAt: "asc" } });
      expect(audit.map((row) => row.action)).toEqual(["accommodation.set", "accommodation.set", "accommodation.remove"]);
    });

    it("are refused for a non-student and for a multiplier of 1 or less", async () => {
      const { instructor, course } = await setUp();
      await expect(
        setAccommodation(testDb.db, instructor.id, course.id, { studentId: instructor.id, timeMultiplier: 1.5, reason: "x" }),
      ).rejects.toMatchObject({ code: "INVALID_INPUT", details: { fields: [{ path: "studentId" }] } });
      expect(accommodationBodySchema.safeParse({ studentId: "s", timeMultiplier: 1, reason: "x" }).success).toBe(false);
      expect(await testDb.db.assessmentException.count({ where: { courseId: course.id } })).toBe(0);
    });
  });

  describe("CSV import", () => {
    async function withSection() {
      const fixture = await setUp();
      await testDb.db.enrollment.update({
        where: { userId_courseId: { userId: fixture.student.id, courseId: fixture.course.id } },
        data: { section: "T1" },
      });
      return fixture;
    }

    it("previews the rows it would create without storing anything", async () => {
      const { student, assessment, counts } = await withSection();
      const csv = `email,section,dueAt,extraAttempts,timeMultiplier,reason\n${student.email.toUpperCase()},,2026-11-03T12:00,2,,flu\n,T1,,,1.5,lab clash\n`;
      const plan = await planExceptionImport({ db: testDb.db, assessmentId: assessment.id, csv });
      expect(plan.errors).toEqual([]);
      expect(
        plan.rows.map((row) => [row.line, row.who, row.dueAt?.toISOString() ?? null, row.extraAttempts, row.timeMultiplier, row.reason]),
      ).toEqual([
        [2, student.email, "2026-11-03T12:00:00.000Z", 2, 1, "flu"],
        [3, "T1", null, 0, 1.5, "lab clash"],
      ]);
      expect(await counts()).toEqual({ exceptions: 0, audits: 0 });
    });

    it("names the line and column of every error, and imports nothing while any row is wrong", async () => {
      const { student, instructor, assessment, counts } = await withSection();
      const csv = [
        "email,section,dueAt,lateCutoffAt,extraAttempts,timeMultiplier,reason",
        `${student.email},,2026-11-03T12:00,,,,fine`,
        `nobody@x.test,,,,1,,x`,
        `,T9,,,1,,x`,
        `${student.email},T1,,,1,,x`,
        `,T1,2026-10-01T00:00,,-1,0.5,`,
        `,T1,,2026-11-02T00:00,,,cut-off too early`,
      ].join("\n");
      const plan = await planExceptionImport({ db: testDb.db, assessmentId: assessment.id, csv });
      expect(plan.errors.map((e) => [e.line, e.column, e.message])).toEqual([
        [3, "email", "nobody@x.test is not a student of this course"],
        [4, "section", 'no student of this course is in section "T9"'],
        [5, "section", "give an email or a section, not both"],
        [6, "extraAttempts", "extra attempts are a whole number from 0 to 100"],
        [6, "timeMultiplier", "a time multiplier is from 1 to 10 (below 1 would take time away)"],
        [6, "reason", "write a reason"],
        [7, "lateCutoffAt", "give a late cut-off after the assessment's own (Sun 8 Nov 2026, 12:00 UTC)"],
      ]);
      expect(plan.rows.map((row) => row.line)).toEqual([2]);
      await expect(importExceptions({ db: testDb.db, assessmentId: assessment.id, csv, actorId: instructor.id })).rejects.toMatchObject({
        code: "INVALID_INPUT",
        details: { rows: plan.errors },
      });
      expect(await counts()).toEqual({ exceptions: 0, audits: 0 });
    });

    it("imports every row in one transaction, audited, re-scoring late work", async () => {
      const { student, instructor, assessment, submit, stored, course } = await withSection();
      await submit(at(HOUR));
      const csv = `email,dueAt,reason\n${student.email},2026-11-02T12:00,flu\n`;
      await importExceptions({ db: testDb.db, assessmentId: assessment.id, csv: `${csv}`, actorId: instructor.id });
      await importExceptions({
        db: testDb.db,
        assessmentId: assessment.id,
        csv: "section,extraAttempts,reason\nT1,1,lab\n",
        actorId: instructor.id,
      });
      expect(await stored()).toEqual([{ score: scoreOf(1), late: false, latePenalty: 0 }]);
      const audit = await testDb.db.auditLog.findMany({ where: { courseId: course.id }, select: { action: true, comment: true } });
      expect(audit).toEqual(
        expect.arrayContaining([
          { action: "exception.import", comment: "flu" },
          { action: "exception.import", comment: "lab" },
        ]),
      );
      expect(audit).toHaveLength(2);
    });

    it("stores none of the rows when one fails while being written", async () => {
      const { student, instructor, assessment, addUser, counts } = await setUp();
      const leaving = await addUser("STUDENT");
      const csv = `email,extraAttempts,reason\n${student.email},1,x\n${leaving.email},1,y\n`;
      // The second student's account is deleted between the check and the write: its row's insert fails.
      const racing = new Proxy(testDb.db, {
        get(target, key, receiver) {
          if (key !== "$transaction") return Reflect.get(target, key, receiver);
          return async (...args: Parameters<Db["$transaction"]>) => {
            await target.user.delete({ where: { id: leaving.id } });
            return (target.$transaction as (...a: unknown[]) => unknown)(...args);
          };
        },
      });
      await expect(importExceptions({ db: racing, assessmentId: assessment.id, csv, actorId: instructor.id })).rejects.toThrow();
      expect(await counts()).toEqual({ exceptions: 0, audits: 0 });
    });
  });
});
