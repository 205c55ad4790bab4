import { submitAnswers } from "@/lib/submissions/submit-answers";
import { getVariantView } from "@/lib/submissions/get-variant-view";
import { getProblemPage } from "@/lib/submissions/get-problem-page";
import { listSubmissionHistory } from "@/lib/submissions/list-submission-history";
import { assessmentProgress } from "@/lib/progress/assessment-progress";
import { listCoursesWithProgress } from "@/lib/progress/courses-with-progress";
import { getStudentReview } from "@/lib/gradebook/get-student-review";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture } from "../../support/course-fixture";
import { actorFor } from "../gradebook/staff-fixture";

const RIGHT_DW0 = "(W1.T * z * (1 - z)) @ x.T";
const RIGHT_DB0 = "W1.T * z * (1 - z)";
// Read, but of the wrong shape (W1 where W1.T is meant): graded 0 and uses an attempt in an exam, as in homework.
const WRONG_SHAPE_DW0 = "(W1 * z * (1 - z)) @ x.T";
// nn-backprop's d.dW0 and d.db0 are 3 points each of its 19 part points.
const DW0_SHARE = 3 / 19;

const cutoff = new Date("2026-12-10T12:00:00Z");
const during = new Date("2026-12-09T12:00:00Z");
const after = new Date("2026-12-10T12:00:01Z");

/** Every key and value that says right or wrong, anywhere in a student's JSON. */
function verdictsIn(value: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${path}[${i}]`));
    else if (node && typeof node === "object") {
      // A part left out scores 0 whatever the answers: saying so gives nothing away.
      if ((node as { status?: unknown }).status === "unanswered") return;
      for (const [key, child] of Object.entries(node)) {
        if (["score", "pointsEarned", "partsCorrect", "feedback"].includes(key) && child !== null) found.push(`${path}.${key}`);
        if (["marks", "references"].includes(key)) found.push(`${path}.${key}`);
        if (key === "partScores" && Object.keys(child as object).length > 0) found.push(`${path}.partScores`);
        if (key === "overrides" && (child as unknown[]).length > 0) found.push(`${path}.overrides`);
        if (key === "status" && child === "complete") found.push(`${path}.status`);
        walk(child, `${path}.${key}`);
      }
    }
  };
  walk(value, "$");
  return found;
}

describeEachDatabase("exam mode: results held until the assessment closes", (provider) => {
  const testDb = useTestDatabase(provider);

  async function setUp() {
    const fixture = await createCourseFixture(testDb.db, {
      assessment: { feedbackMode: "EXAM", attemptLimit: 2, lateCutoffAt: cutoff, revealPolicy: "AFTER_DUE_OR_LAST_ATTEMPT" },
    });
    const student = await fixture.addUser("STUDENT");
    const ta = await fixture.addUser("TA");
    const db = testDb.db;
    const submit = (answers: Record<string, string>, now = during) =>
      submitAnswers({ db, userId: student.id, slug: "nn-backprop", answers, now });
    return { ...fixture, db, student, ta, submit };
  }

  it("answers a submission with only what was received and the attempts, whatever was right", async () => {
    const { submit } = await setUp();
    const right = await submit({ "d.dW0": RIGHT_DW0, "d.db0": RIGHT_DB0 });
    expect(right.score).toBeNull();
    expect(right.parts.find((p) => p.id === "d.dW0")).toEqual({ id: "d.dW0", score: null, feedback: null, status: "received" });
    expect(right.parts.find((p) => p.id === "a.z")).toMatchObject({ status: "unanswered", score: 0 });
    expect(right.standing).toEqual({ score: null, pointsEarned: null, pointsPossible: 10, partScores: {}, overrides: [] });
    expect(right.policy).toMatchObject({
      feedbackMode: "EXAM",
      resultsHeld: true,
      resultsHeldUntil: cutoff.toISOString(),
      attemptsUsed: 1,
      attemptsLeft: 1,
      referencesRevealed: false,
    });

    // A wrong-shape answer reads exactly like a right one: received, and it uses the last attempt.
    const wrong = await submit({ "d.dW0": WRONG_SHAPE_DW0, "d.db0": RIGHT_DB0 });
    expect(wrong.attempt).toBe(2);
    expect(wrong.parts.find((p) => p.id === "d.dW0")).toEqual({ id: "d.dW0", score: null, feedback: null, status: "received" });
    expect(wrong.policy).toMatchObject({ attemptsUsed: 2, attemptsLeft: 0, closed: true });
    expect(verdictsIn(right)).toEqual([]);
    expect(verdictsIn(wrong)).toEqual([]);
  });

  it("still refuses an answer that cannot be read, with its message and without using an attempt", async () => {
    const { submit, db, student } = await setUp();
    await expect(submit({ "d.dW0": "(W1.T * z * (1 - z) @ x.T" })).rejects.toMatchObject({
      code: "INVALID_ANSWERS",
      message: expect.stringMatching(/no attempt was used/),
      details: { parts: [{ id: "d.dW0", feedback: expect.stringMatching(/\S/) }] },
    });
    expect(await db.submission.count({ where: { userId: student.id } })).toBe(0);
  });

  it("leaves every score, mark, override and reference out of the view, history, page and progress until the cut-off, even after the last attempt", async () => {
    const { submit, db, student, ta, assessment, placements } = await setUp();
    await submit({ "d.dW0": RIGHT_DW0, "d.db0": RIGHT_DB0 });
    await submit({ "d.dW0": WRONG_SHAPE_DW0 });
    await db.scoreOverride.create({
      data: {
        userId: student.id,
        assessmentProblemId: placements[0].id,
        partId: "d.dW0",
        score: 0.5,
        comment: "Half.",
        createdById: ta.id,
      },
    });
    const options = { db, userId: student.id, slug: "nn-backprop", now: during };

    const view = await getVariantView(options);
    expect(view.references).toBeUndefined();
    expect(view.policy).toMatchObject({ resultsHeld: true, attemptsLeft: 0 });
    const history = await listSubmissionHistory(options);
    expect(history.submissions.map((s) => [s.attempt, s.score])).toEqual([
      [2, null],
      [1, null],
    ]);
    const page = await getProblemPage(options);
    const [progress] = await assessmentProgress({ db, userId: student.id, assessmentIds: [assessment.id], now: during });
    expect(progress).toMatchObject({
      resultsHeld: true,
      pointsEarned: null,
      partsCorrect: null,
      pointsPossible: 10,
      status: "in-progress",
    });
    expect(progress.problems[0]).toMatchObject({ pointsEarned: null, partsCorrect: null, attemptsUsed: 2 });
    const courses = await listCoursesWithProgress({ db, userId: student.id, now: during });
    for (const leaked of [view, history, page, progress, courses]) expect(verdictsIn(leaked)).toEqual([]);

    // Staff keep everything meanwhile.
    const review = await getStudentReview({ db, actor: await actorFor(db, ta), assessmentId: assessment.id, studentId: student.id });
    expect(JSON.stringify(review)).toContain('"score":1');
  });

  it("shows everything as in homework once the cut-off has passed", async () => {
    const { submit, db, student, assessment } = await setUp();
    await submit({ "d.dW0": RIGHT_DW0 });
    await submit({ "d.dW0": WRONG_SHAPE_DW0 });
    const options = { db, userId: student.id, slug: "nn-backprop", now: after };

    const view = await getVariantView(options);
    expect(view.policy).toMatchObject({ resultsHeld: false, resultsHeldUntil: null, referencesRevealed: true });
    expect(view.references?.["d.dW0"]).toBe(RIGHT_DW0);
    expect(view.standing.score).toBeCloseTo(DW0_SHARE, 12);
    expect(view.standing.pointsEarned).toBeCloseTo(10 * DW0_SHARE, 12);
    const history = await listSubmissionHistory(options);
    expect(history.submissions[1].score).toBeCloseTo(DW0_SHARE, 12);
    expect(history.submissions[0].parts.find((p) => p.id === "d.dW0")).toMatchObject({
      score: 0,
      status: "graded",
      feedback: expect.stringMatching(/did you mean W1\.T/),
    });
    expect(history.submissions[1].parts.find((p) => p.id === "d.dW0")).toMatchObject({ score: 1, status: "graded" });
    const [progress] = await assessmentProgress({ db, userId: student.id, assessmentIds: [assessment.id], now: after });
    expect(progress).toMatchObject({ resultsHeld: false, partsCorrect: 1, status: "closed" });
    expect(progress.pointsEarned).toBeCloseTo(10 * DW0_SHARE, 12);
  });
});
