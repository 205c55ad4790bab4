import type { Db } from "@/lib/db/client";
import { limitSubmissions } from "@/lib/rate-limit/limits";
import { openProblem } from "@/lib/submissions/open-problem";
import { submitAnswers } from "@/lib/submissions/submit-answers";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture } from "../../../support/course-fixture";
import { countedStatements } from "../../../support/counted-statements";

// The hot path's cost of LTI scores: a course without an LMS line item must
// not gain a query on a submission (the placement's own query counts line
// items), and one with a line item writes its outbox row in the submission's
// transaction, for the LMS courses the student is a member of. Counted from
// Prisma's and the direct driver's query events, the way
// scripts/bench/submission-path.ts counts (BENCHMARKS.md: 4 per submission).

const ANSWERS = { "d.dW0": "(W1.T * z * (1 - z)) @ x.T" };

/** A line item of the assessment in an LMS course (a context of a platform's deployment) that the student is a member of. */
async function placeInLmsCourse(db: Db, fixture: { course: { id: string }; assessment: { id: string } }, studentId: string) {
  const key = `${fixture.course.id}-${fixture.assessment.id}`;
  const platform = await db.ltiPlatform.create({
    data: {
      issuer: `https://lms.test/${key}`,
      clientId: "chainrule",
      authLoginUrl: "https://lms.test/auth",
      accessTokenUrl: "https://lms.test/token",
      jwksUrl: "https://lms.test/jwks",
    },
  });
  const deployment = await db.ltiDeployment.create({ data: { platformId: platform.id, deploymentId: "1" } });
  const courseLink = await db.ltiCourseLink.create({
    data: { platformId: platform.id, deploymentId: deployment.id, contextId: "course-1", courseId: fixture.course.id },
  });
  const resourceLink = await db.ltiResourceLink.create({
    data: { platformId: platform.id, courseLinkId: courseLink.id, resourceLinkId: "link-1", assessmentId: fixture.assessment.id },
  });
  await db.ltiLineItem.create({
    data: {
      resourceLinkId: resourceLink.id,
      assessmentId: fixture.assessment.id,
      lineItemUrl: `https://lms.test/${key}/line_items/1`,
      scoreMaximum: 10,
    },
  });
  await db.ltiContextMembership.create({
    data: { userId: studentId, courseLinkId: courseLink.id, source: "launch", lastSeenAt: new Date() },
  });
}

describeEachDatabase("queries of a submission with and without an LMS", (provider) => {
  const testDb = useTestDatabase(provider);

  async function countedSubmission(withLineItem: boolean) {
    const fixture = await createCourseFixture(testDb.db);
    const student = await fixture.addUser("STUDENT");
    if (withLineItem) await placeInLmsCourse(testDb.db, fixture, student.id);
    return countedStatements(testDb.target, async (db) => {
      await limitSubmissions(db, student.id);
      const opened = await openProblem({ db, userId: student.id, slug: "nn-backprop", assessmentId: fixture.assessment.id });
      await submitAnswers({ db, userId: student.id, slug: "nn-backprop", assessmentId: fixture.assessment.id, answers: ANSWERS, opened });
    });
  }

  it("adds no statement to a submission in a course without LTI: 4, and none touches the outbox", async () => {
    const statements = await countedSubmission(false);
    expect(statements).toHaveLength(4);
    expect(statements.filter((sql) => sql.includes("LtiScoreOutbox"))).toEqual([]);
    // Only the placement's query names line items (a subquery in the same statement).
    expect(statements.filter((sql) => sql.includes("LtiLineItem"))).toHaveLength(1);
  });

  it("writes the outbox row in the submission's transaction when the assessment has a line item, in 7 statements", async () => {
    const statements = await countedSubmission(true);
    // Three more than without: one statement choosing the line items and members, the outbox row, and the transaction's COMMIT.
    expect(statements).toHaveLength(7);
    expect(statements.some((sql) => sql.includes("LtiScoreOutbox") && /INSERT/i.test(sql))).toBe(true);
    expect(await testDb.db.ltiScoreOutbox.count({ where: { reason: "submission" } })).toBe(2);
  });

  it("numbers parallel submissions 1..n in an LMS course too, each with its outbox row", async () => {
    const fixture = await createCourseFixture(testDb.db);
    const student = await fixture.addUser("STUDENT");
    await placeInLmsCourse(testDb.db, fixture, student.id);
    const submit = () =>
      submitAnswers({ db: testDb.db, userId: student.id, slug: "nn-backprop", assessmentId: fixture.assessment.id, answers: ANSWERS });
    const results = await Promise.all([submit(), submit(), submit()]);
    expect(results.map((r) => r.attempt).sort()).toEqual([1, 2, 3]);
    expect(await testDb.db.ltiScoreOutbox.count({ where: { userId: student.id } })).toBe(3);
  });
});
