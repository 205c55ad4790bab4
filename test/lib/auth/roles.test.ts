import { homePathFor, isStaffPath, type Membership } from "@/lib/auth/roles";
import { safeReturnPath } from "@/lib/auth/safe-return-path";

const student: Membership = { courseId: "c1", role: "STUDENT" };
const ta: Membership = { courseId: "c2", role: "TA" };
const instructor: Membership = { courseId: "c3", role: "INSTRUCTOR" };

describe("homePathFor", () => {
  it("sends students to their courses, TAs to the gradebook and instructors to authoring", () => {
    expect(homePathFor([student])).toBe("/courses");
    expect(homePathFor([ta])).toBe("/gradebook");
    expect(homePathFor([instructor])).toBe("/author");
  });

  it("lets the most senior role decide for someone who is a student in one course and staff in another", () => {
    expect(homePathFor([student, ta])).toBe("/gradebook");
    expect(homePathFor([ta, student, instructor])).toBe("/author");
  });

  it("sends a user without any course to the student page, which explains how to join", () => {
    expect(homePathFor([])).toBe("/courses");
  });
});

describe("isStaffPath", () => {
  it.each(["/gradebook", "/gradebook/abc", "/author", "/author/new", "/api/staff/courses/c1/roster"])("treats %s as staff-only", (path) => {
    expect(isStaffPath(path)).toBe(true);
  });

  it.each(["/", "/courses", "/authority", "/gradebooks", "/api/assessments", "/api/me"])("leaves %s open to students", (path) => {
    expect(isStaffPath(path)).toBe(false);
  });
});

describe("safeReturnPath", () => {
  it("keeps a path on this site", () => {
    expect(safeReturnPath("/courses?x=1")).toBe("/courses?x=1");
  });

  it.each(["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "", null, undefined])(
    "replaces %p with the home page",
    (candidate) => {
      expect(safeReturnPath(candidate)).toBe("/");
    },
  );
});
