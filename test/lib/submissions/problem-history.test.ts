// loadProblemHistory reads a student's submissions and overrides for one
// placed problem in a single statement (a UNION ALL): each row must come
// back as the kind it is, with its own columns decoded, and nobody else's.
import { loadHistoryPage, loadProblemHistory, loadStandingBasis } from "@/lib/submissions/problem-history.sql";
import { standingInfo } from "@/lib/submissions/standing";
import type { AssessmentRules } from "@/lib/submissions/policy";
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

  describe("what a new submission's standing needs of the earlier ones", () => {
    // Scores with ties (the earliest of equal bests counts), late penalties that reorder the parts' net scores, and an override.
    const earlier = [
      { score: 0.5, latePenalty: 0, parts: { p: 1, q: 0 } },
      { score: 0.75, latePenalty: 0, parts: { p: 0.5, q: 1 } },
      { score: 0.75, latePenalty: 0.25, parts: { p: 1, q: 1 } },
      { score: 0.25, latePenalty: 0.5, parts: { p: 0, q: 1 } },
      { score: 0.75, latePenalty: 0, parts: { p: 0.25, q: 1 } },
      { score: 0.1, latePenalty: 0, parts: { p: 0.1, q: 0.1 } },
    ];
    const parts = [
      { id: "p", points: 1 },
      { id: "q", points: 3 },
    ];
    const partResults = (scores: Record<string, number>) =>
      Object.fromEntries(Object.entries(scores).map(([id, score]) => [id, { score }]));

    it.each(["BEST", "LAST", "BEST_PER_PART"] as const)(
      "under %s, gives the count and the same standing beside a new submission as the whole history",
      async (scoringPolicy) => {
        const { db } = testDb;
        const fixture = await createCourseFixture(db);
        const [student, other, ta] = [
          await fixture.addUser("STUDENT"),
          await fixture.addUser("STUDENT", "other"),
          await fixture.addUser("TA"),
        ];
        const placementId = fixture.placements[0].id;
        const rules = { scoringPolicy } satisfies Pick<AssessmentRules, "scoringPolicy">;
        expect(await loadStandingBasis(db, student.id, placementId, rules)).toEqual({ attemptsUsed: 0, submissions: [], overrides: [] });

        // The first submission makes the variant; the rest are stored as the history above, the other student's beside them.
        for (const userId of [student.id, other.id]) await submitAnswers({ db, userId, slug: "nn-backprop", answers: { "a.y": "W1 @ z" } });
        const first = await db.submission.findFirstOrThrow({ where: { userId: student.id } });
        await db.submission.update({ where: { id: first.id }, data: { score: 0.6, partResults: partResults({ p: 0.6, q: 0.6 }) } });
        for (const [i, { score, latePenalty, parts: scores }] of earlier.entries()) {
          const { id: _id, idempotencyKey: _key, ...row } = first;
          await db.submission.create({
            data: {
              ...row,
              answers: row.answers ?? {},
              attempt: i + 2,
              score,
              latePenalty,
              late: latePenalty > 0,
              partResults: partResults(scores),
            },
          });
        }
        await db.scoreOverride.create({
          data: { userId: student.id, assessmentProblemId: placementId, partId: "q", score: 0.9, comment: "Regraded.", createdById: ta.id },
        });

        const basis = await loadStandingBasis(db, student.id, placementId, rules);
        const history = await loadProblemHistory(db, student.id, placementId);
        expect(basis.attemptsUsed).toBe(history.submissions.length);
        expect(basis.attemptsUsed).toBe(earlier.length + 1);
        expect(basis.submissions.length).toBe(scoringPolicy === "BEST_PER_PART" ? earlier.length + 1 : 1);
        for (const next of [
          { attempt: 8, score: 0.75, latePenalty: 0, partResults: partResults({ p: 0.75, q: 0.75 }) },
          { attempt: 8, score: 0.05, latePenalty: 0.5, partResults: partResults({ p: 1, q: 0 }) },
          { attempt: 8, score: 1, latePenalty: 0, partResults: partResults({ p: 1, q: 1 }) },
        ]) {
          expect(standingInfo({ ...rules } as AssessmentRules, parts, 10, [next, ...basis.submissions], basis.overrides)).toEqual(
            standingInfo({ ...rules } as AssessmentRules, parts, 10, [next, ...history.submissions], history.overrides),
          );
        }
      },
    );
  });
  it("pages the history newest first: a page's oldest attempt is where the next starts, and the last page says none is older", async () => {
    const { db } = testDb;
    const fixture = await createCourseFixture(db);
    const [student, other] = [await fixture.addUser("STUDENT"), await fixture.addUser("STUDENT", "other")];
    const placementId = fixture.placements[0].id;
    for (let i = 1; i <= 7; i++) await submitAnswers({ db, userId: student.id, slug: "nn-backprop", answers: { "a.y": `W1 @ z + ${i}` } });
    await submitAnswers({ db, userId: other.id, slug: "nn-backprop", answers: { "a.y": "W1 @ z" } });

    const attempts = async (page: { limit: number; before?: number }) => {
      const { submissions, nextBefore } = await loadHistoryPage(db, student.id, placementId, page);
      return { attempts: submissions.map((s) => s.attempt), nextBefore };
    };
    expect(await attempts({ limit: 3 })).toEqual({ attempts: [7, 6, 5], nextBefore: 5 });
    expect(await attempts({ limit: 3, before: 5 })).toEqual({ attempts: [4, 3, 2], nextBefore: 2 });
    expect(await attempts({ limit: 3, before: 2 })).toEqual({ attempts: [1], nextBefore: null });
    expect(await attempts({ limit: 3, before: 1 })).toEqual({ attempts: [], nextBefore: null });
    // Exactly the rest on one page: nothing older, so no next page.
    expect(await attempts({ limit: 7 })).toEqual({ attempts: [7, 6, 5, 4, 3, 2, 1], nextBefore: null });
    expect(await attempts({ limit: 6 })).toEqual({ attempts: [7, 6, 5, 4, 3, 2], nextBefore: 2 });

    // A page's rows are decoded as the whole history's are.
    const [newest] = (await loadHistoryPage(db, student.id, placementId, { limit: 1 })).submissions;
    const [whole] = (await loadProblemHistory(db, student.id, placementId)).submissions;
    expect(newest).toEqual(whole);
    expect(newest.answers).toEqual({ "a.y": "W1 @ z + 7" });
  });
});
