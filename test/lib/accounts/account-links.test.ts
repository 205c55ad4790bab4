import { issueAccountLink, LINK_LIFETIME_MS } from "@/lib/accounts/issue-account-link";
import { readAccountLink, redeemAccountLink } from "@/lib/accounts/redeem-account-link";
import type { AccountLinkSender } from "@/lib/accounts/link-delivery";
import { authenticate } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { applyRosterChanges } from "@/lib/roster/apply-roster-changes";
import { parseRosterCsv } from "@/lib/roster/roster-csv";
import { createCourseFixture } from "../../support/course-fixture";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "@/test/harness/test-database";

const BASE = "https://chainrule.example";
const secretOf = (url: string) => new URL(url).pathname.split("/").pop()!;

describeEachDatabase("account links", (provider) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
  }, 60_000);
  afterAll(() => testDb?.destroy());

  /** A course with an instructor and a person they added by roster (no password yet), in `role`. */
  async function rosterAdded(role: "student" | "ta" | "instructor") {
    const { db } = testDb;
    const fixture = await createCourseFixture(db);
    const instructor = await fixture.addUser("INSTRUCTOR");
    const email = `added-${fixture.course.id}@uni.test`;
    await applyRosterChanges({
      db,
      actorId: instructor.id,
      courseId: fixture.course.id,
      rows: parseRosterCsv(`email,name,role\n${email},Co,${role}`).rows,
    });
    const member = await db.user.findUniqueOrThrow({ where: { email } });
    return { ...fixture, instructor, member, email };
  }

  async function issue(options: { actorId: string; courseId: string; userId: string; now?: Date }) {
    const delivery = await issueAccountLink({ db: testDb.db, baseUrl: BASE, ...options });
    if (delivery.method !== "copy") throw new Error("expected a link to copy");
    return delivery;
  }

  it("lets the person staff added claim the account once with the link, keeping the role staff gave", async () => {
    const { db } = testDb;
    const { course, instructor, member, email } = await rosterAdded("instructor");
    const link = await issue({ actorId: instructor.id, courseId: course.id, userId: member.id });
    expect(link.url).toMatch(/^https:\/\/chainrule\.example\/set-password\/[A-Za-z0-9_-]{43}$/);
    expect((await readAccountLink(db, secretOf(link.url))).purpose).toBe("CLAIM");

    await redeemAccountLink({ db, secret: secretOf(link.url), input: { password: "co-instructor-pw", name: "Co Instructor" } });
    const signedIn = await authenticate(db, email, "co-instructor-pw");
    expect(signedIn?.memberships).toEqual([{ courseId: course.id, role: "INSTRUCTOR" }]);
    expect(signedIn?.name).toBe("Co Instructor");

    await expect(redeemAccountLink({ db, secret: secretOf(link.url), input: { password: "attacker-password" } })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringMatching(/expired or was already used; ask your instructor for a new one/),
    });
    expect(await authenticate(db, email, "attacker-password")).toBeNull();
  });

  it("stores only the SHA-256 of the link's secret, never the secret", async () => {
    const { db } = testDb;
    const { course, instructor, member } = await rosterAdded("student");
    const link = await issue({ actorId: instructor.id, courseId: course.id, userId: member.id });
    const rows = await db.accountLink.findMany({ where: { userId: member.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0].secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(secretOf(link.url));
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "account.link", entityId: member.id } });
    expect(JSON.stringify(audit)).not.toContain(secretOf(link.url));
  });

  it("stops working when it expires, and when a newer link for the same person is made", async () => {
    const { db } = testDb;
    const { course, instructor, member } = await rosterAdded("student");
    const issuedAt = new Date("2026-12-01T10:00:00Z");
    const first = await issue({ actorId: instructor.id, courseId: course.id, userId: member.id, now: issuedAt });
    const afterExpiry = new Date(issuedAt.getTime() + LINK_LIFETIME_MS.CLAIM + 1);
    await expect(
      redeemAccountLink({ db, secret: secretOf(first.url), input: { password: "long enough" }, now: afterExpiry }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });

    const second = await issue({ actorId: instructor.id, courseId: course.id, userId: member.id });
    await expect(readAccountLink(db, secretOf(first.url), issuedAt)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await redeemAccountLink({ db, secret: secretOf(second.url), input: { password: "long enough" } });
    expect((await db.user.findUniqueOrThrow({ where: { id: member.id } })).passwordHash).not.toBe("");
  });

  it("lets exactly one of two requests racing with the same link set the password", async () => {
    const { db } = testDb;
    const { course, instructor, member, email } = await rosterAdded("student");
    const link = await issue({ actorId: instructor.id, courseId: course.id, userId: member.id });
    const outcomes = await Promise.allSettled(
      ["first-password", "second-password"].map((password) => redeemAccountLink({ db, secret: secretOf(link.url), input: { password } })),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const signIns = await Promise.all(["first-password", "second-password"].map((password) => authenticate(db, email, password)));
    expect(signIns.filter(Boolean)).toHaveLength(1);
  });

  it("resets a forgotten password with a one-day link, ending every session the account had", async () => {
    const { db } = testDb;
    const { course, addUser } = await createCourseFixture(db);
    const instructor = await addUser("INSTRUCTOR");
    const student = await addUser("STUDENT");
    await db.user.update({ where: { id: student.id }, data: { passwordHash: await hashPassword("old password") } });
    const issuedAt = new Date();
    const link = await issue({ actorId: instructor.id, courseId: course.id, userId: student.id, now: issuedAt });
    expect(link.expiresAt.getTime() - issuedAt.getTime()).toBe(LINK_LIFETIME_MS.RESET);
    const { purpose } = await redeemAccountLink({ db, secret: secretOf(link.url), input: { password: "new password" } });
    expect(purpose).toBe("RESET");
    const after = await db.user.findUniqueOrThrow({ where: { id: student.id } });
    expect(after.sessionVersion).toBe(student.sessionVersion + 1);
    expect(await authenticate(db, student.email, "old password")).toBeNull();
    expect((await authenticate(db, student.email, "new password"))?.id).toBe(student.id);
  });

  it("is refused for someone who is staff in a course the instructor does not teach, and allowed once they teach it", async () => {
    const { db } = testDb;
    const { course, instructor, member } = await rosterAdded("student");
    const other = await createCourseFixture(db);
    await db.enrollment.create({ data: { userId: member.id, courseId: other.course.id, role: "INSTRUCTOR" } });
    // Never signed in, so the refusal speaks of a first password, not of one they could change.
    await expect(issue({ actorId: instructor.id, courseId: course.id, userId: member.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/has not set a password yet.*ask a site administrator to give them one/),
    });
    expect(await db.accountLink.count({ where: { userId: member.id } })).toBe(0);
    await db.enrollment.create({ data: { userId: instructor.id, courseId: other.course.id, role: "INSTRUCTOR" } });
    await expect(issue({ actorId: instructor.id, courseId: course.id, userId: member.id })).resolves.toMatchObject({ method: "copy" });
  });

  it("is refused for someone who is not in the course", async () => {
    const { course, instructor } = await rosterAdded("student");
    const elsewhere = await rosterAdded("student");
    await expect(issue({ actorId: instructor.id, courseId: course.id, userId: elsewhere.member.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("goes through the sender, so that another way of delivery (email) can take its place", async () => {
    const { db } = testDb;
    const { course, instructor, member, email } = await rosterAdded("student");
    const sent: string[] = [];
    const emailSender: AccountLinkSender = {
      async deliver(message) {
        sent.push(`${message.email} ${message.url}`);
        return { method: "email", expiresAt: message.expiresAt };
      },
    };
    const delivery = await issueAccountLink({
      db,
      actorId: instructor.id,
      courseId: course.id,
      userId: member.id,
      baseUrl: BASE,
      sender: emailSender,
    });
    expect(delivery).toEqual({ method: "email", expiresAt: expect.any(Date) });
    expect(sent).toEqual([expect.stringMatching(new RegExp(`^${email} ${BASE}/set-password/`))]);
  });

  it("treats a malformed or unknown secret as a link that does not work", async () => {
    for (const secret of ["", "x", "../../etc", "A".repeat(43), "A".repeat(500)]) {
      await expect(readAccountLink(testDb.db, secret)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
  });
});
