import { signUp } from "@/lib/users/sign-up";
import { authenticate } from "@/lib/auth/credentials";
import { AppError } from "@/lib/errors";
import { describeEachDatabase, createTestDatabase, type TestDatabase } from "../../support/test-database";

const input = (email: string, extra: Partial<{ inviteCode: string; password: string; name: string }> = {}) => ({
  name: "Ada Lovelace",
  email,
  password: "correct horse battery",
  ...extra,
});

describeEachDatabase("signUp", (provider) => {
  let testDb: TestDatabase;
  let courseId: string;
  const inviteCode = "invite-abc123";

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    courseId = (await testDb.db.course.create({ data: { slug: "c", title: "Course", inviteCode } })).id;
  }, 60_000);
  afterAll(() => testDb?.destroy());

  it("enrols a user who signs up through the invite link as a student of that course", async () => {
    const { db } = testDb;
    const result = await signUp({ db, mode: "invite", input: input("ada@x.test", { inviteCode }) });
    expect(result.courseId).toBe(courseId);
    const enrollment = await db.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: result.userId, courseId } } });
    expect(enrollment.role).toBe("STUDENT");
  });

  it("stores only a bcrypt hash, which signs the user in", async () => {
    const { db } = testDb;
    const user = await db.user.findUniqueOrThrow({ where: { email: "ada@x.test" } });
    expect(user.passwordHash).toMatch(/^\$2[aby]\$10\$/);
    expect(user.passwordHash).not.toContain("correct horse");
    expect((await authenticate(db, "  ADA@x.test ", "correct horse battery"))?.id).toBe(user.id);
    expect(await authenticate(db, "ada@x.test", "wrong password")).toBeNull();
    expect(await authenticate(db, "nobody@x.test", "correct horse battery")).toBeNull();
  });

  it("refuses sign-up without an invite when sign-up is invite-only, creating nothing", async () => {
    const { db } = testDb;
    await expect(signUp({ db, mode: "invite", input: input("bob@x.test") })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/invite link/),
    });
    expect(await db.user.count({ where: { email: "bob@x.test" } })).toBe(0);
  });

  it("allows sign-up without a course when sign-up is open", async () => {
    const result = await signUp({ db: testDb.db, mode: "open", input: input("carol@x.test") });
    expect(result.courseId).toBeNull();
    expect(await testDb.db.enrollment.count({ where: { userId: result.userId } })).toBe(0);
  });

  it("refuses an unknown invite code and tells the user what to do", async () => {
    await expect(signUp({ db: testDb.db, mode: "open", input: input("dan@x.test", { inviteCode: "nope" }) })).rejects.toThrow(
      /ask your instructor for a new one/,
    );
  });

  it("refuses a second account for the same email, whatever its case", async () => {
    const attempt = signUp({ db: testDb.db, mode: "invite", input: input("Ada@X.test", { inviteCode }) });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("names the field when the password is too short", async () => {
    await expect(signUp({ db: testDb.db, mode: "open", input: input("eve@x.test", { password: "short" }) })).rejects.toThrow(
      /at least 8 characters/,
    );
  });
});
