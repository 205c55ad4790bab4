import { readFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture } from "@/test/support/course-fixture";

// The migration that brought LMS-course memberships (scores are queued only
// for the LMS courses a student is in) fills the table for installs that
// already have LTI students, so that none of them stops getting scores at
// the upgrade. Here its backfill statements run on rows made as an older
// install made them.

const MIGRATION = "20261206140000_lti_context_memberships";

/** The migration's backfill statements: everything from its first "-- Backfill" comment on, split into statements. */
function backfillStatements(provider: string): string[] {
  const text = readFileSync(path.join(__dirname, "..", "..", "prisma", provider, "migrations", MIGRATION, "migration.sql"), "utf8");
  return text
    .slice(text.indexOf("-- Backfill"))
    .split(";")
    .map((statement) => statement.trim())
    .filter((statement) => statement.replace(/--.*$/gm, "").trim() !== "");
}

let counter = 0;

async function ltiPlatform(db: Db, issuer: string) {
  const platform = await db.ltiPlatform.create({
    data: {
      issuer,
      clientId: `client-${counter++}`,
      authLoginUrl: `${issuer}/auth`,
      accessTokenUrl: `${issuer}/token`,
      jwksUrl: `${issuer}/jwks`,
    },
  });
  const deployment = await db.ltiDeployment.create({ data: { platformId: platform.id, deploymentId: "1" } });
  return { platform, deployment };
}

describeEachDatabase("the LMS-membership migration's backfill", (provider) => {
  const testDb = useTestDatabase(provider);

  it("makes members of LTI users in a course linked to one LMS course, and of students whose score an LMS accepted, and of no one else", async () => {
    const db = testDb.db;
    const issuer = `https://lms-${Date.now()}.test`;
    const { platform, deployment } = await ltiPlatform(db, issuer);

    // Course A: linked to one LMS course.
    const a = await createCourseFixture(db);
    const linkA = await db.ltiCourseLink.create({
      data: { platformId: platform.id, deploymentId: deployment.id, contextId: "ctx-a", courseId: a.course.id },
    });
    const launchedA = await a.addUser("STUDENT", "launched-a");
    const launchedAt = new Date("2026-11-30T10:00:00Z");
    await db.ltiUserLink.create({ data: { issuer, subject: `sub-${launchedA.id}`, userId: launchedA.id, lastLaunchAt: launchedAt } });
    await a.addUser("STUDENT", "password-only-a");
    const otherLmsA = await a.addUser("STUDENT", "other-lms-a");
    await db.ltiUserLink.create({ data: { issuer: `${issuer}/other`, subject: `sub-${otherLmsA.id}`, userId: otherLmsA.id } });

    // Course B: linked to two LMS courses, so only an accepted score tells which one a student is in.
    const b = await createCourseFixture(db);
    const [linkB1, linkB2] = await Promise.all(
      ["ctx-b1", "ctx-b2"].map((contextId) =>
        db.ltiCourseLink.create({ data: { platformId: platform.id, deploymentId: deployment.id, contextId, courseId: b.course.id } }),
      ),
    );
    const scoredB = await b.addUser("STUDENT", "scored-b");
    const launchedB = await b.addUser("STUDENT", "launched-b");
    for (const user of [scoredB, launchedB]) await db.ltiUserLink.create({ data: { issuer, subject: `sub-${user.id}`, userId: user.id } });
    const resourceLink = await db.ltiResourceLink.create({
      data: { platformId: platform.id, courseLinkId: linkB1.id, resourceLinkId: "rl-b1", assessmentId: b.assessment.id },
    });
    const lineItem = await db.ltiLineItem.create({
      data: { resourceLinkId: resourceLink.id, assessmentId: b.assessment.id, lineItemUrl: `${issuer}/li/1`, scoreMaximum: 10 },
    });
    const sentAt = new Date("2026-12-01T09:00:00Z");
    await db.ltiScoreOutbox.create({
      data: { lineItemId: lineItem.id, userId: scoredB.id, scoredAt: sentAt, reason: "submission", state: "SENT", sentAt },
    });
    // A score refused by the LMS shows nothing.
    await db.ltiScoreOutbox.create({
      data: { lineItemId: lineItem.id, userId: launchedB.id, scoredAt: sentAt, reason: "submission", state: "FAILED" },
    });

    await db.ltiContextMembership.deleteMany();
    for (const statement of backfillStatements(provider)) await db.$executeRawUnsafe(statement);

    const rows = await db.ltiContextMembership.findMany({ where: { courseLinkId: { in: [linkA.id, linkB1.id, linkB2.id] } } });
    const members = rows.map((row) => ({ userId: row.userId, courseLinkId: row.courseLinkId, lastSeenAt: row.lastSeenAt.toISOString() }));
    expect(members).toEqual(
      expect.arrayContaining([
        { userId: launchedA.id, courseLinkId: linkA.id, lastSeenAt: launchedAt.toISOString() },
        { userId: scoredB.id, courseLinkId: linkB1.id, lastSeenAt: sentAt.toISOString() },
      ]),
    );
    expect(members).toHaveLength(2);
    expect(rows.every((row) => row.source === "launch")).toBe(true);
  });
});
