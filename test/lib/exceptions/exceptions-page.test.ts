import { getExceptionsPage } from "@/lib/exceptions/get-exceptions-page";
import { exceptionNotes, exceptionSummaryFor } from "@/lib/exceptions/describe-exceptions";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { actorFor } from "../gradebook/staff-fixture";
import { createCourseFixture } from "../../support/course-fixture";

describeEachDatabase("the Exceptions page and the terms shown", (provider) => {
  const testDb = useTestDatabase(provider);

  async function setUp() {
    const fixture = await createCourseFixture(testDb.db, {
      assessment: { dueAt: new Date("2026-11-01T12:00:00Z"), timeLimitMinutes: 20, attemptLimit: 1 },
    });
    const student = await fixture.addUser("STUDENT", "Ada");
    const other = await fixture.addUser("STUDENT", "Bo");
    const ta = await fixture.addUser("TA");
    const instructor = await fixture.addUser("INSTRUCTOR");
    await testDb.db.enrollment.update({
      where: { userId_courseId: { userId: other.id, courseId: fixture.course.id } },
      data: { section: "T2" },
    });
    const grant = (data: { userId?: string | null; section?: string | null; assessmentId?: string | null } & Record<string, unknown>) =>
      testDb.db.assessmentException.create({
        data: { courseId: fixture.course.id, assessmentId: fixture.assessment.id, reason: "r", createdById: instructor.id, ...data },
      });
    return { ...fixture, student, other, ta, instructor, grant };
  }

  it("is for the course's staff, with changes for instructors only", async () => {
    const { assessment, student, ta, instructor } = await setUp();
    const page = (user: { id: string; email: string; name: string }) =>
      actorFor(testDb.db, user).then((actor) => getExceptionsPage({ db: testDb.db, actor, assessmentId: assessment.id }));
    await expect(page(student)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await page(ta)).canEdit).toBe(false);
    const full = await page(instructor);
    expect(full.canEdit).toBe(true);
    expect(full.students.map((s) => s.name)).toEqual(["Ada", "Bo"]);
    expect(full.sections).toEqual(["T2"]);
    const elsewhere = await createCourseFixture(testDb.db);
    const outsider = await elsewhere.addUser("INSTRUCTOR");
    await expect(page(outsider)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("describes each student's own terms: their exception, their section's, and their accommodation", async () => {
    const { assessment, student, other, grant } = await setUp();
    await grant({ userId: student.id, dueAt: new Date("2026-11-03T12:00:00Z"), extraAttempts: 2 });
    await grant({ userId: null, section: "T2", extraAttempts: 1 });
    await grant({ assessmentId: null, userId: other.id, timeMultiplier: 1.5 });
    const notes = await exceptionNotes(testDb.db, assessment.id, [
      { userId: student.id, section: "" },
      { userId: other.id, section: "T2" },
    ]);
    expect(notes).toEqual({
      [student.id]: "due Tue 3 Nov 2026, 12:00 UTC · 2 extra attempts",
      [other.id]: "1 extra attempt · 1.5× time",
    });
    expect(await exceptionSummaryFor(testDb.db, assessment.id, other.id)).toBe("1 extra attempt · 1.5× time");
  });

  it("leaves out an accommodation on an untimed assessment, where it changes nothing", async () => {
    const { assessment, student, grant } = await setUp();
    await testDb.db.assessment.update({ where: { id: assessment.id }, data: { timeLimitMinutes: null } });
    await grant({ assessmentId: null, userId: student.id, timeMultiplier: 2 });
    expect(await exceptionSummaryFor(testDb.db, assessment.id, student.id)).toBeNull();
  });
});
