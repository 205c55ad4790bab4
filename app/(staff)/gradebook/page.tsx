import { pageStaff } from "@/lib/auth/page-guards";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { listCoursesForUser } from "@/lib/courses/list-courses-for-user";
import { listRoster } from "@/lib/roster/list-roster";
import { AssessmentList } from "@/app/components/assessment-list";

export const metadata = { title: "Gradebook" };
export const dynamic = "force-dynamic";

/** The staff landing page: each course the user teaches, with a gradebook per assessment. */
export default async function GradebookPage() {
  const user = await pageStaff("/gradebook");
  const db = getDb();
  const courses = await listCoursesForUser({ db, userId: user.id, roles: STAFF_ROLES });
  const rosters = await Promise.all(courses.map((course) => listRoster({ db, courseId: course.id })));
  return (
    <>
      <h1>Gradebook</h1>
      {courses.map((course, index) => {
        const students = rosters[index].filter((entry) => entry.role === "STUDENT");
        return (
          <section key={course.id} className="card" aria-labelledby={`course-${course.id}`}>
            <h2 id={`course-${course.id}`}>
              {course.title} <span className="tag">{course.role.toLowerCase()}</span>
            </h2>
            <p className="muted">
              {students.length} {students.length === 1 ? "student" : "students"} enrolled
            </p>
            <AssessmentList
              assessments={course.assessments}
              timeZone={course.timeZone}
              href={(assessment) => `/gradebook/${assessment.id}`}
            />
          </section>
        );
      })}
    </>
  );
}
