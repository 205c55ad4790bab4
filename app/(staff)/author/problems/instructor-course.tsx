import Link from "next/link";
import type { ReactNode } from "react";
import { pageCourseRole, pageStaff } from "@/lib/auth/page-guards";
import { getDb } from "@/lib/db/client";
import { listCoursesForUser, type CourseSummary } from "@/lib/courses/list-courses-for-user";

/**
 * The course a problem-authoring page (new problem, import a model) works
 * for: the one in ?courseId= once the user is checked to be its
 * instructor, or their only course; with several and none asked for, a page
 * that lets them choose. Staff who are not instructors are sent away by the
 * guards, as on every authoring page.
 */
export async function instructorCourse(
  page: string,
  requested: string | undefined,
  heading: string,
): Promise<{ course: CourseSummary } | { choice: ReactNode }> {
  const path = `${page}${requested ? `?courseId=${encodeURIComponent(requested)}` : ""}`;
  const user = await pageStaff(path, ["INSTRUCTOR"]);
  const courses = await listCoursesForUser({ db: getDb(), userId: user.id, roles: ["INSTRUCTOR"] });
  const courseId = requested ?? (courses.length === 1 ? courses[0].id : undefined);
  if (!courseId) {
    return {
      choice: (
        <>
          <h1>{heading}</h1>
          <p>Which course is it for?</p>
          <ul>
            {courses.map((course) => (
              <li key={course.id}>
                <Link href={`${page}?courseId=${encodeURIComponent(course.id)}`}>{course.title}</Link>
              </li>
            ))}
          </ul>
        </>
      ),
    };
  }
  await pageCourseRole(path, courseId, ["INSTRUCTOR"]);
  return { course: courses.find((candidate) => candidate.id === courseId)! };
}
