import { ZodError } from "zod";
import { getCourseSettings, updateCourseSettings } from "@/lib/courses/course-settings";
import { courseSettingsSchema } from "@/lib/courses/requests";
import { createAssessment, updateAssessment } from "@/lib/assessments/manage-assessment";
import { toAppError } from "@/lib/http/route";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture } from "../../support/course-fixture";

describeEachDatabase("a course's time zone", (provider) => {
  const testDb = useTestDatabase(provider);

  async function setUp() {
    const fixture = await createCourseFixture(testDb.db);
    const instructor = await fixture.addUser("INSTRUCTOR");
    return { ...fixture, instructor };
  }

  async function setZone(courseId: string, actorId: string, timeZone: string) {
    return updateCourseSettings({ db: testDb.db, actorId, courseId, settings: courseSettingsSchema.parse({ timeZone }) });
  }

  it("starts as UTC, stores a new zone in its canonical spelling and audits the change", async () => {
    const { course, instructor } = await setUp();
    expect((await getCourseSettings({ db: testDb.db, courseId: course.id })).timeZone).toBe("UTC");
    const updated = await setZone(course.id, instructor.id, "america/new_york");
    expect(updated.timeZone).toBe("America/New_York");
    const audit = await testDb.db.auditLog.findFirstOrThrow({ where: { courseId: course.id, action: "course.settings" } });
    expect(audit).toMatchObject({ actorId: instructor.id, before: { timeZone: "UTC" }, after: { timeZone: "America/New_York" } });
  });

  it("refuses an unknown zone with an invalid-input error naming timeZone, and stores nothing", async () => {
    const { course } = await setUp();
    let caught: unknown;
    try {
      courseSettingsSchema.parse({ timeZone: "Mars/Olympus_Mons" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ZodError);
    const appError = toAppError(caught)!;
    expect(appError).toMatchObject({ code: "INVALID_INPUT", status: 400 });
    expect(appError.message).toMatch(/timeZone: "Mars\/Olympus_Mons" is not a known IANA time zone/);
    expect(() => courseSettingsSchema.parse({ timeZone: "+05:30" })).toThrow(ZodError);
    for (const timeZone of ["EST", "Etc/GMT+5"]) {
      const refused = toAppError(courseSettingsSchema.safeParse({ timeZone }).error)!;
      expect(refused).toMatchObject({ code: "INVALID_INPUT", status: 400 });
      expect(refused.message).toContain(`timeZone: "${timeZone}" is not a known IANA time zone name`);
    }
    expect(() => courseSettingsSchema.parse({ timeZone: 5 })).toThrow(ZodError);
    expect((await getCourseSettings({ db: testDb.db, courseId: course.id })).timeZone).toBe("UTC");
  });

  it("reads an assessment's wall-clock dates in the course's zone and takes instants with an offset as they are", async () => {
    const { course, instructor } = await setUp();
    await setZone(course.id, instructor.id, "America/New_York");
    const created = await createAssessment({
      db: testDb.db,
      actorId: instructor.id,
      courseId: course.id,
      settings: {
        title: "Week 10",
        slug: "week-10",
        opensAt: "2026-07-01T09:00",
        dueAt: "2026-12-11T17:00",
        lateCutoffAt: "2026-12-12T09:00:00+09:00",
      },
    });
    expect(created!.opensAt).toEqual(new Date("2026-07-01T13:00:00Z"));
    expect(created!.dueAt).toEqual(new Date("2026-12-11T22:00:00Z"));
    expect(created!.lateCutoffAt).toEqual(new Date("2026-12-12T00:00:00Z"));
  });

  it("refuses a due date in the spring gap, naming the field, and leaves the assessment as it was", async () => {
    const { course, assessment, instructor } = await setUp();
    await setZone(course.id, instructor.id, "America/New_York");
    const attempt = updateAssessment({
      db: testDb.db,
      actorId: instructor.id,
      assessmentId: assessment.id,
      settings: { title: "Moved", slug: "a", dueAt: "2026-03-08T02:30" },
    });
    await expect(attempt).rejects.toBeInstanceOf(ZodError);
    const appError = toAppError(await attempt.catch((error: unknown) => error))!;
    expect(appError.message).toMatch(/dueAt: 2026-03-08 02:30 does not exist in America\/New_York/);
    expect(await testDb.db.assessment.findUniqueOrThrow({ where: { id: assessment.id } })).toMatchObject({
      title: "Assessment",
      dueAt: null,
    });
  });
});
