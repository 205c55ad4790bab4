import { parseRosterCsv } from "@/lib/roster/roster-csv";
import { planRosterChanges } from "@/lib/roster/plan-roster-changes";
import { applyRosterChanges } from "@/lib/roster/apply-roster-changes";
import { changeMemberRole, removeMember } from "@/lib/roster/change-member";
import { listRoster } from "@/lib/roster/list-roster";
import { getRosterPage } from "@/lib/roster/get-roster-page";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture } from "../../support/course-fixture";

describe("parseRosterCsv", () => {
  it("reads email, name, role and section, case-insensitively, defaulting the role to student", () => {
    const { rows, errors } = parseRosterCsv("Email,Name,Role,Section\nAda@X.test,Ada,TA,B\nbob@x.test,Bob,,\n");
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, email: "ada@x.test", name: "Ada", role: "TA", section: "B" },
      { line: 3, email: "bob@x.test", name: "Bob", role: "STUDENT", section: "" },
    ]);
  });

  it("names the spreadsheet line of each bad row and keeps the good ones", () => {
    const { rows, errors } = parseRosterCsv("email,role\nnot-an-email,student\ncat@x.test,dean\nok@x.test,student\nOK@x.test,ta\n");
    expect(rows.map((r) => r.email)).toEqual(["ok@x.test"]);
    expect(errors).toEqual([
      { line: 2, message: '"not-an-email" is not an email address' },
      { line: 3, message: 'role "dean" is not one of student, ta, instructor' },
      { line: 5, message: "ok@x.test is already on line 4" },
    ]);
  });

  it("asks for an email column", () => {
    expect(parseRosterCsv("name\nAda\n").errors[0].message).toMatch(/needs an `email` column/);
  });
});

describeEachDatabase("roster changes", (provider) => {
  const testDb = useTestDatabase(provider);

  it("previews an import without changing anything, then applies exactly that, with an audit entry per change", async () => {
    const { db } = testDb;
    const { course, addUser } = await createCourseFixture(db);
    const instructor = await addUser("INSTRUCTOR");
    const existingStudent = await addUser("STUDENT", "sid");
    const outsider = await db.user.create({ data: { email: `out-${course.id}@x.test`, name: "Out", passwordHash: "x" } });
    const csv = [
      "email,name,role,section",
      `${existingStudent.email},Sid,ta,A`,
      `${outsider.email},Out,student,B`,
      `new-${course.id}@x.test,Newt,student,B`,
      `${instructor.email},,instructor,`,
    ].join("\n");
    const { rows } = parseRosterCsv(csv);

    const plan = await planRosterChanges({ db, courseId: course.id, rows });
    // An account elsewhere on the platform (outsider) and no account at all (Newt) look the same: "add".
    expect(plan.counts).toEqual({ add: 2, update: 1, unchanged: 1 });
    expect(plan.changes.filter((c) => c.kind === "add").map((c) => c.row.email)).toEqual([outsider.email, `new-${course.id}@x.test`]);
    expect(await db.enrollment.count({ where: { courseId: course.id } })).toBe(2);

    await applyRosterChanges({ db, actorId: instructor.id, courseId: course.id, rows });
    const roles = await db.enrollment.findMany({ where: { courseId: course.id }, include: { user: true } });
    expect(Object.fromEntries(roles.map((e) => [e.user.name, [e.role, e.section]]))).toMatchObject({
      sid: ["TA", "A"],
      Out: ["STUDENT", "B"],
      Newt: ["STUDENT", "B"],
    });
    const audit = await db.auditLog.findMany({ where: { courseId: course.id, actorId: instructor.id } });
    expect(audit.map((a) => a.action).sort()).toEqual(["enrollment.add", "enrollment.add", "enrollment.role"]);
  });

  it("changes roles and removes people, but never the last instructor", async () => {
    const { db } = testDb;
    const { course, addUser } = await createCourseFixture(db);
    const instructor = await addUser("INSTRUCTOR");
    const student = await addUser("STUDENT");
    await changeMemberRole({ db, actorId: instructor.id, courseId: course.id, userId: student.id, role: "TA" });
    expect((await db.enrollment.findFirstOrThrow({ where: { userId: student.id } })).role).toBe("TA");
    await expect(
      changeMemberRole({ db, actorId: instructor.id, courseId: course.id, userId: instructor.id, role: "TA" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/at least one instructor/),
    });
    await expect(removeMember({ db, actorId: instructor.id, courseId: course.id, userId: instructor.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await db.enrollment.count({ where: { userId: instructor.id } })).toBe(1);
    await removeMember({ db, actorId: instructor.id, courseId: course.id, userId: student.id });
    expect(await db.enrollment.count({ where: { userId: student.id } })).toBe(0);
    const actions = (await db.auditLog.findMany({ where: { courseId: course.id }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["enrollment.role", "enrollment.remove"]);
  });
});

describeEachDatabase("roster listing", (provider) => {
  const testDb = useTestDatabase(provider);

  it("lists a roster with staff first, then students by name", async () => {
    const { db } = testDb;
    const { course, addUser } = await createCourseFixture(db);
    for (const [role, name] of [
      ["STUDENT", "Zoe"],
      ["STUDENT", "Adam"],
      ["TA", "Tom"],
      ["INSTRUCTOR", "Ines"],
    ] as const)
      await addUser(role, name);
    const roster = await listRoster({ db, courseId: course.id });
    expect(roster.map((r) => [r.name, r.role])).toEqual([
      ["Ines", "INSTRUCTOR"],
      ["Tom", "TA"],
      ["Adam", "STUDENT"],
      ["Zoe", "STUDENT"],
    ]);
  });

  it("gives the roster page the course's title, time zone, invite code (null without a link) and the same members", async () => {
    const { db } = testDb;
    const { course, addUser } = await createCourseFixture(db);
    await addUser("INSTRUCTOR", "Ines");
    await addUser("STUDENT", "Sam");
    expect(await getRosterPage({ db, courseId: course.id })).toEqual({
      courseTitle: course.title,
      timeZone: "UTC",
      inviteCode: null,
      members: await listRoster({ db, courseId: course.id }),
    });
    await db.course.update({ where: { id: course.id }, data: { inviteCode: "invite-roster-page" } });
    expect((await getRosterPage({ db, courseId: course.id })).inviteCode).toBe("invite-roster-page");
  });
});
