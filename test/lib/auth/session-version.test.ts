import { authorizeSessionUser } from "@/lib/auth/session";
import { endSessions } from "@/lib/auth/session-version";
import { resolvePlacement } from "@/lib/problems/resolve-placement";
import { createCourseFixture } from "../../support/course-fixture";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "@/test/harness/test-database";

// Sessions end by raising the user's sessionVersion (lib/auth/session-version.ts):
// the checks every signed-in request makes then refuse tokens of the old version.

describeEachDatabase("ending sessions", (provider) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
  }, 60_000);
  afterAll(() => testDb?.destroy());

  it("refuses a token of the old version in the roles check once the user's sessions were ended, and accepts the new one", async () => {
    const { db } = testDb;
    const { course, addUser } = await createCourseFixture(db);
    const student = await addUser("STUDENT");
    const token = { id: student.id, email: student.email, name: student.name, sessionVersion: 0 };
    await expect(authorizeSessionUser(db, token)).resolves.toMatchObject({ memberships: [{ courseId: course.id, role: "STUDENT" }] });
    await endSessions(db, student.id);
    await expect(authorizeSessionUser(db, token)).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      message: expect.stringMatching(/session has ended/),
    });
    await expect(authorizeSessionUser(db, { ...token, sessionVersion: 1 })).resolves.toMatchObject({ id: student.id });
  });

  it("refuses a token of the old version in the student's placement query, in the same round trip", async () => {
    const { db } = testDb;
    const { addUser } = await createCourseFixture(db);
    const student = await addUser("STUDENT");
    await expect(resolvePlacement({ db, userId: student.id, slug: "nn-backprop", sessionVersion: 0 })).resolves.toMatchObject({
      role: "STUDENT",
    });
    await endSessions(db, student.id);
    await expect(resolvePlacement({ db, userId: student.id, slug: "nn-backprop", sessionVersion: 0 })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      message: expect.stringMatching(/session has ended/),
    });
    await expect(resolvePlacement({ db, userId: student.id, slug: "nn-backprop", sessionVersion: 1 })).resolves.toMatchObject({
      role: "STUDENT",
    });
    // A current session that asks for a problem it does not have is still told "not found".
    await expect(resolvePlacement({ db, userId: student.id, slug: "cnn-shapes", sessionVersion: 1 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("tells a deleted account from an ended session", async () => {
    const { db } = testDb;
    const { addUser } = await createCourseFixture(db);
    const student = await addUser("STUDENT");
    await db.user.delete({ where: { id: student.id } });
    await expect(resolvePlacement({ db, userId: student.id, slug: "nn-backprop", sessionVersion: 0 })).rejects.toMatchObject({
      message: expect.stringMatching(/no longer exists/),
    });
  });
});
