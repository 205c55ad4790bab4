import { Prisma } from "@/lib/db/client";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture } from "../../support/course-fixture";

// The migration's CHECK constraint, tested with raw INSERTs that bypass every
// check in lib/: what the database itself refuses.

describeEachDatabase("the AssessmentException table's check", (provider) => {
  const testDb = useTestDatabase(provider);
  let counter = 0;

  async function setUp() {
    const fixture = await createCourseFixture(testDb.db);
    const student = await fixture.addUser("STUDENT");
    const insert = (row: {
      assessmentId: string | null;
      userId: string | null;
      section: string | null;
      extraAttempts?: number;
      timeMultiplier?: number;
    }) =>
      testDb.db.$executeRaw(Prisma.sql`
        INSERT INTO "AssessmentException" ("id", "courseId", "assessmentId", "userId", "section", "extraAttempts", "timeMultiplier", "reason")
        VALUES (${`raw-${Date.now()}-${counter++}`}, ${fixture.course.id}, ${row.assessmentId}, ${row.userId}, ${row.section},
                ${row.extraAttempts ?? 1}, ${row.timeMultiplier ?? 1}, ${"reason"})`);
    return { ...fixture, student, insert };
  }

  it("accepts a row for one student, for one section, and a course-level row for one student", async () => {
    const { insert, assessment, student, course } = await setUp();
    await insert({ assessmentId: assessment.id, userId: student.id, section: null });
    await insert({ assessmentId: assessment.id, userId: null, section: "A" });
    await insert({ assessmentId: null, userId: student.id, section: null, extraAttempts: 0, timeMultiplier: 1.5 });
    expect(await testDb.db.assessmentException.count({ where: { courseId: course.id } })).toBe(3);
  });

  it("refuses a row for a student and a section at once", async () => {
    const { insert, assessment, student } = await setUp();
    await expect(insert({ assessmentId: assessment.id, userId: student.id, section: "A" })).rejects.toThrow(/check|constraint/i);
  });

  it("refuses a row for neither a student nor a section", async () => {
    const { insert, assessment } = await setUp();
    await expect(insert({ assessmentId: assessment.id, userId: null, section: null })).rejects.toThrow(/check|constraint/i);
  });

  it("refuses a course-level row for a section", async () => {
    const { insert } = await setUp();
    await expect(insert({ assessmentId: null, userId: null, section: "A" })).rejects.toThrow(/check|constraint/i);
  });

  it("refuses negative extra attempts and a time multiplier below 1", async () => {
    const { insert, assessment, student, course } = await setUp();
    await expect(insert({ assessmentId: assessment.id, userId: student.id, section: null, extraAttempts: -1 })).rejects.toThrow(
      /check|constraint/i,
    );
    await expect(insert({ assessmentId: assessment.id, userId: student.id, section: null, timeMultiplier: 0.5 })).rejects.toThrow(
      /check|constraint/i,
    );
    expect(await testDb.db.assessmentException.count({ where: { courseId: course.id } })).toBe(0);
  });

  it("refuses an update that gives a row a section beside its student", async () => {
    const { insert, assessment, student } = await setUp();
    await insert({ assessmentId: assessment.id, userId: student.id, section: null });
    await expect(testDb.db.assessmentException.updateMany({ where: { userId: student.id }, data: { section: "A" } })).rejects.toThrow(
      /check|constraint/i,
    );
  });
});
