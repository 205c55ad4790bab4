import { assessmentProgress } from "@/lib/progress/assessment-progress";
import { listCoursesWithProgress } from "@/lib/progress/courses-with-progress";
import { submitAnswers } from "@/lib/submissions/submit-answers";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture } from "../../support/course-fixture";

describeEachDatabase("assessment progress", (provider) => {
  const testDb = useTestDatabase(provider);

  it("starts at zero and not started, with every part of every problem counted", async () => {
    const { assessment, addUser } = await createCourseFixture(testDb.db, { slugs: ["chain-rule", "nn-backprop"] });
    const student = await addUser("STUDENT");
    const [progress] = await assessmentProgress({ db: testDb.db, userId: student.id, assessmentIds: [assessment.id] });
    expect(progress).toMatchObject({ status: "not-started", pointsEarned: 0, pointsPossible: 20, partsCorrect: 0, partsTotal: 8 + 9 });
    expect(progress.problems.map((p) => p.slug)).toEqual(["chain-rule", "nn-backprop"]);
  });

  it("adds the counted submission's points and correct parts, and an override's", async () => {
    const { assessment, placements, addUser } = await createCourseFixture(testDb.db, { slugs: ["chain-rule", "nn-backprop"] });
    const student = await addUser("STUDENT");
    const ta = await addUser("TA");
    await submitAnswers({ db: testDb.db, userId: student.id, slug: "chain-rule", answers: { "a.dims": "m x l", "b.shape": "(n, p, q)" } });
    await testDb.db.scoreOverride.create({
      data: {
        userId: student.id,
        assessmentProblemId: placements[1].id,
        partId: "",
        score: 0.5,
        comment: "Half credit by hand.",
        createdById: ta.id,
      },
    });
    const [progress] = await assessmentProgress({ db: testDb.db, userId: student.id, assessmentIds: [assessment.id] });
    // chain-rule: a.dims (1 point) and b.shape (1 point) of 10 part points → 2/10 of its 10 points.
    expect(progress.problems[0]).toMatchObject({ partsCorrect: 2, attemptsUsed: 1 });
    expect(progress.problems[0].pointsEarned).toBeCloseTo(2, 12);
    expect(progress.problems[1].pointsEarned).toBeCloseTo(5, 12);
    expect(progress.pointsEarned).toBeCloseTo(7, 12);
    expect(progress.status).toBe("in-progress");
  });

  it("still answers when a placed version cannot be built any more, counting the bank's current parts", async () => {
    const { assessment, placements, addUser } = await createCourseFixture(testDb.db, { slugs: ["nn-backprop"] });
    const student = await addUser("STUDENT");
    const current = await testDb.db.problem.findUniqueOrThrow({ where: { id: placements[0].problemId } });
    // A version the bank no longer holds: it cannot be built, as after the bank moved on and before a regrade.
    const old = await testDb.db.problem.upsert({
      where: { slug_version: { slug: "nn-backprop", version: 0 } },
      update: {},
      create: { slug: "nn-backprop", version: 0, title: current.title, source: "BANK", definition: current.definition ?? {} },
    });
    await testDb.db.assessmentProblem.update({ where: { id: placements[0].id }, data: { problemId: old.id } });
    const [progress] = await assessmentProgress({ db: testDb.db, userId: student.id, assessmentIds: [assessment.id] });
    expect(progress).toMatchObject({ pointsEarned: 0, pointsPossible: 10, partsTotal: 9 });
    expect(await listCoursesWithProgress({ db: testDb.db, userId: student.id })).toHaveLength(1);
  });

  it("gives students their progress on the home page's data, and staff none", async () => {
    const { addUser } = await createCourseFixture(testDb.db);
    const student = await addUser("STUDENT");
    const ta = await addUser("TA");
    const [studentCourse] = await listCoursesWithProgress({ db: testDb.db, userId: student.id });
    expect(studentCourse.progress).toHaveLength(1);
    const [taCourse] = await listCoursesWithProgress({ db: testDb.db, userId: ta.id });
    expect(taCourse.progress).toEqual([]);
  });
});
