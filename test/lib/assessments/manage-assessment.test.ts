import { createAssessment, duplicateAssessment, setAssessmentPublished, updateAssessment } from "@/lib/assessments/manage-assessment";
import { submitAnswers } from "@/lib/submissions/submit-answers";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { bankProblemRow, createCourseFixture } from "../../support/course-fixture";

describeEachDatabase("managing assessments", (provider) => {
  const testDb = useTestDatabase(provider);

  async function setUp() {
    const fixture = await createCourseFixture(testDb.db);
    const instructor = await fixture.addUser("INSTRUCTOR");
    const [chain, cnn, zero] = await Promise.all(["chain-rule", "cnn-shapes", "zero-init"].map((slug) => bankProblemRow(testDb.db, slug)));
    return { ...fixture, instructor, problems: { chain, cnn, zero } };
  }

  it("creates an unpublished assessment with its problems in order, and refuses a slug already used", async () => {
    const { db } = testDb;
    const { course, instructor, problems } = await setUp();
    const created = await createAssessment({
      db,
      actorId: instructor.id,
      courseId: course.id,
      settings: { title: "Week 8", slug: "week-8", dueAt: "2026-12-10T23:59:00Z", attemptLimit: 3, latePenaltyPerDay: 0.2 },
      placements: [
        { problemId: problems.cnn.id, points: 5 },
        { problemId: problems.chain.id, points: 8 },
      ],
    });
    expect(created).toMatchObject({ published: false, attemptLimit: 3, latePenaltyPerDay: 0.2, dueAt: new Date("2026-12-10T23:59:00Z") });
    const placed = await db.assessmentProblem.findMany({
      where: { assessmentId: created!.id },
      orderBy: { position: "asc" },
      include: { problem: true },
    });
    expect(placed.map((p) => [p.problem.slug, p.points])).toEqual([
      ["cnn-shapes", 5],
      ["chain-rule", 8],
    ]);
    await expect(
      createAssessment({ db, actorId: instructor.id, courseId: course.id, settings: { title: "Again", slug: "week-8" } }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("saves and logs the feedback mode, per-part scoring and handout numbers; takes the exam mode only with a late cut-off", async () => {
    const { db } = testDb;
    const { course, instructor } = await setUp();
    const created = await createAssessment({
      db,
      actorId: instructor.id,
      courseId: course.id,
      settings: { title: "Week 9", slug: "week-9" },
    });
    expect(created).toMatchObject({ feedbackMode: "PRACTICE", scoringPolicy: "BEST", handoutNumbers: false });
    const settings = {
      title: "Week 9",
      slug: "week-9",
      feedbackMode: "HOMEWORK" as const,
      scoringPolicy: "BEST_PER_PART" as const,
      handoutNumbers: true,
    };
    const updated = await updateAssessment({ db, actorId: instructor.id, assessmentId: created!.id, settings });
    expect(updated).toMatchObject({ feedbackMode: "HOMEWORK", scoringPolicy: "BEST_PER_PART", handoutNumbers: true });
    const log = await db.auditLog.findFirstOrThrow({ where: { entityId: created!.id, action: "assessment.update" } });
    expect(log.after).toMatchObject({ feedbackMode: "HOMEWORK", scoringPolicy: "BEST_PER_PART", handoutNumbers: true });
    await expect(
      updateAssessment({ db, actorId: instructor.id, assessmentId: created!.id, settings: { ...settings, feedbackMode: "EXAM" } }),
    ).rejects.toMatchObject({
      issues: [
        expect.objectContaining({
          path: ["lateCutoffAt"],
          message: expect.stringMatching(/^An exam needs a late cut-off \("No submissions after"\).*Set it/),
        }),
      ],
    });
    const exam = await updateAssessment({
      db,
      actorId: instructor.id,
      assessmentId: created!.id,
      settings: { ...settings, feedbackMode: "EXAM", lateCutoffAt: "2030-01-20T23:59" },
    });
    expect(exam).toMatchObject({ feedbackMode: "EXAM", lateCutoffAt: new Date("2030-01-20T23:59:00Z") });
  });

  it("gives an exam one attempt per problem when no limit is given, and keeps a limit the instructor sets, unlimited included", async () => {
    const { db } = testDb;
    const { course, instructor } = await setUp();
    const exam = { feedbackMode: "EXAM" as const, lateCutoffAt: "2030-01-20T23:59:00Z" };
    const create = (slug: string, settings: Record<string, unknown>) =>
      createAssessment({ db, actorId: instructor.id, courseId: course.id, settings: { title: slug, slug, ...settings } });
    expect(await create("exam-default", exam)).toMatchObject({ feedbackMode: "EXAM", attemptLimit: 1 });
    expect(await create("exam-three", { ...exam, attemptLimit: 3 })).toMatchObject({ attemptLimit: 3 });
    expect(await create("exam-unlimited", { ...exam, attemptLimit: null })).toMatchObject({ attemptLimit: null });
    expect(await create("homework", { feedbackMode: "HOMEWORK" })).toMatchObject({ attemptLimit: null });
    // An edit that leaves the limit out takes the default too, as a new assessment's settings would.
    const homework = await create("to-exam", { attemptLimit: 5 });
    const edited = await updateAssessment({
      db,
      actorId: instructor.id,
      assessmentId: homework!.id,
      settings: { title: "x", slug: "to-exam", ...exam },
    });
    expect(edited).toMatchObject({ feedbackMode: "EXAM", attemptLimit: 1 });
  });

  it("names each invalid setting", async () => {
    const { course, instructor } = await setUp();
    await expect(
      createAssessment({
        db: testDb.db,
        actorId: instructor.id,
        courseId: course.id,
        settings: { title: "", slug: "Week 8!", latePenaltyPerDay: 2, dueAt: "2026-12-10T00:00:00Z", lateCutoffAt: "2026-12-01T00:00:00Z" },
      }),
    ).rejects.toMatchObject({
      issues: expect.arrayContaining([
        expect.objectContaining({ path: ["title"], message: "Give the assessment a title." }),
        expect.objectContaining({ path: ["slug"], message: expect.stringMatching(/lower-case letters/) }),
        expect.objectContaining({ path: ["latePenaltyPerDay"] }),
      ]),
    });
  });

  it("reorders problems and changes points, but will not drop a problem that has submissions", async () => {
    const { db } = testDb;
    const { assessment, placements, instructor, addUser, problems } = await setUp();
    const nnBackprop = placements[0];
    const student = await addUser("STUDENT");
    await submitAnswers({ db, userId: student.id, slug: "nn-backprop", answers: { "d.dW0": "(W1.T * z) @ x.T" } });
    const settings = { title: "Assessment", slug: "a" };
    await updateAssessment({
      db,
      actorId: instructor.id,
      assessmentId: assessment.id,
      settings,
      placements: [
        { problemId: problems.zero.id, points: 4 },
        { problemId: nnBackprop.problemId, points: 12 },
      ],
    });
    const placed = await db.assessmentProblem.findMany({
      where: { assessmentId: assessment.id },
      orderBy: { position: "asc" },
      include: { problem: true },
    });
    expect(placed.map((p) => [p.problem.slug, p.points])).toEqual([
      ["zero-init", 4],
      ["nn-backprop", 12],
    ]);
    expect(placed[1].id).toBe(nnBackprop.id);
    await expect(
      updateAssessment({
        db,
        actorId: instructor.id,
        assessmentId: assessment.id,
        settings,
        placements: [{ problemId: problems.zero.id, points: 4 }],
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/1 submissions cannot be removed/) });
    expect(await db.submission.count({ where: { userId: student.id } })).toBe(1);
  });

  it("publishes and unpublishes with audit entries, refusing an empty assessment", async () => {
    const { db } = testDb;
    const { course, assessment, instructor } = await setUp();
    await setAssessmentPublished({ db, actorId: instructor.id, assessmentId: assessment.id, published: false });
    await setAssessmentPublished({ db, actorId: instructor.id, assessmentId: assessment.id, published: true });
    const empty = await createAssessment({ db, actorId: instructor.id, courseId: course.id, settings: { title: "Empty", slug: "empty" } });
    await expect(setAssessmentPublished({ db, actorId: instructor.id, assessmentId: empty!.id, published: true })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const log = await db.auditLog.findMany({ where: { entityId: assessment.id }, orderBy: { createdAt: "asc" } });
    expect(log.map((entry) => entry.action)).toEqual(["assessment.unpublish", "assessment.publish"]);
  });

  it("duplicates an assessment as an unpublished copy under a free slug", async () => {
    const { db } = testDb;
    const { assessment, instructor } = await setUp();
    const first = await duplicateAssessment({ db, actorId: instructor.id, assessmentId: assessment.id });
    const second = await duplicateAssessment({ db, actorId: instructor.id, assessmentId: assessment.id });
    expect([first.slug, second.slug]).toEqual(["a-copy", "a-copy-2"]);
    expect(first.published).toBe(false);
    expect(await db.assessmentProblem.count({ where: { assessmentId: first.id } })).toBe(1);
  });
});
