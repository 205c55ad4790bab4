// loadProblemHistory reads a student's submissions and overrides for one
// placed problem in a single statement (a UNION ALL): each row must come
// back as the kind it is, with its own columns decoded, and nobody else's.
import { loadProblemHistory } from "@/lib/submissions/problem-history.sql";
import { submitAnswers } from "@/lib/submissions/submit-answers";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture } from "../../support/course-fixture";

describeEachDatabase("a student's history of one problem", (provider) => {
  const testDb = useTestDatabase(provider);

  it("gives the student's submissions newest first and their overrides, decoded, and no one else's", async () => {
    const { db } = testDb;
    const fixture = await createCourseFixture(db, { assessment: { latePenaltyPerDay: 0.5, dueAt: new Date("2026-11-01T00:00:00Z") } });
    const [student, other, ta] = [await fixture.addUser("STUDENT"), await fixture.addUser("STUDENT", "other"), await fixture.addUser("TA")];
    const placementId = fixture.placements[0].id;
    const submit = (userId: string, answer: string, now: Date) =>
      submitAnswers({ db, userId, slug: "nn-backprop", answers: { "a.y": answer }, now });
    await submit(student.id, "W1 @ z + b1", new Date("2026-10-30T10:00:00Z"));
    await submit(student.id, "W1 @ z", new Date("2026-11-01T12:00:00Z"));
    await submit(other.id, "W1 @ z + b1", new Date("2026-10-30T11:00:00Z"));
    const override = (userId: string, partId: string, comment: string) =>
      db.scoreOverride.create({ data: { userId, assessmentProblemId: placementId, partId, score: 0.5, comment, createdById: ta.id } });
    const mine = await override(student.id, "a.y", "Half marks: sign slip.");
    await override(other.id, "", "Not this student's.");

    const history = await loadProblemHistory(db, student.id, placementId);

    expect(history.submissions.map((s) => [s.attempt, s.late, s.latePenalty, s.answers])).toEqual([
      [2, true, 0.5, { "a.y": "W1 @ z" }],
      [1, false, 0, { "a.y": "W1 @ z + b1" }],
    ]);
    expect(history.submissions[0].submittedAt).toEqual(new Date("2026-11-01T12:00:00Z"));
    expect(history.submissions[1].partResults).toMatchObject({ "a.y": { score: 1 } });
    expect(history.overrides).toEqual([{ partId: "a.y", score: 0.5, comment: "Half marks: sign slip.", createdAt: mine.createdAt }]);
  });

  it("gives overrides in id order, as the gradebook reads them, so that two made in the same millisecond settle alike", async () => {
    const { db } = testDb;
    const fixture = await createCourseFixture(db);
    const [student, ta] = [await fixture.addUser("STUDENT"), await fixture.addUser("TA")];
    const createdAt = new Date("2026-11-27T07:00:00.000Z");
    const data = { userId: student.id, assessmentProblemId: fixture.placements[0].id, partId: "a.y", createdById: ta.id, createdAt };
    // Ids chosen so that creation order and id order differ.
    await db.scoreOverride.create({ data: { ...data, id: "override-b", score: 0.25, comment: "second id" } });
    await db.scoreOverride.create({ data: { ...data, id: "override-a", score: 0.75, comment: "first id" } });
    const { overrides } = await loadProblemHistory(db, student.id, fixture.placements[0].id);
    expect(overrides.map((o) => o.comment)).toEqual(["first id", "second id"]);
  });

  it("is empty for a student who has neither", async () => {
    const fixture = await createCourseFixture(testDb.db);
    const student = await fixture.addUser("STUDENT");
    expect(await loadProblemHistory(testDb.db, student.id, fixture.placements[0].id)).toEqual({ submissions: [], overrides: [] });
  });
});
