import { setScoreOverride } from "@/lib/overrides/set-score-override";
import { getVariantView } from "@/lib/submissions/get-variant-view";
import { getStudentReview } from "@/lib/gradebook/get-student-review";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture } from "../../support/course-fixture";
import { actorFor, createStaffFixture, DW0_SHARE, HALF_DW0, RIGHT_DW0 } from "../gradebook/staff-fixture";

describeEachDatabase("score overrides", (provider) => {
  const testDb = useTestDatabase(provider);

  async function setUp() {
    const fixture = await createStaffFixture(testDb.db);
    const student = await fixture.addStudent("Ada");
    await fixture.submit(student.id, "nn-backprop", { "d.dW0": HALF_DW0 });
    const [placement] = fixture.placements;
    const override = (extra: Partial<Parameters<typeof setScoreOverride>[0]> = {}) =>
      setScoreOverride({
        db: testDb.db,
        actor: fixture.ta,
        assessmentId: fixture.assessment.id,
        assessmentProblemId: placement.id,
        studentId: student.id,
        partId: "d.dW0",
        score: 1,
        comment: "Your σ′ factor was on the next line of your working.",
        ...extra,
      });
    return { ...fixture, student, placement, override };
  }

  it("sets a part's score, which the student sees with the comment", async () => {
    const { override, student } = await setUp();
    const result = await override();
    expect(result).toMatchObject({ before: 0, after: 1 });
    expect(result.problemScore).toBeCloseTo(DW0_SHARE, 12);
    const view = await getVariantView({ db: testDb.db, userId: student.id, slug: "nn-backprop" });
    expect(view.standing.partScores["d.dW0"]).toBe(1);
    expect(view.standing.pointsEarned).toBeCloseTo(10 * DW0_SHARE, 12);
    expect(view.standing.overrides).toEqual([
      { partId: "d.dW0", score: 1, comment: "Your σ′ factor was on the next line of your working.", createdAt: expect.any(String) },
    ]);
  });

  it("sets a whole problem's score over the parts", async () => {
    const { override, student } = await setUp();
    await override({ partId: "d.dW0", score: 1 });
    const result = await override({ partId: "", score: 0.8, comment: "Regraded by hand." });
    expect(result.before).toBeCloseTo(DW0_SHARE, 12);
    expect(result).toMatchObject({ after: 0.8, problemScore: 0.8 });
    const view = await getVariantView({ db: testDb.db, userId: student.id, slug: "nn-backprop" });
    expect(view.standing).toMatchObject({ score: 0.8, pointsEarned: 8 });
  });

  it("writes who, when and old → new to the audit log, with the comment", async () => {
    const { override, ta, student, placement, course } = await setUp();
    const at = new Date("2026-11-20T09:30:00Z");
    await override({ score: 0.5, comment: "First look.", now: new Date("2026-11-20T09:00:00Z") });
    const second = await override({ score: 1, comment: "Full credit after all.", now: at });
    const entry = await testDb.db.auditLog.findUniqueOrThrow({ where: { id: second.auditLogId } });
    expect(entry).toMatchObject({
      actorId: ta.id,
      courseId: course.id,
      action: "score.override",
      entityType: "ScoreOverride",
      entityId: second.overrideId,
      comment: "Full credit after all.",
      createdAt: at,
    });
    expect(entry.before).toMatchObject({ studentId: student.id, assessmentProblemId: placement.id, partId: "d.dW0", score: 0.5 });
    expect(entry.after).toMatchObject({ partId: "d.dW0", score: 1 });
    expect(await testDb.db.auditLog.count({ where: { courseId: course.id, action: "score.override" } })).toBe(2);
  });

  it("keeps earlier overrides as history, newest first in the staff review", async () => {
    const { override, ta, assessment, student } = await setUp();
    await override({ score: 0.5, comment: "First look.", now: new Date("2026-11-20T09:00:00Z") });
    await override({ score: 1, comment: "Second look.", now: new Date("2026-11-20T10:00:00Z") });
    const review = await getStudentReview({ db: testDb.db, actor: ta, assessmentId: assessment.id, studentId: student.id });
    const [problem] = review.problems;
    expect(problem.overrides.map((o) => [o.comment, o.before, o.score])).toEqual([
      ["Second look.", 0.5, 1],
      ["First look.", 0, 0.5],
    ]);
    expect(problem.standing.partScores["d.dW0"]).toBe(1);
  });

  it("requires a comment, a score in [0, 1] and a part of the problem", async () => {
    const { override, student } = await setUp();
    await expect(override({ comment: "   " })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/comment/) });
    await expect(override({ score: 1.5 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(override({ score: Number.NaN })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(override({ partId: "z.nope" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringMatching(/no part "z\.nope".*d\.dW0/),
    });
    expect(await testDb.db.scoreOverride.count({ where: { userId: student.id } })).toBe(0);
  });

  it("overrides only students of the course", async () => {
    const { override, addUser } = await setUp();
    const otherTa = await addUser("TA");
    const outsider = await (await createCourseFixture(testDb.db)).addUser("STUDENT");
    await expect(override({ studentId: otherTa.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(override({ studentId: outsider.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses a student and a TA of another course, writing nothing", async () => {
    const { override, student } = await setUp();
    const otherTa = await actorFor(testDb.db, await (await createCourseFixture(testDb.db)).addUser("TA"));
    await expect(override({ actor: await actorFor(testDb.db, student) })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(override({ actor: otherTa })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await testDb.db.scoreOverride.count({ where: { userId: student.id } })).toBe(0);
    expect(await testDb.db.auditLog.count({ where: { action: "score.override", actorId: { in: [student.id, otherTa.id] } } })).toBe(0);
  });

  it("counts an override before any submission", async () => {
    const fixture = await createStaffFixture(testDb.db);
    const student = await fixture.addStudent("Bo");
    const result = await setScoreOverride({
      db: testDb.db,
      actor: fixture.ta,
      assessmentId: fixture.assessment.id,
      assessmentProblemId: fixture.placements[0].id,
      studentId: student.id,
      partId: "",
      score: 1,
      comment: "Excused: full credit.",
    });
    expect(result).toMatchObject({ before: null, after: 1, problemScore: 1 });
    await fixture.submit(student.id, "nn-backprop", { "d.dW0": RIGHT_DW0 });
    const view = await getVariantView({ db: testDb.db, userId: student.id, slug: "nn-backprop" });
    expect(view.standing.score).toBe(1);
  });
});
