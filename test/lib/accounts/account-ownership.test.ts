import { issueAccountLink } from "@/lib/accounts/issue-account-link";
import { readAccountLink, redeemAccountLink } from "@/lib/accounts/redeem-account-link";
import { authenticate } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { applyRosterChanges } from "@/lib/roster/apply-roster-changes";
import { parseRosterCsv } from "@/lib/roster/roster-csv";
import { createCourseFixture } from "../../support/course-fixture";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "@/test/harness/test-database";

// The rule of lib/accounts/account-ownership.ts, through the two functions
// that apply it: an instructor may make a password link only for an account
// their courses wholly own, and the link is checked again when it is used.

const BASE = "https://chainrule.example";
const secretOf = (url: string) => new URL(url).pathname.split("/").pop()!;
const NOT_OWNED = /account used beyond the courses you teach.*ask a site administrator/;

describeEachDatabase("who an account link may be made for", (provider) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
  }, 60_000);
  afterAll(() => testDb?.destroy());

  /** Eve teaches course B only; the victim is a student of course A with a password of their own. */
  async function eveAndVictim() {
    const { db } = testDb;
    const courseA = await createCourseFixture(db);
    const victim = await courseA.addUser("STUDENT");
    await db.user.update({ where: { id: victim.id }, data: { passwordHash: await hashPassword("victim's password") } });
    const courseB = await createCourseFixture(db);
    const eve = await courseB.addUser("INSTRUCTOR");
    return { courseA, courseB, eve, victim };
  }

  /** Eve's roster import, as importRosterAction applies it. */
  async function importInto(courseId: string, actorId: string, email: string, role = "student") {
    await applyRosterChanges({ db: testDb.db, actorId, courseId, rows: parseRosterCsv(`email,name,role\n${email},X,${role}`).rows });
  }

  async function issue(options: { actorId: string; courseId: string; userId: string }) {
    const delivery = await issueAccountLink({ db: testDb.db, baseUrl: BASE, ...options });
    if (delivery.method !== "copy") throw new Error("expected a link to copy");
    return delivery;
  }

  it("refuses a link for another course's student whom an instructor imported into their own roster", async () => {
    const { db } = testDb;
    const { courseB, eve, victim } = await eveAndVictim();
    await importInto(courseB.course.id, eve.id, victim.email);
    // The import itself stands, as an LMS roster would enrol an existing user by address.
    expect(await db.enrollment.count({ where: { userId: victim.id, courseId: courseB.course.id } })).toBe(1);

    await expect(issue({ actorId: eve.id, courseId: courseB.course.id, userId: victim.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
      status: 403,
      message: expect.stringMatching(NOT_OWNED),
    });
    expect(await db.accountLink.count({ where: { userId: victim.id } })).toBe(0);
    expect((await authenticate(db, victim.email, "victim's password"))?.id).toBe(victim.id);
  });

  it("refuses a site admin or LTI registrar enrolled only in the instructor's course, in the words it uses for other courses' members", async () => {
    const { db } = testDb;
    for (const right of [{ isAdmin: true }, { mayRegisterLtiPlatforms: true }]) {
      const { course, addUser } = await createCourseFixture(db);
      const instructor = await addUser("INSTRUCTOR");
      const privileged = await addUser("STUDENT");
      await db.user.update({ where: { id: privileged.id }, data: right });
      await expect(issue({ actorId: instructor.id, courseId: course.id, userId: privileged.id })).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: expect.stringMatching(NOT_OWNED),
      });
      expect(await db.accountLink.count({ where: { userId: privileged.id } })).toBe(0);
    }
  });

  it("refuses a link for an account that signs in through an LMS, which has no password to set", async () => {
    const { db } = testDb;
    const { course, addUser } = await createCourseFixture(db);
    const instructor = await addUser("INSTRUCTOR");
    const learner = await addUser("STUDENT");
    await db.ltiUserLink.create({ data: { issuer: "https://lms.example", subject: `sub-${learner.id}`, userId: learner.id } });
    await expect(issue({ actorId: instructor.id, courseId: course.id, userId: learner.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/signs in through your LMS/),
    });
  });

  it("allows a link for someone in several courses when the instructor teaches every one of them", async () => {
    const { db } = testDb;
    const { courseA, courseB, eve, victim } = await eveAndVictim();
    await importInto(courseB.course.id, eve.id, victim.email);
    await db.enrollment.create({ data: { userId: eve.id, courseId: courseA.course.id, role: "INSTRUCTOR" } });
    const link = await issue({ actorId: eve.id, courseId: courseB.course.id, userId: victim.id });
    expect((await readAccountLink(db, secretOf(link.url))).purpose).toBe("RESET");
  });

  it("refuses, at the holder's end, a link whose account has since joined a course its issuer does not teach", async () => {
    const { db } = testDb;
    const { courseA, courseB, eve } = await eveAndVictim();
    const email = `new-${courseB.course.id}@uni.test`;
    await importInto(courseB.course.id, eve.id, email);
    const member = await db.user.findUniqueOrThrow({ where: { email } });
    const link = await issue({ actorId: eve.id, courseId: courseB.course.id, userId: member.id });
    const courseAInstructor = await courseA.addUser("INSTRUCTOR");
    await importInto(courseA.course.id, courseAInstructor.id, email, "ta");

    // A first-password link: its holder has no password to change, so a site administrator is the way on.
    const refused = {
      code: "FORBIDDEN",
      message: expect.stringMatching(/no longer works: the account is now in other courses too.*site administrator/),
    };
    await expect(readAccountLink(db, secretOf(link.url))).rejects.toMatchObject(refused);
    await expect(redeemAccountLink({ db, secret: secretOf(link.url), input: { password: "eve's password" } })).rejects.toMatchObject(
      refused,
    );
    expect((await db.user.findUniqueOrThrow({ where: { id: member.id } })).passwordHash).toBe("");
    expect(await authenticate(db, email, "eve's password")).toBeNull();
  });

  it("tells the holder of a link whose account has left the course that it did, and to ask their instructor", async () => {
    const { db } = testDb;
    const { course, addUser } = await createCourseFixture(db);
    const instructor = await addUser("INSTRUCTOR");
    const student = await addUser("STUDENT");
    const link = await issue({ actorId: instructor.id, courseId: course.id, userId: student.id });
    await db.enrollment.deleteMany({ where: { userId: student.id, courseId: course.id } });
    await expect(readAccountLink(db, secretOf(link.url))).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/has left the course it was made for\. Ask your instructor/),
    });
  });

  it("refuses, at the holder's end, a link whose account was made a site admin after it was issued", async () => {
    const { db } = testDb;
    const { course, addUser } = await createCourseFixture(db);
    const instructor = await addUser("INSTRUCTOR");
    const student = await addUser("STUDENT");
    const link = await issue({ actorId: instructor.id, courseId: course.id, userId: student.id });
    await db.user.update({ where: { id: student.id }, data: { isAdmin: true } });
    await expect(redeemAccountLink({ db, secret: secretOf(link.url), input: { password: "new password" } })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await authenticate(db, student.email, "new password")).toBeNull();
  });
});
