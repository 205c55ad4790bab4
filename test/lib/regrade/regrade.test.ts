import type { Prisma } from "@/lib/db/client";
import { variantFromStored } from "@/grader/stored";
import { gradeSubmission } from "@/grader/problems";
import { getBankProblem } from "@/grader/bank";
import { storedResults } from "@/lib/submissions/stored-part-results";
import { getVariantView } from "@/lib/submissions/get-variant-view";
import { planRegrade } from "@/lib/regrade/plan-regrade";
import { applyRegrade } from "@/lib/regrade/apply-regrade";
import { listRegradeStatus } from "@/lib/regrade/list-regrade-status";
import { setScoreOverride } from "@/lib/overrides/set-score-override";
import { getGradebook } from "@/lib/gradebook/get-gradebook";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { bankProblemRow, createCourseFixture } from "../../support/course-fixture";
import { actorFor, createStaffFixture, DW0_SHARE, HALF_DW0, RIGHT_DW0 } from "../gradebook/staff-fixture";

// The bank holds only nn-backprop's current version. Version 0 stands for
// the version before a fix: it accepted the answer that forgets σ′ in 2.1(d)
// (a tolerance too loose, say). Its submissions are stored as that version
// graded them; regrading grades them again with the current version.
const OLD_VERSION = 0;

describeEachDatabase("regrading", (provider) => {
  const testDb = useTestDatabase(provider);

  async function setUp() {
    const db = testDb.db;
    const fixture = await createStaffFixture(db, { assessment: { dueAt: new Date("2026-11-10T12:00:00Z"), latePenaltyPerDay: 0.5 } });
    const current = await bankProblemRow(db, "nn-backprop");
    const old = await db.problem.upsert({
      where: { slug_version: { slug: "nn-backprop", version: OLD_VERSION } },
      update: {},
      create: {
        slug: "nn-backprop",
        version: OLD_VERSION,
        title: current.title,
        source: "BANK",
        definition: current.definition as Prisma.InputJsonValue,
      },
    });
    const [placement] = fixture.placements;
    await db.assessmentProblem.update({ where: { id: placement.id }, data: { problemId: old.id } });

    let seed = 100;
    /** A submission as version 0 graded it: like the current version, except that the forgotten σ′ in d.dW0 scored 1. */
    const submitToOldVersion = async (userId: string, answer: string, latePenalty = 0) => {
      const variantRow =
        (await db.variant.findUnique({ where: { userId_assessmentProblemId: { userId, assessmentProblemId: placement.id } } })) ??
        (await db.variant.create({ data: { userId, assessmentProblemId: placement.id, problemId: old.id, seed: seed++ } }));
      const grade = gradeSubmission(variantFromStored(current, variantRow.seed), { "d.dW0": answer });
      const partResults = storedResults(grade);
      if (answer === HALF_DW0)
        partResults["d.dW0"] = {
          score: 1,
          status: "graded",
          feedback: "correct",
          fingerprint: partResults["d.dW0"].fingerprint,
          mistakeId: null,
        };
      const attempt = (await db.submission.count({ where: { variantId: variantRow.id } })) + 1;
      return db.submission.create({
        data: {
          variantId: variantRow.id,
          userId,
          assessmentProblemId: placement.id,
          problemId: old.id,
          attempt,
          answers: { "d.dW0": answer },
          score: DW0_SHARE * (1 - latePenalty),
          partResults: partResults as unknown as Prisma.InputJsonValue,
          late: latePenalty > 0,
          latePenalty,
        },
      });
    };

    const ada = await fixture.addStudent("Ada"); // forgot σ′: loses 2.1(d)
    const ben = await fixture.addStudent("Ben"); // right: unchanged
    const cy = await fixture.addStudent("Cy"); // forgot σ′, but a TA gave the part by hand
    const dee = await fixture.addStudent("Dee"); // forgot σ′, late with a 50% penalty
    await submitToOldVersion(ada.id, HALF_DW0);
    await submitToOldVersion(ben.id, RIGHT_DW0);
    await submitToOldVersion(cy.id, HALF_DW0);
    await submitToOldVersion(dee.id, HALF_DW0, 0.5);
    await setScoreOverride({
      db,
      actor: fixture.ta,
      assessmentId: fixture.assessment.id,
      assessmentProblemId: placement.id,
      studentId: cy.id,
      partId: "d.dW0",
      score: 1,
      comment: "Credit for the working on paper.",
    });
    const options = { db, actor: fixture.ta, assessmentId: fixture.assessment.id, assessmentProblemId: placement.id };
    return { ...fixture, placement, current, old, ada, ben, cy, dee, options };
  }

  it("previews whose counted score would change and by how much, writing nothing", async () => {
    const { options, current, old, ada, cy, dee, placement } = await setUp();
    const plan = await planRegrade(options);
    expect(plan).toMatchObject({
      slug: "nn-backprop",
      from: [{ problemId: old.id, version: OLD_VERSION }],
      to: { problemId: current.id, version: current.version },
      submissionsToRegrade: 4,
      submissionsChanged: 3,
    });
    // Ada loses the 3 of 19 part points (of 10); Dee half of that (her late penalty); Cy is held by her override; Ben is not listed.
    expect(plan.students.map((s) => [s.userId, s.heldByOverride])).toEqual([
      [ada.id, false],
      [dee.id, false],
      [cy.id, true],
    ]);
    expect(plan.students[0].deltaPoints).toBeCloseTo(-10 * DW0_SHARE, 12);
    expect(plan.students[0]).toMatchObject({ after: 0, submissionsChanged: 1 });
    expect(plan.students[1].deltaPoints).toBeCloseTo(-5 * DW0_SHARE, 12);
    expect(plan.students[2].deltaPoints).toBe(0);
    expect(await testDb.db.submission.count({ where: { assessmentProblemId: placement.id, problemId: old.id } })).toBe(4);
    expect((await testDb.db.assessmentProblem.findUniqueOrThrow({ where: { id: placement.id } })).problemId).toBe(old.id);
  });

  it("applies: new scores and feedback on changed submissions, the version moved, overrides kept", async () => {
    const { options, current, ada, ben, cy, dee, placement, ta, assessment } = await setUp();
    const plan = await planRegrade(options);
    const benBefore = await testDb.db.submission.findFirstOrThrow({ where: { userId: ben.id } });
    const result = await applyRegrade({ ...options, expectedPlanHash: plan.planHash });
    expect(result).toMatchObject({ submissionsRegraded: 4, submissionsChanged: 3 });

    const adaSubmission = await testDb.db.submission.findFirstOrThrow({ where: { userId: ada.id } });
    expect(adaSubmission).toMatchObject({ score: 0, problemId: current.id });
    expect((adaSubmission.partResults as Record<string, object>)["d.dW0"]).toMatchObject({
      score: 0,
      mistakeId: "half-sigmoid-derivative",
    });
    const deeSubmission = await testDb.db.submission.findFirstOrThrow({ where: { userId: dee.id } });
    expect(deeSubmission).toMatchObject({ score: 0, latePenalty: 0.5, late: true });
    const benAfter = await testDb.db.submission.findFirstOrThrow({ where: { userId: ben.id } });
    expect(benAfter.score).toBe(benBefore.score);
    expect(benAfter.partResults).toEqual(benBefore.partResults);
    expect(benAfter.problemId).toBe(current.id);

    expect((await testDb.db.assessmentProblem.findUniqueOrThrow({ where: { id: placement.id } })).problemId).toBe(current.id);
    expect(await testDb.db.variant.count({ where: { assessmentProblemId: placement.id, problemId: { not: current.id } } })).toBe(0);
    expect(await testDb.db.scoreOverride.count({ where: { userId: cy.id } })).toBe(1);

    const book = await getGradebook({ db: testDb.db, actor: ta, assessmentId: assessment.id });
    const points = Object.fromEntries(book.rows.map((r) => [r.name, r.cells[placement.id].pointsEarned]));
    expect(points.Ada).toBe(0);
    expect(points.Ben).toBeCloseTo(10 * DW0_SHARE, 12);
    expect(points.Cy).toBeCloseTo(10 * DW0_SHARE, 12);
    expect(points.Dee).toBe(0);

    const audit = await testDb.db.auditLog.findUniqueOrThrow({ where: { id: result.auditLogId } });
    expect(audit).toMatchObject({ action: "problem.regrade", entityId: placement.id, actorId: ta.id });
    expect(audit.after).toMatchObject({
      version: getBankProblem("nn-backprop").version,
      submissionsRegraded: 4,
      submissionsChanged: 3,
      studentsChanged: 2,
    });
  });

  it("lets students open the problem again once it is regraded, with their override and comment", async () => {
    const { options, cy } = await setUp();
    await expect(getVariantView({ db: testDb.db, userId: cy.id, slug: "nn-backprop" })).rejects.toMatchObject({ code: "UNAVAILABLE" });
    await applyRegrade(options);
    const view = await getVariantView({ db: testDb.db, userId: cy.id, slug: "nn-backprop" });
    expect(view.variant.version).toBe(getBankProblem("nn-backprop").version);
    expect(view.standing.partScores["d.dW0"]).toBe(1);
    expect(view.standing.overrides.map((o) => o.comment)).toEqual(["Credit for the working on paper."]);
  });

  it("writes the same in batches of one", async () => {
    const { options, placement } = await setUp();
    const result = await applyRegrade({ ...options, batchSize: 1 });
    expect(result).toMatchObject({ submissionsRegraded: 4, submissionsChanged: 3 });
    const scores = await testDb.db.submission.findMany({
      where: { assessmentProblemId: placement.id },
      select: { score: true },
      orderBy: { score: "asc" },
    });
    expect(scores.map((s) => s.score).slice(0, 3)).toEqual([0, 0, 0]);
    expect(scores[3].score).toBeCloseTo(DW0_SHARE, 12);
  });

  it("refuses to apply a plan that changed since the preview, writing nothing", async () => {
    const { options, old, placement, addStudent } = await setUp();
    const plan = await planRegrade(options);
    const late = await addStudent("Eve");
    const variant = await testDb.db.variant.create({
      data: { userId: late.id, assessmentProblemId: placement.id, problemId: old.id, seed: 7 },
    });
    await testDb.db.submission.create({
      data: {
        variantId: variant.id,
        userId: late.id,
        assessmentProblemId: placement.id,
        problemId: old.id,
        attempt: 1,
        answers: {},
        score: 0,
        partResults: {},
      },
    });
    await expect(applyRegrade({ ...options, expectedPlanHash: plan.planHash })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await testDb.db.submission.count({ where: { assessmentProblemId: placement.id, problemId: old.id } })).toBe(5);
  });

  it("has nothing left to regrade afterwards", async () => {
    const { options, ta, assessment } = await setUp();
    expect((await listRegradeStatus({ db: testDb.db, actor: ta, assessmentId: assessment.id }))[0]).toMatchObject({
      placedVersion: OLD_VERSION,
      latestVersion: getBankProblem("nn-backprop").version,
      outdatedSubmissions: 4,
      definitionAvailable: false,
    });
    await applyRegrade(options);
    const again = await planRegrade(options);
    expect(again).toMatchObject({ submissionsToRegrade: 0, submissionsChanged: 0, students: [], from: [] });
    expect((await listRegradeStatus({ db: testDb.db, actor: ta, assessmentId: assessment.id }))[0]).toMatchObject({
      placedVersion: getBankProblem("nn-backprop").version,
      latestVersion: getBankProblem("nn-backprop").version,
      outdatedSubmissions: 0,
      definitionAvailable: true,
    });
  });

  it("refuses a student and a TA of another course", async () => {
    const { options, ada } = await setUp();
    const otherTa = await actorFor(testDb.db, await (await createCourseFixture(testDb.db)).addUser("TA"));
    await expect(planRegrade({ ...options, actor: await actorFor(testDb.db, ada) })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(applyRegrade({ ...options, actor: otherTa })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
