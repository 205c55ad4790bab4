import { submitAnswers } from "@/lib/submissions/submit-answers";
import { getVariantView } from "@/lib/submissions/get-variant-view";
import { listSubmissionHistory } from "@/lib/submissions/list-submission-history";
import { AppError } from "@/lib/errors";
import { getBankProblem } from "@/grader/bank";
import { buildVariant } from "@/grader/problems";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture, type CourseFixtureOptions } from "../../support/course-fixture";

const RIGHT_DW0 = "(W1.T * z * (1 - z)) @ x.T";
const HALF_DW0 = "(W1.T * z) @ x.T";
// nn-backprop's part points: a.z 2, a.y 2, b.dW1 2, b.db1 1, c.dz 2, d.dW0 3, d.db0 3, e.dW0 2, e.db0 2 (19 in all).
const DW0_SHARE = 3 / 19;

describeEachDatabase("submitting answers", (provider) => {
  const testDb = useTestDatabase(provider);

  async function setUp(options: CourseFixtureOptions = {}) {
    const fixture = await createCourseFixture(testDb.db, options);
    const student = await fixture.addUser("STUDENT");
    const submit = (answers: Record<string, unknown>, extra: { idempotencyKey?: string; now?: Date } = {}) =>
      submitAnswers({ db: testDb.db, userId: student.id, slug: "nn-backprop", answers: answers as Record<string, string>, ...extra });
    return { ...fixture, student, submit };
  }

  it("draws one variant per student and problem, and keeps it", async () => {
    const { student } = await setUp();
    const first = await getVariantView({ db: testDb.db, userId: student.id, slug: "nn-backprop" });
    const again = await getVariantView({ db: testDb.db, userId: student.id, slug: "nn-backprop" });
    // The seed stays on the server (the view carries none): the stored variant is drawn once, with a seed other than the handout's 0.
    expect(again.variant).toEqual(first.variant);
    const variants = await testDb.db.variant.findMany({ where: { userId: student.id } });
    expect(variants).toHaveLength(1);
    expect(variants[0].seed).toBeGreaterThan(0);
    expect(first.references).toBeUndefined();
  });

  it("grades on the server, stores the submission and reports attempts", async () => {
    const { submit, student } = await setUp({ assessment: { attemptLimit: 3 } });
    const result = await submit({ "d.dW0": RIGHT_DW0 });
    expect(result.attempt).toBe(1);
    expect(result.replayed).toBe(false);
    expect(result.parts.find((p) => p.id === "d.dW0")).toMatchObject({ score: 1, status: "graded" });
    expect(result.parts.find((p) => p.id === "a.z")).toMatchObject({ score: 0, status: "unanswered" });
    expect(result.score).toBeCloseTo(DW0_SHARE, 12);
    expect(result.policy).toMatchObject({ attemptsUsed: 1, attemptsLeft: 2, closed: false });
    expect(result.standing.pointsEarned).toBeCloseTo(10 * DW0_SHARE, 12);
    const stored = await testDb.db.submission.findFirstOrThrow({ where: { userId: student.id } });
    expect(stored.answers).toEqual({ "d.dW0": RIGHT_DW0 });
    expect((stored.partResults as Record<string, { fingerprint: string | null }>)["d.dW0"].fingerprint).toMatch(/\S/);
  });

  it("refuses answers with a shape error without storing anything or using an attempt", async () => {
    const { submit, student } = await setUp({ assessment: { attemptLimit: 1 } });
    const attempt = submit({ "d.dW0": "(W1 * z * (1 - z)) @ x.T", "d.db0": "W1.T * z * (1 - z)" });
    await expect(attempt).rejects.toMatchObject({
      code: "INVALID_ANSWERS",
      message: expect.stringMatching(/no attempt was used.*d\.dW0.*did you mean W1\.T/),
    });
    await expect(attempt).rejects.toMatchObject({ details: { parts: [{ id: "d.dW0", feedback: expect.stringMatching(/1×h/) }] } });
    expect(await testDb.db.submission.count({ where: { userId: student.id } })).toBe(0);
    expect((await submit({ "d.dW0": RIGHT_DW0 })).attempt).toBe(1);
  });

  it("in homework, grades a wrong-shape answer as wrong, stores it and uses an attempt, fingerprinted for the analytics", async () => {
    const { submit, student } = await setUp({ assessment: { attemptLimit: 2, feedbackMode: "HOMEWORK" } });
    const result = await submit({ "d.dW0": "(W1 * z * (1 - z)) @ x.T", "d.db0": "W1.T * z * (1 - z)" });
    expect(result.attempt).toBe(1);
    expect(result.policy).toMatchObject({ attemptsUsed: 1, attemptsLeft: 1, feedbackMode: "HOMEWORK" });
    expect(result.parts.find((p) => p.id === "d.dW0")).toMatchObject({
      score: 0,
      status: "graded",
      feedback: expect.stringMatching(/did you mean W1\.T/),
    });
    expect(result.parts.find((p) => p.id === "d.db0")).toMatchObject({ score: 1, status: "graded" });
    expect(result.score).toBeCloseTo(3 / 19, 12);
    const stored = await testDb.db.submission.findFirstOrThrow({ where: { userId: student.id } });
    expect(stored.answers).toEqual({ "d.dW0": "(W1 * z * (1 - z)) @ x.T", "d.db0": "W1.T * z * (1 - z)" });
    const dW0 = (stored.partResults as Record<string, { status: string; fingerprint: string | null }>)["d.dW0"];
    expect(dW0).toMatchObject({ status: "graded", fingerprint: expect.stringMatching(/^t[0-9a-z]{11}$/) });
  });

  it("in homework, still refuses an answer that cannot be read, without using an attempt", async () => {
    const { submit, student } = await setUp({ assessment: { attemptLimit: 1, feedbackMode: "HOMEWORK" } });
    await expect(submit({ "d.dW0": "(W1.T * z * (1 - z) @ x.T" })).rejects.toMatchObject({
      code: "INVALID_ANSWERS",
      message: expect.stringMatching(/no attempt was used/),
    });
    expect(await testDb.db.submission.count({ where: { userId: student.id } })).toBe(0);
  });

  it("in homework, grades chain-rule 1(a)'s formula in the wrong order (Jg @ Jf) as wrong and uses an attempt", async () => {
    const fixture = await createCourseFixture(testDb.db, {
      slugs: ["chain-rule"],
      assessment: { attemptLimit: 3, feedbackMode: "HOMEWORK" },
    });
    const student = await fixture.addUser("STUDENT");
    const result = await submitAnswers({ db: testDb.db, userId: student.id, slug: "chain-rule", answers: { "a.formula": "Jg @ Jf" } });
    expect(result.policy.attemptsUsed).toBe(1);
    expect(result.parts.find((p) => p.id === "a.formula")).toMatchObject({
      score: 0,
      status: "graded",
      feedback: expect.stringMatching(/columns of the left/),
    });
  });

  it("under BEST_PER_PART, keeps each part's best over the attempts", async () => {
    const { submit } = await setUp({ assessment: { scoringPolicy: "BEST_PER_PART" } });
    await submit({ "d.dW0": RIGHT_DW0 });
    const second = await submit({ "d.db0": "W1.T * z * (1 - z)", "d.dW0": HALF_DW0 });
    // Each submission alone earns 3 of 19 points; each part's best earns 6.
    expect(second.score).toBeCloseTo(3 / 19, 12);
    expect(second.standing.partScores).toMatchObject({ "d.dW0": 1, "d.db0": 1 });
    expect(second.standing.score).toBeCloseTo(6 / 19, 12);
    expect(second.standing.pointsEarned).toBeCloseTo((10 * 6) / 19, 12);
  });

  it("gives everyone the handout's numbers (seed 0) when the assessment says so", async () => {
    const { addUser } = await setUp({ assessment: { handoutNumbers: true } });
    const other = await addUser("STUDENT", "other");
    const { student } = await setUp({ assessment: { handoutNumbers: true } });
    await getVariantView({ db: testDb.db, userId: other.id, slug: "nn-backprop" });
    await getVariantView({ db: testDb.db, userId: student.id, slug: "nn-backprop" });
    const seeds = (await testDb.db.variant.findMany({ where: { userId: { in: [other.id, student.id] } } })).map((v) => v.seed);
    expect(seeds).toEqual([0, 0]);
  });

  it("refuses an unknown part, naming the real ones", async () => {
    const { submit } = await setUp();
    await expect(submit({ "d.dW9": RIGHT_DW0 })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringMatching(/unknown part d\.dW9.*a\.z, a\.y/),
    });
  });

  it("stops at the attempt limit", async () => {
    const { submit } = await setUp({ assessment: { attemptLimit: 2 } });
    await submit({ "d.dW0": HALF_DW0 });
    const second = await submit({ "d.dW0": RIGHT_DW0 });
    expect(second.policy).toMatchObject({ attemptsLeft: 0, closed: true });
    await expect(submit({ "d.dW0": RIGHT_DW0 })).rejects.toMatchObject({ code: "ATTEMPTS_EXHAUSTED" });
  });

  it("returns the first result for a repeated Idempotency-Key and counts it once", async () => {
    const { submit, student } = await setUp({ assessment: { attemptLimit: 5 } });
    const first = await submit({ "d.dW0": RIGHT_DW0 }, { idempotencyKey: "key-1" });
    const retried = await submit({ "d.dW0": HALF_DW0 }, { idempotencyKey: "key-1" });
    expect(retried).toMatchObject({ submissionId: first.submissionId, attempt: 1, replayed: true, score: first.score });
    expect(await testDb.db.submission.count({ where: { userId: student.id } })).toBe(1);
    expect(retried.policy.attemptsUsed).toBe(1);
  });

  it("never exceeds the attempt limit under parallel submissions", async () => {
    const { submit, student } = await setUp({ assessment: { attemptLimit: 3 } });
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => submit({ "d.dW0": RIGHT_DW0 })));
    const accepted = outcomes.filter((o) => o.status === "fulfilled");
    const refused = outcomes.filter((o) => o.status === "rejected") as PromiseRejectedResult[];
    expect(accepted).toHaveLength(3);
    expect(refused.every((o) => o.reason instanceof AppError && o.reason.code === "ATTEMPTS_EXHAUSTED")).toBe(true);
    const attempts = await testDb.db.submission.findMany({
      where: { userId: student.id },
      select: { attempt: true },
      orderBy: { attempt: "asc" },
    });
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
  }, 30_000);

  it("applies the late penalty per started day after the due date", async () => {
    const dueAt = new Date("2026-11-01T12:00:00Z");
    const { submit } = await setUp({ assessment: { dueAt, latePenaltyPerDay: 0.25 } });
    const result = await submit({ "d.dW0": RIGHT_DW0 }, { now: new Date(dueAt.getTime() + 36 * 3600_000) });
    expect(result).toMatchObject({ late: true, latePenalty: 0.5 });
    expect(result.score).toBeCloseTo(DW0_SHARE * 0.5, 12);
    expect(result.standing.score).toBeCloseTo(DW0_SHARE * 0.5, 12);
  });

  it("refuses submissions after the late cut-off", async () => {
    const { submit } = await setUp({ assessment: { dueAt: new Date("2026-11-01"), lateCutoffAt: new Date("2026-11-03") } });
    await expect(submit({ "d.dW0": RIGHT_DW0 }, { now: new Date("2026-11-04") })).rejects.toMatchObject({ code: "SUBMISSIONS_CLOSED" });
  });

  it("refuses submissions once the late penalty reaches 100 %, with no cut-off, since they would earn nothing", async () => {
    const dueAt = new Date("2026-11-01T12:00:00Z");
    const { submit } = await setUp({ assessment: { dueAt, latePenaltyPerDay: 0.5 } });
    const lastDay = await submit({ "d.dW0": RIGHT_DW0 }, { now: new Date(dueAt.getTime() + 24 * 3600_000) });
    expect(lastDay).toMatchObject({ late: true, latePenalty: 0.5 });
    await expect(submit({ "d.dW0": RIGHT_DW0 }, { now: new Date(dueAt.getTime() + 24 * 3600_000 + 1) })).rejects.toMatchObject({
      code: "SUBMISSIONS_CLOSED",
      message: expect.stringMatching(/late penalty has reached 100 %/),
    });
  });

  it("counts the best submission, or the last one under LAST", async () => {
    for (const [scoringPolicy, expected] of [
      ["BEST", DW0_SHARE],
      ["LAST", 0],
    ] as const) {
      const { submit } = await setUp({ assessment: { scoringPolicy } });
      await submit({ "d.dW0": RIGHT_DW0 });
      const last = await submit({ "d.dW0": HALF_DW0 });
      expect(last.standing.score).toBeCloseTo(expected, 12);
    }
  });

  it("reveals references after the due date only once the student can no longer earn credit", async () => {
    const dueAt = new Date("2026-11-01T12:00:00Z");
    const lateCutoffAt = new Date("2026-11-03T12:00:00Z");
    const { student } = await setUp({ assessment: { dueAt, lateCutoffAt, latePenaltyPerDay: 0.1, revealPolicy: "AFTER_DUE" } });
    const before = await getVariantView({ db: testDb.db, userId: student.id, slug: "nn-backprop", now: new Date(dueAt.getTime() - 1000) });
    expect(before.references).toBeUndefined();
    expect(JSON.stringify(before)).not.toContain("grad(y, W0)");
    // Late but before the cut-off: a submission would still earn 90 %.
    const late = await getVariantView({ db: testDb.db, userId: student.id, slug: "nn-backprop", now: new Date(dueAt.getTime() + 1000) });
    expect(late.references).toBeUndefined();
    expect(late.policy).toMatchObject({ late: true, closed: false, referencesRevealed: false });
    const after = await getVariantView({
      db: testDb.db,
      userId: student.id,
      slug: "nn-backprop",
      now: new Date(lateCutoffAt.getTime() + 1000),
    });
    // A formula a student can read (the bank's first validated sample answer), not the reference's grad(y, W0).
    expect(after.references?.["d.dW0"]).toBe("(W1.T * z * (1 - z)) @ x.T");
    expect((after.references?.["e.dW0"] as number[][]).length).toBe(after.variant.params.find((p) => p.name === "h")!.display.value);
    expect(after.policy.referencesRevealed).toBe(true);
  });

  it("sends zero-init's grouped-start plot only once parts (c) and (d) are settled", async () => {
    const { student } = await setUp({ slugs: ["zero-init"], assessment: { attemptLimit: 3 } });
    const view = () => getVariantView({ db: testDb.db, userId: student.id, slug: "zero-init" });
    const submit = (answers: Record<string, unknown>) =>
      submitAnswers({ db: testDb.db, userId: student.id, slug: "zero-init", answers: answers as Record<string, string> });
    const trajectories = async () => (await view()).variant.extras.symmetryTrajectories as { grouped?: number[][]; random: number[][] };

    expect(Object.keys(await trajectories())).toEqual(["random"]);
    // The student's own variant, to answer it: (c) and (d) differ from seed to seed.
    const { seed } = await testDb.db.variant.findFirstOrThrow({ where: { userId: student.id, problem: { slug: "zero-init" } } });
    const built = buildVariant(getBankProblem("zero-init"), seed);
    const right = (id: string) => built.parts.find((part) => part.id === id)!.reference;
    const { pairs } = built.params as { pairs: [number, number][] };
    const wrongPair = pairs.map(([i, j]) => `units-${i + 1}-${j + 1}`).find((id) => !(right("c.pairs") as string[]).includes(id))!;
    // (d) right but (c) wrong: the plot also answers (c), so it stays held.
    await submit({ "c.pairs": [wrongPair], "d.symmetry": String(right("d.symmetry")) });
    expect((await trajectories()).grouped).toBeUndefined();
    await submit({ "c.pairs": right("c.pairs") });
    const released = await trajectories();
    expect(released.grouped).toEqual((built.heldExtras.symmetryTrajectories.value as { grouped: number[][] }).grouped);
    expect(released.random).toHaveLength(released.grouped!.length);
  });

  it("sends a held plot once no more credit can be earned, even unanswered", async () => {
    const { student } = await setUp({ slugs: ["zero-init"], assessment: { attemptLimit: 1 } });
    await submitAnswers({ db: testDb.db, userId: student.id, slug: "zero-init", answers: { "a.y": "1" } });
    const view = await getVariantView({ db: testDb.db, userId: student.id, slug: "zero-init" });
    expect((view.variant.extras.symmetryTrajectories as { grouped?: unknown }).grouped).toBeDefined();
  });

  it("shows an override and its comment in the standing", async () => {
    const { submit, student, placements, addUser } = await setUp();
    const ta = await addUser("TA");
    await submit({ "d.dW0": HALF_DW0 });
    await testDb.db.scoreOverride.create({
      data: {
        userId: student.id,
        assessmentProblemId: placements[0].id,
        partId: "d.dW0",
        score: 1,
        comment: "Accepted: equivalent form.",
        createdById: ta.id,
      },
    });
    const view = await getVariantView({ db: testDb.db, userId: student.id, slug: "nn-backprop" });
    expect(view.standing.partScores["d.dW0"]).toBe(1);
    expect(view.standing.score).toBeCloseTo(DW0_SHARE, 12);
    expect(view.standing.overrides).toEqual([expect.objectContaining({ partId: "d.dW0", comment: "Accepted: equivalent form." })]);
  });

  it("lists a student's own history, newest first, and nobody else's", async () => {
    const { submit, student, addUser } = await setUp();
    const other = await addUser("STUDENT", "other");
    await submit({ "d.dW0": HALF_DW0 });
    await submit({ "d.dW0": RIGHT_DW0 });
    const mine = await listSubmissionHistory({ db: testDb.db, userId: student.id, slug: "nn-backprop" });
    expect(mine.submissions.map((s) => s.attempt)).toEqual([2, 1]);
    expect(mine.submissions[1].parts.find((p) => p.id === "d.dW0")?.feedback).toMatch(/\(1 − z\) factor/);
    const theirs = await listSubmissionHistory({ db: testDb.db, userId: other.id, slug: "nn-backprop" });
    expect(theirs.submissions).toEqual([]);
  });

  it("checks the enrolment in the placement's own query: staff see an unpublished problem, the unenrolled do not", async () => {
    const { addUser } = await setUp({ assessment: { published: false } });
    const ta = await addUser("TA");
    const view = await getVariantView({ db: testDb.db, userId: ta.id, slug: "nn-backprop" });
    expect(view.variant.parts.length).toBeGreaterThan(0);
    const stranger = await testDb.db.user.create({ data: { email: "stranger@chainrule.test", name: "Stranger", passwordHash: "x" } });
    await expect(getVariantView({ db: testDb.db, userId: stranger.id, slug: "nn-backprop" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("does not let a student of another course reach this course's problem by its slug alone", async () => {
    await setUp();
    const elsewhere = await createCourseFixture(testDb.db, { slugs: ["zero-init"] });
    const outsider = await elsewhere.addUser("STUDENT", "outsider");
    await expect(getVariantView({ db: testDb.db, userId: outsider.id, slug: "nn-backprop" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      submitAnswers({ db: testDb.db, userId: outsider.id, slug: "nn-backprop", answers: { "d.dW0": RIGHT_DW0 } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("follows enrolment changes at once: a removed student is refused, a student made TA sees the unpublished problem", async () => {
    const { submit, student, course, assessment } = await setUp();
    await submit({ "d.dW0": RIGHT_DW0 });
    await testDb.db.assessment.update({ where: { id: assessment.id }, data: { published: false } });
    await expect(getVariantView({ db: testDb.db, userId: student.id, slug: "nn-backprop" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await testDb.db.enrollment.update({ where: { userId_courseId: { userId: student.id, courseId: course.id } }, data: { role: "TA" } });
    expect((await getVariantView({ db: testDb.db, userId: student.id, slug: "nn-backprop" })).policy.attemptsUsed).toBe(1);
    await testDb.db.enrollment.delete({ where: { userId_courseId: { userId: student.id, courseId: course.id } } });
    await expect(submit({ "d.dW0": RIGHT_DW0 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await testDb.db.submission.count({ where: { userId: student.id } })).toBe(1);
  });

  it("tells a session whose account was deleted to sign in again, not that the problem is missing", async () => {
    const { submit, student } = await setUp();
    await testDb.db.user.delete({ where: { id: student.id } });
    await expect(submit({ "d.dW0": RIGHT_DW0 })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      message: expect.stringMatching(/no longer exists; sign in again/),
    });
  });

  it("hides other courses' and unpublished assessments' problems as not found", async () => {
    const { student } = await setUp({ assessment: { published: false } });
    await expect(getVariantView({ db: testDb.db, userId: student.id, slug: "nn-backprop" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const elsewhere = await setUp();
    await expect(
      getVariantView({ db: testDb.db, userId: student.id, slug: "nn-backprop", assessmentId: elsewhere.assessment.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
