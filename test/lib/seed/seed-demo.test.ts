import { DEMO_ACCOUNTS, DEMO_POOL_QUIZ, DEMO_SETS, demoPlacements, seedDemo } from "@/lib/seed/seed-demo";
import { authenticate } from "@/lib/auth/credentials";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";

describeEachDatabase("the demo seed", (provider) => {
  const testDb = useTestDatabase(provider);

  it("creates one course with one published assessment per demo problem set, Section 07 first, and one account per role", async () => {
    const { db } = testDb;
    await seedDemo(db);
    const course = await db.course.findUniqueOrThrow({
      where: { slug: "ml-demo" },
      include: {
        enrollments: { include: { user: true } },
        assessments: { include: { problems: { include: { problem: true }, orderBy: { position: "asc" } } }, orderBy: { position: "asc" } },
      },
    });
    expect(course.enrollments.map((e) => [e.user.email, e.role]).sort()).toEqual(DEMO_ACCOUNTS.map((a) => [a.email, a.role]).sort());
    expect(course.assessments.map((a) => a.slug)).toEqual([...DEMO_SETS.map((set) => set.slug), DEMO_POOL_QUIZ.slug]);
    expect(course.assessments[0].slug).toBe("section-07");
    for (const [i, assessment] of course.assessments.slice(0, DEMO_SETS.length).entries()) {
      expect(assessment.published).toBe(true);
      expect(assessment.problems.map((p) => p.problem.slug)).toEqual(demoPlacements(DEMO_SETS[i]).map((p) => p.slug));
    }
    expect(course.inviteCode).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it("adds a published quiz whose one placement is a pool of three Section 07 problems", async () => {
    const { db } = testDb;
    await seedDemo(db);
    const quiz = await db.assessment.findFirstOrThrow({
      where: { slug: DEMO_POOL_QUIZ.slug },
      include: { problems: { include: { problem: true, poolMembers: { include: { problem: true }, orderBy: { position: "asc" } } } } },
    });
    expect(quiz.published).toBe(true);
    expect(quiz.problems).toHaveLength(1);
    const [placement] = quiz.problems;
    expect([placement.problem.slug, ...placement.poolMembers.map((m) => m.problem.slug)]).toEqual([
      "chain-rule",
      "nn-backprop",
      "zero-init",
    ]);
  });

  it("is idempotent: a second run creates nothing and keeps an instructor's edits", async () => {
    const { db } = testDb;
    const before = await Promise.all([db.user.count(), db.enrollment.count(), db.problem.count(), db.assessmentProblem.count()]);
    const dueAt = new Date("2030-01-02T03:04:05Z");
    await db.assessment.updateMany({ where: { slug: "section-07" }, data: { dueAt } });

    const second = await seedDemo(db);

    expect(second.created).toEqual([]);
    const after = await Promise.all([db.user.count(), db.enrollment.count(), db.problem.count(), db.assessmentProblem.count()]);
    expect(after).toEqual(before);
    expect((await db.assessment.findFirstOrThrow({ where: { slug: "section-07" } })).dueAt).toEqual(dueAt);
  });

  it("lets every demo account sign in with the password README lists", async () => {
    for (const account of DEMO_ACCOUNTS) {
      const user = await authenticate(testDb.db, account.email, account.password);
      expect(user?.email).toBe(account.email);
      expect(user?.memberships.map((m) => m.role)).toEqual([account.role]);
    }
  }, 30_000);
});
