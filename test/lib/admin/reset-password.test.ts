import { issueAccountLink } from "@/lib/accounts/issue-account-link";
import { readAccountLink } from "@/lib/accounts/redeem-account-link";
import { resetPassword } from "@/lib/admin/reset-password";
import { authenticate } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { createCourseFixture } from "../../support/course-fixture";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "@/test/harness/test-database";

describeEachDatabase("an operator's password reset", (provider) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
  }, 60_000);
  afterAll(() => testDb?.destroy());

  it("gives a student of two courses a new password, ends their sessions and voids their open links", async () => {
    const { db } = testDb;
    const courseA = await createCourseFixture(db);
    const student = await courseA.addUser("STUDENT");
    await db.user.update({ where: { id: student.id }, data: { passwordHash: await hashPassword("forgotten one") } });
    const instructor = await courseA.addUser("INSTRUCTOR");
    const link = await issueAccountLink({
      db,
      actorId: instructor.id,
      courseId: courseA.course.id,
      userId: student.id,
      baseUrl: "https://x.example",
    });
    const courseB = await createCourseFixture(db);
    await db.enrollment.create({ data: { userId: student.id, courseId: courseB.course.id, role: "STUDENT" } });
    if (link.method !== "copy") throw new Error("expected a link to copy");
    const before = await db.user.findUniqueOrThrow({ where: { id: student.id } });

    const { password } = await resetPassword(db, student.email.toUpperCase());

    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    await expect(authenticate(db, student.email, password)).resolves.toMatchObject({ id: student.id });
    await expect(authenticate(db, student.email, "forgotten one")).resolves.toBeNull();
    const after = await db.user.findUniqueOrThrow({ where: { id: student.id } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    await expect(readAccountLink(db, new URL(link.url).pathname.split("/").pop()!)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.auditLog.count({ where: { action: "account.reset", entityId: student.id } })).toBe(1);
  });

  it("names an unknown address and refuses an account that signs in through an LMS, changing nothing", async () => {
    const { db } = testDb;
    await expect(resetPassword(db, "nobody@chainrule.test")).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringMatching(/nobody@chainrule\.test/),
    });
    const course = await createCourseFixture(db);
    const lms = await course.addUser("STUDENT");
    await db.ltiUserLink.create({ data: { issuer: "https://lms.example", subject: `sub-${lms.id}`, userId: lms.id } });
    const before = await db.user.findUniqueOrThrow({ where: { id: lms.id } });
    await expect(resetPassword(db, lms.email)).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/signs in through an LMS/),
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: lms.id } })).toEqual(before);
  });
});
