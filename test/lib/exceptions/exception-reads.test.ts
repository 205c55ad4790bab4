// A student's exception rows are read only when the placement's query
// counted some that may apply (lib/problems/placement.sql.ts,
// own-exceptions.sql.ts): most students have none, and every submission and
// problem page asks.
import type { Db } from "@/lib/db/client";
import { openProblem } from "@/lib/submissions/open-problem";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture } from "../../support/course-fixture";
import { countedStatements } from "../../support/counted-statements";

const DUE = new Date("2026-11-01T12:00:00Z");
const EXTENDED = new Date(DUE.getTime() + 24 * 60 * 60_000);
/** A statement that reads exception rows themselves, not the placement query's count of them. */
const readsExceptionRows = (sql: string) => /FROM "AssessmentException"/.test(sql) && !/COUNT\(\*\) FROM "AssessmentException"/.test(sql);

describeEachDatabase("reading a student's exceptions", (provider) => {
  const testDb = useTestDatabase(provider);

  async function setUp() {
    const fixture = await createCourseFixture(testDb.db, { assessment: { dueAt: DUE } });
    const student = await fixture.addUser("STUDENT");
    const classmate = await fixture.addUser("STUDENT");
    await testDb.db.enrollment.update({
      where: { userId_courseId: { userId: student.id, courseId: fixture.course.id } },
      data: { section: "T1" },
    });
    const open = (db: Db) => openProblem({ db, userId: student.id, slug: "nn-backprop", assessmentId: fixture.assessment.id });
    const grant = (terms: {
      userId: string | null;
      section?: string;
      assessmentId?: string | null;
      dueAt?: Date;
      timeMultiplier?: number;
    }) =>
      testDb.db.assessmentException.create({
        data: { courseId: fixture.course.id, assessmentId: fixture.assessment.id, reason: "test", ...terms },
      });
    return { student, classmate, open, grant };
  }

  it("makes no read of exception rows for a student who has none, though a classmate and another section have some", async () => {
    const { classmate, open, grant } = await setUp();
    await grant({ userId: classmate.id, dueAt: EXTENDED });
    await grant({ userId: null, section: "T2", dueAt: EXTENDED });
    const statements = await countedStatements(testDb.target, open);
    expect(statements.filter(readsExceptionRows)).toEqual([]);
    expect((await open(testDb.db)).effective.rules.dueAt).toEqual(DUE);
  });

  it.each([
    ["their own", (studentId: string) => ({ userId: studentId, dueAt: EXTENDED })],
    ["their section's", () => ({ userId: null, section: "T1", dueAt: EXTENDED })],
  ])("reads the rows and applies them when %s exception may apply", async (_which, terms) => {
    const { student, open, grant } = await setUp();
    await grant(terms(student.id));
    const statements = await countedStatements(testDb.target, open);
    expect(statements.filter(readsExceptionRows)).toHaveLength(1);
    expect((await open(testDb.db)).effective.rules.dueAt).toEqual(EXTENDED);
  });

  it("reads the rows for a course-level accommodation, which names no assessment", async () => {
    const { student, open, grant } = await setUp();
    await grant({ userId: student.id, assessmentId: null, timeMultiplier: 1.5 });
    const statements = await countedStatements(testDb.target, open);
    expect(statements.filter(readsExceptionRows)).toHaveLength(1);
    expect((await open(testDb.db)).effective.allowance).toEqual({ multiplier: 1.5, extraMinutes: 0 });
  });
});
