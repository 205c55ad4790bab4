import { getVariantView } from "@/lib/submissions/get-variant-view";
import { submitAnswers } from "@/lib/submissions/submit-answers";
import { listCoursesWithProgress } from "@/lib/progress/courses-with-progress";
import { duplicateAssessment, updateAssessment } from "@/lib/assessments/manage-assessment";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { actorFor } from "../gradebook/staff-fixture";
import { createPoolFixture, POOL_ANSWERS, POOL_SLUGS } from "../../support/pool-fixture";

describeEachDatabase("question pools: the student's side", (provider) => {
  const testDb = useTestDatabase(provider);

  it("stores the member drawn at first opening in the variant, and serves it again on every opening", async () => {
    const { db } = testDb;
    const { studentDrawing, placement } = await createPoolFixture(db);
    const student = await studentDrawing("chain-rule");
    const view = await getVariantView({ db, userId: student.id, slug: "chain-rule" });
    expect(view.variant).toMatchObject({ slug: "chain-rule", title: "The chain rule" });
    const variant = await db.variant.findUniqueOrThrow({
      where: { userId_assessmentProblemId: { userId: student.id, assessmentProblemId: placement.id } },
      include: { problem: { select: { slug: true } } },
    });
    expect(variant.problem.slug).toBe("chain-rule");
    const again = await getVariantView({ db, userId: student.id, slug: "chain-rule" });
    expect(again.variant.params).toEqual(view.variant.params);
    expect(await db.variant.count({ where: { userId: student.id } })).toBe(1);
  });

  it("answers NOT_FOUND for another member's slug, storing no variant and no submission", async () => {
    const { db } = testDb;
    const { studentDrawing } = await createPoolFixture(db);
    const student = await studentDrawing("zero-init");
    for (const slug of ["nn-backprop", "chain-rule"]) {
      await expect(getVariantView({ db, userId: student.id, slug })).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
      await expect(submitAnswers({ db, userId: student.id, slug, answers: POOL_ANSWERS[slug] })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    }
    expect(await db.variant.count({ where: { userId: student.id } })).toBe(0);
    expect(await db.submission.count({ where: { userId: student.id } })).toBe(0);
  });

  it("grades a submission with the drawn member, on the placement's points", async () => {
    const { db } = testDb;
    const { studentDrawing } = await createPoolFixture(db);
    const student = await studentDrawing("chain-rule");
    const result = await submitAnswers({ db, userId: student.id, slug: "chain-rule", answers: POOL_ANSWERS["chain-rule"] });
    expect(result.attempt).toBe(1);
    const stored = await db.submission.findFirstOrThrow({ where: { userId: student.id }, include: { problem: true } });
    expect(stored.problem.slug).toBe("chain-rule");
    expect(stored.score).toBeGreaterThan(0);
  });

  it("creates one variant when ten first openings arrive at once", async () => {
    const { db } = testDb;
    const { studentDrawing } = await createPoolFixture(db);
    const student = await studentDrawing("nn-backprop");
    const views = await Promise.all(Array.from({ length: 10 }, () => getVariantView({ db, userId: student.id, slug: "nn-backprop" })));
    expect(new Set(views.map((v) => JSON.stringify(v.variant.params))).size).toBe(1);
    expect(await db.variant.count({ where: { userId: student.id } })).toBe(1);
  });

  it("lists only the student's own member on their course page, by its title and slug", async () => {
    const { db } = testDb;
    const { studentDrawing, assessment } = await createPoolFixture(db);
    const student = await studentDrawing("zero-init");
    const courses = await listCoursesWithProgress({ db, userId: student.id });
    const progress = courses.flatMap((c) => c.progress ?? []).find((p) => p.assessmentId === assessment.id);
    expect(progress?.problems.map((p) => [p.slug, p.title])).toEqual([["zero-init", "Weight initialisation: all zeros"]]);
  });

  it("keeps a drawn member when the pool changes, and refuses to remove a member someone drew", async () => {
    const { db } = testDb;
    const { studentDrawing, placement, assessment, addUser, memberRows } = await createPoolFixture(db);
    const instructor = await actorFor(db, await addUser("INSTRUCTOR"));
    const student = await studentDrawing("chain-rule");
    await getVariantView({ db, userId: student.id, slug: "chain-rule" });
    const [chain, zero] = memberRows;
    const settings = { title: assessment.title, slug: assessment.slug };
    const save = (pool: string[]) =>
      updateAssessment({
        db,
        actorId: instructor.id,
        assessmentId: assessment.id,
        settings,
        placements: [{ problemId: placement.problemId, points: 10, pool }],
      });

    await expect(save([zero.id])).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("chain-rule") });
    expect(await db.placementPoolMember.count({ where: { assessmentProblemId: placement.id } })).toBe(2);

    await save([zero.id, chain.id]);
    const members = await db.placementPoolMember.findMany({ where: { assessmentProblemId: placement.id }, orderBy: { position: "asc" } });
    expect(members.map((m) => m.problemId)).toEqual([zero.id, chain.id]);
    expect((await getVariantView({ db, userId: student.id, slug: "chain-rule" })).variant.slug).toBe("chain-rule");
  });

  it("refuses a pool naming a problem twice, or a problem of another course, saving nothing", async () => {
    const { db } = testDb;
    const { placement, assessment, addUser, memberRows } = await createPoolFixture(db);
    const instructor = await actorFor(db, await addUser("INSTRUCTOR"));
    const settings = { title: assessment.title, slug: assessment.slug };
    const other = await db.course.create({ data: { slug: `other-${Date.now()}`, title: "Other" } });
    const foreign = await db.problem.create({
      data: { slug: `foreign-${Date.now()}`, version: 1, title: "Foreign", source: "AUTHORED", definition: {}, courseId: other.id },
    });
    const save = (pool: string[]) =>
      updateAssessment({
        db,
        actorId: instructor.id,
        assessmentId: assessment.id,
        settings,
        placements: [{ problemId: placement.problemId, points: 10, pool }],
      });
    await expect(save([memberRows[0].id, memberRows[0].id])).rejects.toMatchObject({ name: "ZodError" });
    await expect(save([placement.problemId])).rejects.toMatchObject({ name: "ZodError" });
    await expect(save([foreign.id])).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining(foreign.id) });
    expect(await db.placementPoolMember.count({ where: { assessmentProblemId: placement.id } })).toBe(POOL_SLUGS.length - 1);
  });

  it("copies a placement's pool when the assessment is duplicated", async () => {
    const { db } = testDb;
    const { assessment, addUser, memberRows } = await createPoolFixture(db);
    const instructor = await addUser("INSTRUCTOR");
    const copy = await duplicateAssessment({ db, actorId: instructor.id, assessmentId: assessment.id });
    const placed = await db.assessmentProblem.findFirstOrThrow({
      where: { assessmentId: copy.id },
      include: { poolMembers: { orderBy: { position: "asc" } } },
    });
    expect(placed.poolMembers.map((m) => [m.problemId, m.position])).toEqual(memberRows.map((row, i) => [row.id, i + 1]));
  });
});
