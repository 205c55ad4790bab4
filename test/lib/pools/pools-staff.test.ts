import type { Prisma } from "@/lib/db/client";
import { getGradebook } from "@/lib/gradebook/get-gradebook";
import { getStudentReview } from "@/lib/gradebook/get-student-review";
import { getProblemAnalytics } from "@/lib/analytics/get-problem-analytics";
import { planRegrade } from "@/lib/regrade/plan-regrade";
import { applyRegrade } from "@/lib/regrade/apply-regrade";
import { listRegradeStatus } from "@/lib/regrade/list-regrade-status";
import { streamSubmissionsCsv } from "@/lib/exports/stream-submissions-csv";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { actorFor } from "../gradebook/staff-fixture";
import { createPoolFixture, POOL_ANSWERS } from "../../support/pool-fixture";

describeEachDatabase("question pools: gradebook, analytics, regrading and exports per member", (provider) => {
  const testDb = useTestDatabase(provider);

  /** A pool where one student drew and answered chain-rule, one nn-backprop, and one has not opened it. */
  async function setUp() {
    const { db } = testDb;
    const fixture = await createPoolFixture(db, { assessment: { scoringPolicy: "BEST_PER_PART" } });
    const chainStudent = await fixture.studentDrawing("chain-rule");
    const backpropStudent = await fixture.studentDrawing("nn-backprop");
    const idle = await fixture.addStudent("idle");
    await fixture.submit(chainStudent.id, "chain-rule", POOL_ANSWERS["chain-rule"]);
    await fixture.submit(backpropStudent.id, "nn-backprop", POOL_ANSWERS["nn-backprop"]);
    return { ...fixture, chainStudent, backpropStudent, idle };
  }

  it("shows in each gradebook cell the member the student drew, scored on that member's parts", async () => {
    const { db } = testDb;
    const { ta, assessment, placement, chainStudent, backpropStudent, idle } = await setUp();
    const book = await getGradebook({ db, actor: ta, assessmentId: assessment.id });
    expect(book.columns[0].pool.map((m) => m.slug)).toEqual(["nn-backprop", "chain-rule", "zero-init"]);
    const cell = (userId: string) => book.rows.find((r) => r.userId === userId)!.cells[placement.id];
    expect(cell(chainStudent.id).member).toBe("chain-rule");
    expect(cell(backpropStudent.id).member).toBe("nn-backprop");
    expect(cell(idle.id).member).toBeUndefined();
    // Per-part scoring reads the member's own parts: a.formula is one of chain-rule's parts, worth more than nothing.
    expect(cell(chainStudent.id).score).toBeGreaterThan(0);
    const stored = await db.submission.findFirstOrThrow({ where: { userId: chainStudent.id } });
    expect(cell(chainStudent.id).score).toBeCloseTo(stored.score, 9);
  });

  it("expands a pooled column into every member's parts, each student's scores under their own member's", async () => {
    const { db } = testDb;
    const { ta, assessment, placement, chainStudent } = await setUp();
    const book = await getGradebook({ db, actor: ta, assessmentId: assessment.id, expand: placement.id });
    const partIds = book.columns[0].parts!.map((p) => p.id);
    expect(partIds).toContain("nn-backprop:d.dW0");
    expect(partIds).toContain("chain-rule:a.formula");
    expect(partIds.some((id) => id.startsWith("zero-init:"))).toBe(true);
    const scores = book.rows.find((r) => r.userId === chainStudent.id)!.cells[placement.id].partScores!;
    expect(scores["chain-rule:a.formula"]).toBe(1);
    expect(Object.keys(scores).every((id) => id.startsWith("chain-rule:"))).toBe(true);
  });

  it("shows a student's review with the member they drew", async () => {
    const { db } = testDb;
    const { ta, assessment, chainStudent } = await setUp();
    const review = await getStudentReview({ db, actor: ta, assessmentId: assessment.id, studentId: chainStudent.id });
    expect(review.problems[0]).toMatchObject({ slug: "chain-rule", title: "The chain rule" });
    expect(review.problems[0].parts.map((p) => p.id)).toContain("a.formula");
  });

  it("gives analytics per member, counting only that member's submissions", async () => {
    const { db } = testDb;
    const { ta, assessment, placement } = await setUp();
    const options = { db, actor: ta, assessmentId: assessment.id, assessmentProblemId: placement.id };
    const first = await getProblemAnalytics(options);
    expect(first).toMatchObject({ slug: "nn-backprop", studentsSubmitted: 1, submissions: 1 });
    const chain = await getProblemAnalytics({ ...options, member: "chain-rule" });
    expect(chain).toMatchObject({ slug: "chain-rule", studentsSubmitted: 1, submissions: 1 });
    expect(chain.parts.map((p) => p.partId)).toContain("a.formula");
    expect(chain.pool.map((m) => m.slug)).toEqual(["nn-backprop", "chain-rule", "zero-init"]);
    expect(await getProblemAnalytics({ ...options, member: "zero-init" })).toMatchObject({ studentsSubmitted: 0, submissions: 0 });
    await expect(getProblemAnalytics({ ...options, member: "cnn-shapes" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("regrades one member: only submissions on it move to the new version, the other members untouched", async () => {
    const { db } = testDb;
    const { ta, assessment, placement, memberRows, chainStudent, backpropStudent } = await setUp();
    // chain-rule's pool entry moves back to an older version (same document), as if chain-rule were fixed since.
    const current = memberRows[0];
    const old = await db.problem.upsert({
      where: { slug_version: { slug: "chain-rule", version: 0 } },
      update: {},
      create: {
        slug: "chain-rule",
        version: 0,
        title: current.title,
        source: "BANK",
        definition: current.definition as Prisma.InputJsonValue,
      },
    });
    await db.placementPoolMember.updateMany({
      where: { assessmentProblemId: placement.id, problemId: current.id },
      data: { problemId: old.id },
    });
    await db.variant.updateMany({ where: { userId: chainStudent.id }, data: { problemId: old.id } });
    await db.submission.updateMany({ where: { userId: chainStudent.id }, data: { problemId: old.id } });

    const options = { db, actor: ta, assessmentId: assessment.id, assessmentProblemId: placement.id };
    expect(await planRegrade({ ...options, member: "nn-backprop" })).toMatchObject({ submissionsToRegrade: 0 });
    const status = await listRegradeStatus({ db, actor: ta, assessmentId: assessment.id });
    expect(status.map((s) => [s.member, s.placedVersion === s.latestVersion, s.outdatedSubmissions])).toEqual([
      ["nn-backprop", true, 0],
      ["chain-rule", false, 1],
      ["zero-init", true, 0],
    ]);

    const plan = await planRegrade({ ...options, member: "chain-rule" });
    expect(plan).toMatchObject({ slug: "chain-rule", submissionsToRegrade: 1, to: { problemId: current.id } });
    const result = await applyRegrade({ ...options, member: "chain-rule", expectedPlanHash: plan.planHash });
    expect(result.submissionsRegraded).toBe(1);
    const own = await db.assessmentProblem.findUniqueOrThrow({ where: { id: placement.id } });
    expect(own.problemId).toBe(placement.problemId);
    const poolRow = await db.placementPoolMember.findFirstOrThrow({ where: { assessmentProblemId: placement.id, position: 1 } });
    expect(poolRow.problemId).toBe(current.id);
    expect((await db.submission.findFirstOrThrow({ where: { userId: chainStudent.id } })).problemId).toBe(current.id);
    const untouched = await db.submission.findFirstOrThrow({ where: { userId: backpropStudent.id } });
    expect(untouched.problemId).toBe(placement.problemId);
    await expect(planRegrade({ ...options, member: "cnn-shapes" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("names each submission's member in the submissions export", async () => {
    const { db } = testDb;
    const { ta, assessment, chainStudent, backpropStudent } = await setUp();
    const csv = await new Response((await streamSubmissionsCsv({ db, actor: ta, assessmentId: assessment.id })).stream).text();
    const rows = csv.split("\r\n").filter(Boolean);
    const problemOf = (email: string) => new Set(rows.filter((r) => r.includes(email)).map((r) => r.split(",")[3]));
    expect(problemOf(chainStudent.email)).toEqual(new Set(["chain-rule"]));
    expect(problemOf(backpropStudent.email)).toEqual(new Set(["nn-backprop"]));
  });

  it("refuses the pool's analytics and regrading to a student of the course", async () => {
    const { db } = testDb;
    const { assessment, placement, chainStudent } = await setUp();
    const actor = await actorFor(db, chainStudent);
    const options = { db, actor, assessmentId: assessment.id, assessmentProblemId: placement.id };
    await expect(getProblemAnalytics({ ...options, member: "chain-rule" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(planRegrade({ ...options, member: "chain-rule" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
