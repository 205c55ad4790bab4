import { getGradingQueue } from "@/lib/manual-grading/get-grading-queue";
import { openAnswer, openNextAnswer } from "@/lib/manual-grading/open-answer";
import { gradeQueuedAnswer } from "@/lib/manual-grading/grade-queued-answer";
import { CLAIM_LEASE_MS } from "@/lib/manual-grading/claim-answer";
import { getVariantView } from "@/lib/submissions/get-variant-view";
import { getProblemAnalytics } from "@/lib/analytics/get-problem-analytics";
import { streamGradebookCsv } from "@/lib/exports/stream-gradebook-csv";
import { streamSubmissionsCsv } from "@/lib/exports/stream-submissions-csv";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { actorFor, createStaffFixture } from "../gradebook/staff-fixture";

const SLUG = "section-07-reasoning";
const SYMMETRY_ANSWER = "Equal weights give equal gradients, so every update keeps them equal.";

describeEachDatabase("the TA grading queue", (provider) => {
  const testDb = useTestDatabase(provider);

  async function setUp(studentCount = 2) {
    const fixture = await createStaffFixture(testDb.db, { slugs: [SLUG] });
    const secondTa = await actorFor(testDb.db, await fixture.addUser("TA", "Theo"));
    const students = [];
    for (let i = 0; i < studentCount; i++) {
      const student = await fixture.addStudent(`Student ${i}`);
      await fixture.submit(student.id, SLUG, { symmetry: `${SYMMETRY_ANSWER} (${i})` }, new Date(Date.UTC(2026, 10, 20, 9, i)));
      students.push(student);
    }
    const position = { assessmentId: fixture.assessment.id, assessmentProblemId: fixture.placements[0].id, partId: "symmetry" };
    return { ...fixture, secondTa, students, position };
  }

  it("stores a free-text answer as needing grading: no score yet, the text kept as typed", async () => {
    const { students } = await setUp(1);
    const view = await getVariantView({ db: testDb.db, userId: students[0].id, slug: SLUG });
    expect(view.standing.partScores).toEqual({ symmetry: 0, "not-a-matrix": 0 });
    const submission = await testDb.db.submission.findFirstOrThrow({ where: { userId: students[0].id } });
    expect((submission.answers as Record<string, string>).symmetry).toBe(`${SYMMETRY_ANSWER} (0)`);
    expect((submission.partResults as Record<string, { status: string }>).symmetry.status).toBe("needsGrading");
  });

  it("counts the answers that need grading per free-text part", async () => {
    const { ta, position } = await setUp(2);
    const queue = await getGradingQueue({ db: testDb.db, actor: ta, assessmentId: position.assessmentId });
    expect(queue.parts.map((part) => [part.partId, part.needsGrading, part.graded])).toEqual([
      ["symmetry", 2, 0],
      ["not-a-matrix", 0, 0],
    ]);
  });

  it("gives two TAs who ask at the same time different answers", async () => {
    const fixture = await setUp(2);
    const { ta, secondTa, position, students } = fixture;
    const [first, second] = await Promise.all([openNextAnswer(testDb.db, ta, position), openNextAnswer(testDb.db, secondTa, position)]);
    expect(first?.claim.claimed).toBe(true);
    expect(second?.claim.claimed).toBe(true);
    expect(new Set([first!.student.id, second!.student.id])).toEqual(new Set(students.map((s) => s.id)));
    // A third TA finds nothing unclaimed.
    const thirdTa = await actorFor(testDb.db, await fixture.addUser("TA", "Tess"));
    expect(await openNextAnswer(testDb.db, thirdTa, position)).toBeNull();
  });

  it("tells a TA who opens a held answer who holds it, until the claim lapses", async () => {
    const { ta, secondTa, position } = await setUp(1);
    const now = new Date("2026-11-21T10:00:00Z");
    const opened = await openNextAnswer(testDb.db, ta, position, now);
    const blocked = await openAnswer(testDb.db, secondTa, { ...position, studentId: opened!.student.id }, now);
    expect(blocked.claim).toMatchObject({ claimed: false, heldById: ta.id, heldByName: ta.name });
    await expect(
      gradeQueuedAnswer({
        db: testDb.db,
        actor: secondTa,
        ...position,
        studentId: opened!.student.id,
        rubricItemIds: [],
        points: 1,
        comment: "",
        now,
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const later = new Date(now.getTime() + CLAIM_LEASE_MS + 1);
    const taken = await openAnswer(testDb.db, secondTa, { ...position, studentId: opened!.student.id }, later);
    expect(taken.claim.claimed).toBe(true);
  });

  it("grades with rubric items: the score flows to the student with the comment, audited, and the answer leaves the queue", async () => {
    const { ta, position, students, course, placements } = await setUp(1);
    const opened = await openNextAnswer(testDb.db, ta, position);
    expect(opened).toMatchObject({ position: 1, total: 1, left: 1, answer: { text: `${SYMMETRY_ANSWER} (0)` } });
    const result = await gradeQueuedAnswer({
      db: testDb.db,
      actor: ta,
      ...position,
      studentId: students[0].id,
      rubricItemIds: ["same-gradient"],
      comment: "Say why the updates stay equal.",
    });
    expect(result.after).toBe(0.5);
    const view = await getVariantView({ db: testDb.db, userId: students[0].id, slug: SLUG });
    expect(view.standing.partScores.symmetry).toBe(0.5);
    // One of the symmetry part's 2 points, of the problem's 3.
    expect(view.standing.pointsEarned).toBeCloseTo(placements[0].points / 3, 12);
    expect(view.standing.overrides).toEqual([
      { partId: "symmetry", score: 0.5, comment: "Say why the updates stay equal.", createdAt: expect.any(String) },
    ]);
    const audit = await testDb.db.auditLog.findUniqueOrThrow({ where: { id: result.auditLogId } });
    expect(audit).toMatchObject({ action: "score.manualGrade", actorId: ta.id, courseId: course.id });
    expect(audit.after).toMatchObject({ score: 0.5, rubricItemIds: ["same-gradient"] });
    const queue = await getGradingQueue({ db: testDb.db, actor: ta, assessmentId: position.assessmentId });
    expect(queue.parts[0]).toMatchObject({ needsGrading: 0, graded: 1 });
    expect(await testDb.db.gradingClaim.count({ where: { assessmentProblemId: position.assessmentProblemId } })).toBe(0);
  });

  it("caps a rubric's sum at the part's points and refuses an unknown item or a score out of range", async () => {
    const { ta, position, students } = await setUp(1);
    await openNextAnswer(testDb.db, ta, position);
    const grade = (extra: Partial<Parameters<typeof gradeQueuedAnswer>[0]>) =>
      gradeQueuedAnswer({ db: testDb.db, actor: ta, ...position, studentId: students[0].id, rubricItemIds: [], comment: "", ...extra });
    await expect(grade({ rubricItemIds: ["made-up"] })).rejects.toThrow("No rubric item made-up in part symmetry.");
    await expect(grade({ points: 3 })).rejects.toThrow("A score for part symmetry is from 0 to 2 points.");
    const full = await grade({ rubricItemIds: ["same-gradient", "induction"] });
    expect(full.after).toBe(1);
    const override = await testDb.db.scoreOverride.findUniqueOrThrow({ where: { id: full.overrideId } });
    expect(override.comment).toBe(
      "Credit for: Units with equal incoming and outgoing weights receive equal gradients; Equal updates keep the weights equal at every step (induction over steps).",
    );
  });

  it("counts each rubric item in the students' current grades for the analytics", async () => {
    const { ta, position, students } = await setUp(2);
    for (const [student, items] of [
      [students[0], ["same-gradient", "induction"]],
      [students[1], ["same-gradient"]],
    ] as const) {
      await openAnswer(testDb.db, ta, { ...position, studentId: student.id });
      await gradeQueuedAnswer({ db: testDb.db, actor: ta, ...position, studentId: student.id, rubricItemIds: [...items], comment: "" });
    }
    const analytics = await getProblemAnalytics({
      db: testDb.db,
      actor: ta,
      assessmentId: position.assessmentId,
      assessmentProblemId: position.assessmentProblemId,
    });
    const symmetry = analytics.parts.find((part) => part.partId === "symmetry")!;
    expect(symmetry.studentsGradedByRubric).toBe(2);
    expect(symmetry.rubricItems.map((item) => [item.id, item.students])).toEqual([
      ["same-gradient", 2],
      ["induction", 1],
    ]);
    expect(analytics.parts.find((part) => part.partId === "not-a-matrix")!.rubricItems).toEqual([
      { id: "tensor", label: expect.stringMatching(/^A vector output/), points: 1, students: 0 },
    ]);
  });

  it("refuses an answer longer than the part's limit with a message naming it, and stores nothing", async () => {
    const { students, submit } = await setUp(1);
    await expect(submit(students[0].id, SLUG, { symmetry: "x".repeat(2001) })).rejects.toMatchObject({
      code: "INVALID_ANSWERS",
      details: { parts: [{ id: "symmetry", feedback: "the answer is 2001 characters long; this part takes at most 2000" }] },
    });
    expect(await testDb.db.submission.count({ where: { userId: students[0].id } })).toBe(1);
  });

  it("puts the graded score in the gradebook CSV, and the answer as text in the submissions CSV", async () => {
    const { ta, position, students, placements } = await setUp(1);
    await openNextAnswer(testDb.db, ta, position);
    await gradeQueuedAnswer({
      db: testDb.db,
      actor: ta,
      ...position,
      studentId: students[0].id,
      rubricItemIds: ["induction"],
      comment: "",
    });
    const options = { db: testDb.db, actor: ta, assessmentId: position.assessmentId };
    const gradebook = (await new Response((await streamGradebookCsv(options)).stream).text()).split("\r\n");
    // 1 of the problem's 3 points, scaled to the placement's points.
    expect(gradebook[2].split(",").at(-1)).toBe(String(Math.round((placements[0].points / 3) * 1e4) / 1e4));
    const submissions = await new Response((await streamSubmissionsCsv(options)).stream).text();
    expect(submissions).toContain(`symmetry,0,needsGrading,"${SYMMETRY_ANSWER} (0)"`);
  });

  it("holds a grade back from the student while an exam's results are held", async () => {
    const { ta, position, students } = await setUp(1);
    await testDb.db.assessment.update({
      where: { id: position.assessmentId },
      data: { feedbackMode: "EXAM", lateCutoffAt: new Date(Date.now() + 86_400_000) },
    });
    await openNextAnswer(testDb.db, ta, position);
    await gradeQueuedAnswer({
      db: testDb.db,
      actor: ta,
      ...position,
      studentId: students[0].id,
      rubricItemIds: ["induction"],
      comment: "Held.",
    });
    const view = await getVariantView({ db: testDb.db, userId: students[0].id, slug: SLUG });
    expect(view.policy.resultsHeld).toBe(true);
    expect(view.standing).toMatchObject({ score: null, partScores: {}, overrides: [] });
  });

  it("refuses a student: the queue is for the course's TAs and instructors", async () => {
    const { position, students } = await setUp(1);
    const student = await actorFor(testDb.db, await testDb.db.user.findUniqueOrThrow({ where: { id: students[0].id } }));
    await expect(openNextAnswer(testDb.db, student, position)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getGradingQueue({ db: testDb.db, actor: student, assessmentId: position.assessmentId })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
