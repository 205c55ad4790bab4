import { signUp, type SignUpResult } from "@/lib/users/sign-up";
import { authenticate } from "@/lib/auth/credentials";
import { describeEachDatabase, createTestDatabase, type TestDatabase } from "@/test/harness/test-database";

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

  const created = (result: SignUpResult) => {
    if (result.outcome !== "created") throw new Error(`expected a new account, got ${result.outcome}`);
    return result;
  };

  it("enrols a user who signs up through the invite link as a student of that course", async () => {
    const { db } = testDb;
    const result = created(await signUp({ db, mode: "invite", input: input("ada@x.test", { inviteCode }) }));
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
    const result = created(await signUp({ db: testDb.db, mode: "open", input: input("carol@x.test") }));
    expect(result.courseId).toBeNull();
    expect(await testDb.db.enrollment.count({ where: { userId: result.userId } })).toBe(0);
  });

  it("refuses an unknown invite code and tells the user what to do", async () => {
    await expect(signUp({ db: testDb.db, mode: "open", input: input("dan@x.test", { inviteCode: "nope" }) })).rejects.toThrow(
      /ask your instructor for a new one/,
    );
  });

  it("makes no second account for the same email, whatever its case, and changes nothing of the first", async () => {
    const { db } = testDb;
    const before = await db.user.findUniqueOrThrow({ where: { email: "ada@x.test" } });
    const result = await signUp({
      db,
      mode: "invite",
      input: input("Ada@X.test", { inviteCode, password: "another password", name: "Mallory" }),
    });
    expect(result).toEqual({ outcome: "exists", courseId });
    expect(await db.user.findUniqueOrThrow({ where: { email: "ada@x.test" } })).toEqual(before);
    expect(await authenticate(db, "ada@x.test", "another password")).toBeNull();
  });

  it("never claims an account staff added, nor gives its role, whichever course's invite is used", async () => {
    const { db } = testDb;
    const other = await db.course.create({ data: { slug: "other", title: "Other", inviteCode: "other-invite" } });
    const added = await db.user.create({ data: { email: "co.instructor@uni.test", name: "Co", passwordHash: "" } });
    await db.enrollment.create({ data: { userId: added.id, courseId, role: "INSTRUCTOR" } });
    for (const code of [inviteCode, "other-invite"]) {
      const result = await signUp({
        db,
        mode: "invite",
        input: input("co.instructor@uni.test", { inviteCode: code, password: "attacker password" }),
      });
      expect(result.outcome).toBe("exists");
    }
    expect((await db.user.findUniqueOrThrow({ where: { id: added.id } })).passwordHash).toBe("");
    expect(await db.enrollment.count({ where: { userId: added.id, courseId: other.id } })).toBe(0);
    expect(await authenticate(db, "co.instructor@uni.test", "attacker password")).toBeNull();
  });

  it("creates only STUDENT enrolments, and exactly one account when two sign-ups with one email race", async () => {
    const { db } = testDb;
    const results = await Promise.all([1, 2, 3].map(() => signUp({ db, mode: "invite", input: input("race@x.test", { inviteCode }) })));
    expect(results.filter((r) => r.outcome === "created")).toHaveLength(1);
    const user = await db.user.findUniqueOrThrow({ where: { email: "race@x.test" }, include: { enrollments: true } });
    expect(user.enrollments.map((e) => e.role)).toEqual(["STUDENT"]);
  });

  it("counts attempts per network and per invite link, and refuses past the limit with RATE_LIMITED before hashing", async () => {
    const { db } = testDb;
    const network = `198.51.100.${provider === "sqlite" ? 1 : 2}`;
    // The limits are the defaults (lib/settings.ts): fill the network's count to one short of it directly.
    const { SIGN_UPS_PER_NETWORK_PER_HOUR } = await import("@/lib/rate-limit/sign-up-limits");
    await db.rateLimitBucket.create({
      data: { key: `signup:net:${network}`, windowStart: BigInt(Date.now()), count: SIGN_UPS_PER_NETWORK_PER_HOUR - 1 },
    });
    await signUp({ db, mode: "invite", network, input: input("last-one@x.test", { inviteCode }) });
    await expect(signUp({ db, mode: "invite", network, input: input("one-too-many@x.test", { inviteCode }) })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/Too many sign-ups from your network in the last hour; try again in \d+ minutes?/),
    });
    // Wrong invite codes count against the network too.
    await expect(signUp({ db, mode: "invite", network, input: input("guess@x.test", { inviteCode: "guess" }) })).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
    expect(await db.user.count({ where: { email: "one-too-many@x.test" } })).toBe(0);
    expect((await db.rateLimitBucket.findUniqueOrThrow({ where: { key: `signup:invite:${inviteCode}` } })).count).toBeGreaterThan(0);
  });

  it("names the field when the password is too short", async () => {
    await expect(signUp({ db: testDb.db, mode: "open", input: input("eve@x.test", { password: "short" }) })).rejects.toThrow(
      /at least 8 characters/,
    );
  });
});
