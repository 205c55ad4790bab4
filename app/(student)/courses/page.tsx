import { pageUser } from "@/lib/auth/page-guards";
import { getDb } from "@/lib/db/client";
import { listCoursesWithProgress } from "@/lib/progress/courses-with-progress";
import { AssessmentList } from "@/app/components/assessment-list";

export const metadata = { title: "My courses" };
export const dynamic = "force-dynamic";

export default async function CoursesPage() {
  const user = await pageUser("/courses");
  const courses = await listCoursesWithProgress({ db: getDb(), userId: user.id });
  return (
    <>
      <h1>My courses</h1>
      {courses.length === 0 && (
        <p className="notice">You are not enrolled in any course yet. Open the invite link your instructor shared to join one.</p>
      )}
      {courses.map((course) => (
        <section key={course.id} className="card" aria-labelledby={`course-${course.id}`}>
          <h2 id={`course-${course.id}`}>
            {course.title} <span className="tag">{course.role.toLowerCase()}</span>
          </h2>
          <p className="muted">{course.term}</p>
          <AssessmentList
            assessments={course.assessments}
            timeZone={course.timeZone}
            progress={course.role === "STUDENT" ? new Map(course.progress.map((p) => [p.assessmentId, p])) : undefined}
          />
        </section>
      ))}
    </>
  );
}
