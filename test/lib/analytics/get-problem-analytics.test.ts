import { getProblemAnalytics } from "@/lib/analytics/get-problem-analytics";
import { scoreBuckets } from "@/lib/analytics/score-buckets";
import { getBankProblem } from "@/grader/bank";
import { buildVariant } from "@/grader/problems";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture } from "../../support/course-fixture";
import { actorFor, createStaffFixture, HALF_DW0, RIGHT_DW0 } from "../gradebook/staff-fixture";

const MISSING_DW0 = "W1.T @ x.T";
/** HALF_DW0 typed another way: the same value, so the same fingerprint. */
const HALF_DW0_REORDERED = "(z * W1.T) @ x.T";

function knownMistakeMessage(partId: string, mistakeId: string): string {
  const part = buildVariant(getBankProblem("nn-backprop"), 0).parts.find((p) => p.id === partId)!;
  if (part.answer.kind !== "expression") throw new Error("expected an expression part");
  return part.answer.knownMistakes.find((m) => m.id === mistakeId)!.message;
}

describe("score buckets", () => {
  it("keeps nothing and full credit apart from partial credit", () => {
    expect(scoreBuckets([0, 0, 0.1, 0.25, 0.5, 0.74, 0.99, 1]).map((b) => [b.label, b.students])).toEqual([
      ["0%", 2],
      ["1–24%", 1],
      ["25–49%", 1],
      ["50–74%", 2],
      ["75–99%", 1],
      ["100%", 1],
    ]);
  });
});

describeEachDatabase("problem analytics", (provider) => {
  const testDb = useTestDatabase(provider);

  /** Five students on one variant (seed 5), so that equal answers have equal values. */
  async function setUp() {
    const fixture = await createStaffFixture(testDb.db);
    const [placement] = fixture.placements;
    const students = [];
    for (const name of ["Ada", "Ben", "Cy", "Dee", "Eve"]) {
      const student = await fixture.addStudent(name);
      await testDb.db.variant.create({
        data: { userId: student.id, assessmentProblemId: placement.id, problemId: placement.problemId, seed: 5 },
      });
      students.push(student);
    }
    const [ada, ben, cy, dee, eve] = students;
    await fixture.submit(ada.id, "nn-backprop", { "d.dW0": HALF_DW0 });
    await fixture.submit(ada.id, "nn-backprop", { "d.dW0": HALF_DW0 });
    await fixture.submit(ben.id, "nn-backprop", { "d.dW0": HALF_DW0 });
    await fixture.submit(cy.id, "nn-backprop", { "d.dW0": HALF_DW0_REORDERED });
    await fixture.submit(dee.id, "nn-backprop", { "d.dW0": MISSING_DW0 });
    await fixture.submit(eve.id, "nn-backprop", { "d.dW0": MISSING_DW0 });
    await fixture.submit(eve.id, "nn-backprop", { "d.dW0": RIGHT_DW0 });
    const analytics = () =>
      getProblemAnalytics({ db: testDb.db, actor: fixture.ta, assessmentId: fixture.assessment.id, assessmentProblemId: placement.id });
    return { ...fixture, placement, students, analytics };
  }

  it("groups wrong answers by fingerprint, however they were typed, most common first", async () => {
    const { analytics } = await setUp();
    const result = await analytics();
    expect(result).toMatchObject({ slug: "nn-backprop", studentsSubmitted: 5, submissions: 7 });
    const dW0 = result.parts.find((p) => p.partId === "d.dW0")!;
    expect(dW0.wrongAnswerGroups).toBe(2);
    expect(dW0.wrongAnswers.map((g) => [g.students, g.submissions, g.mistakeId])).toEqual([
      [3, 4, "half-sigmoid-derivative"],
      [2, 2, "missing-sigmoid-derivative"],
    ]);
    expect([HALF_DW0, HALF_DW0_REORDERED]).toContain(dW0.wrongAnswers[0].example);
    expect(dW0.wrongAnswers[1].example).toBe(MISSING_DW0);
    expect(dW0.wrongAnswers[0].feedback).toContain("(1 − z) factor");
  });

  it("in homework, counts wrong-shape answers among the common wrong answers, grouped by how they were read", async () => {
    const fixture = await createStaffFixture(testDb.db, { assessment: { feedbackMode: "HOMEWORK" } });
    const [placement] = fixture.placements;
    const transposeMissing = "(W1 * z * (1 - z)) @ x.T";
    for (const [name, answer] of [
      ["Ada", transposeMissing],
      ["Ben", "(W1*z*(1-z))@x.T"],
      ["Cy", HALF_DW0],
    ] as const) {
      const student = await fixture.addStudent(name);
      await fixture.submit(student.id, "nn-backprop", { "d.dW0": answer });
    }
    const result = await getProblemAnalytics({
      db: testDb.db,
      actor: fixture.ta,
      assessmentId: fixture.assessment.id,
      assessmentProblemId: placement.id,
    });
    const dW0 = result.parts.find((p) => p.partId === "d.dW0")!;
    expect(dW0.wrongAnswers.map((g) => [g.students, g.submissions])).toEqual([
      [2, 2],
      [1, 1],
    ]);
    expect(dW0.wrongAnswers[0].example).toMatch(/^\(W1 ?\* ?z/);
    expect(dW0.wrongAnswers[0].feedback).toContain("did you mean W1.T");
  });

  it("counts the students each known mistake's message reached", async () => {
    const { analytics } = await setUp();
    const dW0 = (await analytics()).parts.find((p) => p.partId === "d.dW0")!;
    expect(dW0.mistakes).toEqual([
      {
        mistakeId: "half-sigmoid-derivative",
        message: knownMistakeMessage("d.dW0", "half-sigmoid-derivative"),
        students: 3,
        submissions: 4,
      },
      {
        mistakeId: "missing-sigmoid-derivative",
        message: knownMistakeMessage("d.dW0", "missing-sigmoid-derivative"),
        students: 2,
        submissions: 2,
      },
    ]);
  });

  it("gives the distribution of the scores that count, overrides applied, and skips unanswered parts in wrong answers", async () => {
    const { analytics, ta, assessment, placement, students } = await setUp();
    const { setScoreOverride } = await import("@/lib/overrides/set-score-override");
    await setScoreOverride({
      db: testDb.db,
      actor: ta,
      assessmentId: assessment.id,
      assessmentProblemId: placement.id,
      studentId: students[3].id,
      partId: "d.dW0",
      score: 0.5,
      comment: "Half credit for the working.",
    });
    const result = await analytics();
    const dW0 = result.parts.find((p) => p.partId === "d.dW0")!;
    // Eve's best attempt is right; Dee has 0.5 by override; the other three have 0.
    expect(dW0.distribution.map((b) => b.students)).toEqual([3, 0, 0, 1, 0, 1]);
    expect(dW0.studentsScored).toBe(5);
    const aZ = result.parts.find((p) => p.partId === "a.z")!;
    expect(aZ.distribution.map((b) => b.students)).toEqual([5, 0, 0, 0, 0, 0]);
    expect(aZ.wrongAnswers).toEqual([]);
    expect(aZ.mistakes).toEqual([]);
  });

  it("leaves staff's own tries out", async () => {
    const { analytics, addUser, placement } = await setUp();
    const instructor = await addUser("INSTRUCTOR");
    await testDb.db.variant.create({
      data: { userId: instructor.id, assessmentProblemId: placement.id, problemId: placement.problemId, seed: 5 },
    });
    const { submitAnswers } = await import("@/lib/submissions/submit-answers");
    await submitAnswers({ db: testDb.db, userId: instructor.id, slug: "nn-backprop", answers: { "d.dW0": MISSING_DW0 } });
    const result = await analytics();
    expect(result.studentsSubmitted).toBe(5);
    expect(result.parts.find((p) => p.partId === "d.dW0")!.mistakes[1].students).toBe(2);
  });

  it("refuses a student and a TA of another course", async () => {
    const { placement, assessment, students } = await setUp();
    const otherTa = await actorFor(testDb.db, await (await createCourseFixture(testDb.db)).addUser("TA"));
    for (const actor of [await actorFor(testDb.db, students[0]), otherTa]) {
      await expect(
        getProblemAnalytics({ db: testDb.db, actor, assessmentId: assessment.id, assessmentProblemId: placement.id }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});
