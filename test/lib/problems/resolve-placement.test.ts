import { resolvePlacement } from "@/lib/problems/resolve-placement";
import { getVariantView } from "@/lib/submissions/get-variant-view";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { bankProblemRow } from "../../support/course-fixture";
import { createPoolFixture } from "../../support/pool-fixture";
import type { Db } from "@/lib/db/client";

/** A second published assessment of the fixture's course placing chain-rule on its own. */
async function placeChainRuleElsewhere(db: Db, courseId: string) {
  const assessment = await db.assessment.create({
    data: { courseId, slug: "b", title: "Second", published: true, latePenaltyPerDay: 0, scoringPolicy: "BEST", revealPolicy: "NEVER" },
  });
  const problem = await bankProblemRow(db, "chain-rule");
  await db.assessmentProblem.create({ data: { assessmentId: assessment.id, problemId: problem.id, position: 0, points: 10 } });
  return assessment;
}

describeEachDatabase("resolving a slug that is also a pool member", (provider) => {
  const testDb = useTestDatabase(provider);

  it("resolves without ?assessmentId the one placement a student has, when the slug is only an undrawn member elsewhere", async () => {
    const { db } = testDb;
    const { course, studentDrawing } = await createPoolFixture(db);
    const second = await placeChainRuleElsewhere(db, course.id);
    const student = await studentDrawing("zero-init");
    const resolved = await resolvePlacement({ db, userId: student.id, slug: "chain-rule" });
    expect(resolved.placement.assessmentId).toBe(second.id);
  });

  it("does the same once the student has drawn another member, and never names the pool's assessment", async () => {
    const { db } = testDb;
    const { course, assessment, studentDrawing } = await createPoolFixture(db);
    const second = await placeChainRuleElsewhere(db, course.id);
    const student = await studentDrawing("nn-backprop");
    await getVariantView({ db, userId: student.id, slug: "nn-backprop" });
    const resolved = await resolvePlacement({ db, userId: student.id, slug: "chain-rule" });
    expect(resolved.placement.assessmentId).toBe(second.id);
    await expect(resolvePlacement({ db, userId: student.id, slug: "chain-rule", assessmentId: assessment.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("asks which assessment, listing both, only for a student who drew the slug in the pool", async () => {
    const { db } = testDb;
    const { course, assessment, studentDrawing } = await createPoolFixture(db);
    const second = await placeChainRuleElsewhere(db, course.id);
    const student = await studentDrawing("chain-rule");
    const error = await resolvePlacement({ db, userId: student.id, slug: "chain-rule" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "INVALID_INPUT", details: { assessmentIds: [assessment.id, second.id] } });
  });

  it("answers NOT_FOUND, as for a missing problem, for a member the student did not draw and has nowhere else", async () => {
    const { db } = testDb;
    const { studentDrawing } = await createPoolFixture(db);
    const student = await studentDrawing("chain-rule");
    const error = await resolvePlacement({ db, userId: student.id, slug: "zero-init" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "NOT_FOUND", message: 'There is no problem "zero-init" in your assessments.' });
  });
});
