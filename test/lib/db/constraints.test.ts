import type { Db } from "@/lib/db/client";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";

// The invariants the gradebook and the submission path rely on are enforced
// by the database itself, identically on SQLite and PostgreSQL.

async function makeFixture(db: Db) {
  const user = await db.user.create({ data: { email: `s-${Math.random()}@x.test`, name: "S", passwordHash: "x" } });
  const course = await db.course.create({ data: { slug: `c-${Math.random()}`, title: "C" } });
  const assessment = await db.assessment.create({ data: { courseId: course.id, slug: "a", title: "A" } });
  const problem = await db.problem.create({
    data: { slug: `p-${Math.random()}`, version: 1, title: "P", source: "BANK", definition: { bank: "x/p" } },
  });
  const placement = await db.assessmentProblem.create({
    data: { assessmentId: assessment.id, problemId: problem.id, position: 0, points: 10 },
  });
  const variant = await db.variant.create({
    data: { userId: user.id, assessmentProblemId: placement.id, problemId: problem.id, seed: 7 },
  });
  return { user, course, assessment, problem, placement, variant };
}

function submission(f: Awaited<ReturnType<typeof makeFixture>>, attempt: number, idempotencyKey?: string) {
  return {
    variantId: f.variant.id,
    userId: f.user.id,
    assessmentProblemId: f.placement.id,
    problemId: f.problem.id,
    attempt,
    answers: { "a.dims": "m x l" },
    score: 0.5,
    partResults: { "a.dims": { score: 1, feedback: "Correct." } },
    idempotencyKey,
  };
}

describeEachDatabase("database constraints", (provider) => {
  const testDb = useTestDatabase(provider);

  it("refuses a second enrolment of the same user in the same course", async () => {
    const { db } = testDb;
    const f = await makeFixture(db);
    await db.enrollment.create({ data: { userId: f.user.id, courseId: f.course.id, role: "STUDENT" } });
    await expect(db.enrollment.create({ data: { userId: f.user.id, courseId: f.course.id, role: "TA" } })).rejects.toMatchObject({
      code: "P2002",
    });
  });

  it("gives each student one variant per placed problem", async () => {
    const { db } = testDb;
    const f = await makeFixture(db);
    await expect(
      db.variant.create({ data: { userId: f.user.id, assessmentProblemId: f.placement.id, problemId: f.problem.id, seed: 8 } }),
    ).rejects.toMatchObject({ code: "P2002" });
  });

  it("refuses a duplicate attempt number and a reused idempotency key", async () => {
    const { db } = testDb;
    const f = await makeFixture(db);
    await db.submission.create({ data: submission(f, 1, "key-1") });
    await expect(db.submission.create({ data: submission(f, 1) })).rejects.toMatchObject({ code: "P2002" });
    await expect(db.submission.create({ data: submission(f, 2, "key-1") })).rejects.toMatchObject({ code: "P2002" });
    expect(await db.submission.count({ where: { variantId: f.variant.id } })).toBe(1);
  });

  it("stores answers and per-part results as JSON and reads them back unchanged", async () => {
    const { db } = testDb;
    const f = await makeFixture(db);
    const created = await db.submission.create({ data: submission(f, 1) });
    const read = await db.submission.findUniqueOrThrow({ where: { id: created.id } });
    expect(read.answers).toEqual({ "a.dims": "m x l" });
    expect(read.partResults).toEqual({ "a.dims": { score: 1, feedback: "Correct." } });
    expect(read.score).toBe(0.5);
  });

  it("keeps problem versions unique per slug", async () => {
    const { db } = testDb;
    const f = await makeFixture(db);
    await expect(
      db.problem.create({ data: { slug: f.problem.slug, version: 1, title: "again", source: "BANK", definition: {} } }),
    ).rejects.toMatchObject({ code: "P2002" });
    await db.problem.create({ data: { slug: f.problem.slug, version: 2, title: "v2", source: "BANK", definition: {} } });
  });

  it("refuses to delete a problem version that submissions were graded with", async () => {
    const { db } = testDb;
    const f = await makeFixture(db);
    await db.submission.create({ data: submission(f, 1) });
    await expect(db.problem.delete({ where: { id: f.problem.id } })).rejects.toThrow();
    expect(await db.problem.count({ where: { id: f.problem.id } })).toBe(1);
  });

  it("removes a student's variants, submissions and overrides with the account", async () => {
    const { db } = testDb;
    const f = await makeFixture(db);
    const staff = await db.user.create({ data: { email: `t-${Math.random()}@x.test`, name: "T", passwordHash: "x" } });
    await db.submission.create({ data: submission(f, 1) });
    await db.scoreOverride.create({
      data: { userId: f.user.id, assessmentProblemId: f.placement.id, score: 1, comment: "regraded by hand", createdById: staff.id },
    });
    await db.user.delete({ where: { id: f.user.id } });
    expect(await db.variant.count({ where: { userId: f.user.id } })).toBe(0);
    expect(await db.submission.count({ where: { userId: f.user.id } })).toBe(0);
    expect(await db.scoreOverride.count({ where: { userId: f.user.id } })).toBe(0);
  });

  it("rolls a failed transaction back completely", async () => {
    const { db } = testDb;
    const f = await makeFixture(db);
    await expect(
      db.$transaction(async (tx) => {
        await tx.submission.create({ data: submission(f, 1) });
        await tx.submission.create({ data: submission(f, 1) }); // duplicate attempt: fails
      }),
    ).rejects.toMatchObject({ code: "P2002" });
    expect(await db.submission.count({ where: { variantId: f.variant.id } })).toBe(0);
  });
});
