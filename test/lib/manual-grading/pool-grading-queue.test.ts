import { getGradingQueue } from "@/lib/manual-grading/get-grading-queue";
import { openAnswer, openNextAnswer } from "@/lib/manual-grading/open-answer";
import { gradeQueuedAnswer } from "@/lib/manual-grading/grade-queued-answer";
import { getGradebook } from "@/lib/gradebook/get-gradebook";
import { pickPoolMember } from "@/lib/pools/draw-pool-member";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createStaffFixture } from "../gradebook/staff-fixture";

const BANK_SLUG = "section-07-reasoning";

/** An authored problem whose one part, "symmetry" like the bank problem's, is free text worth 2 points. */
function essayDocument(slug: string, title: string) {
  return {
    slug,
    title,
    statement: "Explain.",
    parts: [
      {
        id: "symmetry",
        prompt: `Why does ${title} matter?`,
        points: 2,
        answer: { kind: "freeText", rubric: [{ id: "reason", label: "gives the reason", points: 2 }] },
      },
    ],
  };
}

describeEachDatabase("the TA grading queue of a question pool", (provider) => {
  const testDb = useTestDatabase(provider);

  /** A placement pooling the bank's reasoning problem with two authored essays, each member with a free-text part "symmetry". */
  async function setUp() {
    const { db } = testDb;
    const fixture = await createStaffFixture(db, { slugs: [BANK_SLUG] });
    const placement = fixture.placements[0];
    const essays = [];
    for (const [i, title] of ["Dead neurons", "Nobody's essay"].entries()) {
      const slug = `essay-${i}-${placement.id}`;
      essays.push(
        await db.problem.create({
          data: { slug, version: 1, title, source: "AUTHORED", definition: essayDocument(slug, title), courseId: fixture.course.id },
        }),
      );
    }
    await db.placementPoolMember.createMany({
      data: essays.map((problem, i) => ({ assessmentProblemId: placement.id, problemId: problem.id, position: i + 1 })),
    });
    const pool = [BANK_SLUG, ...essays.map((e) => e.slug)];
    const studentDrawing = async (slug: string) => {
      for (let i = 0; i < 100; i++) {
        const user = await fixture.addStudent(`drew-${slug}-${i}`);
        if (pickPoolMember(user.id, placement.id, pool) === slug) return user;
      }
      throw new Error(`No student drew ${slug} in 100 tries.`);
    };
    const bankStudent = await studentDrawing(BANK_SLUG);
    const essayStudent = await studentDrawing(essays[0].slug);
    await fixture.submit(bankStudent.id, BANK_SLUG, { symmetry: "Equal weights get equal gradients." }, new Date("2026-11-20T09:00:00Z"));
    await fixture.submit(essayStudent.id, essays[0].slug, { symmetry: "Their gradient is zero." }, new Date("2026-11-20T09:05:00Z"));
    const position = { assessmentId: fixture.assessment.id, assessmentProblemId: placement.id, partId: "symmetry" };
    const bankTitle = (await db.problem.findUniqueOrThrow({ where: { id: placement.problemId } })).title;
    return { ...fixture, placement, essays, bankStudent, essayStudent, position, bankTitle };
  }

  it("lists each member's free-text parts under the member's title, counting only the students who drew it", async () => {
    const { ta, position, essays, bankTitle } = await setUp();
    const queue = await getGradingQueue({ db: testDb.db, actor: ta, assessmentId: position.assessmentId });
    expect(queue.parts.map((part) => [part.member, part.problemTitle, part.partId, part.needsGrading, part.graded])).toEqual([
      [BANK_SLUG, bankTitle, "symmetry", 1, 0],
      [BANK_SLUG, bankTitle, "not-a-matrix", 0, 0],
      [essays[0].slug, "Dead neurons", "symmetry", 1, 0],
      [essays[1].slug, "Nobody's essay", "symmetry", 0, 0],
    ]);
    expect(queue.parts[2].prompt).toBe("Why does Dead neurons matter?");
  });

  it("opens each member's answer only under that member, and nothing under a member nobody drew", async () => {
    const { ta, position, essays, bankStudent, essayStudent } = await setUp();
    const essay = await openNextAnswer(testDb.db, ta, { ...position, member: essays[0].slug });
    expect(essay?.student.id).toBe(essayStudent.id);
    expect(essay?.answer.text).toBe("Their gradient is zero.");
    expect([essay?.total, essay?.part.problemTitle]).toEqual([1, "Dead neurons"]);
    const bank = await openNextAnswer(testDb.db, ta, { ...position, member: BANK_SLUG });
    expect(bank?.student.id).toBe(bankStudent.id);
    expect(await openNextAnswer(testDb.db, ta, { ...position, member: essays[1].slug })).toBeNull();
    await expect(openAnswer(testDb.db, ta, { ...position, member: essays[1].slug, studentId: essayStudent.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(openNextAnswer(testDb.db, ta, { ...position, member: "not-in-the-pool" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("scores a graded member answer in that student's cell and in no one else's", async () => {
    const { ta, position, essays, bankStudent, essayStudent } = await setUp();
    const member = essays[0].slug;
    await openNextAnswer(testDb.db, ta, { ...position, member });
    const result = await gradeQueuedAnswer({
      db: testDb.db,
      actor: ta,
      ...position,
      member,
      studentId: essayStudent.id,
      rubricItemIds: ["reason"],
      comment: "",
    });
    // The essay's one part is all its points: full credit on the part is full credit on the problem.
    expect([result.after, result.problemScore]).toEqual([1, 1]);

    const gradebook = await getGradebook({
      db: testDb.db,
      actor: ta,
      assessmentId: position.assessmentId,
      expand: position.assessmentProblemId,
    });
    const cellOf = (userId: string) => gradebook.rows.find((row) => row.userId === userId)!.cells[position.assessmentProblemId];
    expect(cellOf(essayStudent.id)).toMatchObject({ member, score: 1, pointsEarned: 10, overridden: true });
    expect(cellOf(essayStudent.id).partScores).toEqual({ [`${member}:symmetry`]: 1 });
    expect(cellOf(bankStudent.id)).toMatchObject({ member: BANK_SLUG, score: 0, pointsEarned: 0, overridden: false });

    const queue = await getGradingQueue({ db: testDb.db, actor: ta, assessmentId: position.assessmentId });
    expect(queue.parts.map((part) => [part.member, part.partId, part.needsGrading, part.graded])).toEqual([
      [BANK_SLUG, "symmetry", 1, 0],
      [BANK_SLUG, "not-a-matrix", 0, 0],
      [member, "symmetry", 0, 1],
      [essays[1].slug, "symmetry", 0, 0],
    ]);
  });

  it("refuses to grade a student's answer under a member they did not draw", async () => {
    const { ta, position, essays, bankStudent } = await setUp();
    await openNextAnswer(testDb.db, ta, { ...position, member: BANK_SLUG });
    await expect(
      gradeQueuedAnswer({
        db: testDb.db,
        actor: ta,
        ...position,
        member: essays[0].slug,
        studentId: bankStudent.id,
        rubricItemIds: ["reason"],
        comment: "",
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await testDb.db.scoreOverride.count({ where: { userId: bankStudent.id } })).toBe(0);
  });
});
