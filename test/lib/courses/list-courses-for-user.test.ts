import { listCoursesForUser } from "@/lib/courses/list-courses-for-user";
import { describeEachDatabase, createTestDatabase, type TestDatabase } from "@/test/harness/test-database";

describeEachDatabase("course listings", (provider) => {
  let testDb: TestDatabase;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    const { db } = testDb;
    const course = await db.course.create({ data: { slug: "dl", title: "Deep Learning" } });
    const other = await db.course.create({ data: { slug: "other", title: "Another course" } });
    ids.course = course.id;
    for (const [key, name, role] of [
      ["student", "Zoe", "STUDENT"],
      ["student2", "Adam", "STUDENT"],
      ["ta", "Tom", "TA"],
      ["instructor", "Ines", "INSTRUCTOR"],
    ] as const) {
      const user = await db.user.create({ data: { email: `${key}@x.test`, name, passwordHash: "x" } });
      ids[key] = user.id;
      await db.enrollment.create({ data: { userId: user.id, courseId: course.id, role } });
    }
    await db.enrollment.create({ data: { userId: ids.ta, courseId: other.id, role: "STUDENT" } });
    await db.assessment.create({ data: { courseId: course.id, slug: "live", title: "Live", published: true, position: 1 } });
    await db.assessment.create({ data: { courseId: course.id, slug: "draft", title: "Draft", published: false, position: 0 } });
  }, 60_000);
  afterAll(() => testDb?.destroy());

  it("shows a student only the published assessments of their courses", async () => {
    const courses = await listCoursesForUser({ db: testDb.db, userId: ids.student });
    expect(courses.map((c) => [c.title, c.role])).toEqual([["Deep Learning", "STUDENT"]]);
    expect(courses[0].assessments.map((a) => a.slug)).toEqual(["live"]);
  });

  it("shows staff drafts too, in the course's order", async () => {
    const [course] = await listCoursesForUser({ db: testDb.db, userId: ids.instructor });
    expect(course.assessments.map((a) => [a.slug, a.published])).toEqual([
      ["draft", false],
      ["live", true],
    ]);
  });

  it("keeps each course's own role for someone who is staff in one course and a student in another", async () => {
    const courses = await listCoursesForUser({ db: testDb.db, userId: ids.ta });
    expect(courses.map((c) => [c.title, c.role])).toEqual([
      ["Another course", "STUDENT"],
      ["Deep Learning", "TA"],
    ]);
    const staffOnly = await listCoursesForUser({ db: testDb.db, userId: ids.ta, roles: ["TA", "INSTRUCTOR"] });
    expect(staffOnly.map((c) => c.title)).toEqual(["Deep Learning"]);
  });
});
