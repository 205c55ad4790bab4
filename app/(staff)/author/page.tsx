import { pageStaff } from "@/lib/auth/page-guards";
import { getDb } from "@/lib/db/client";
import { listCoursesForUser } from "@/lib/courses/list-courses-for-user";
import { listProblems } from "@/lib/problems/list-problems";
import { AssessmentList } from "@/app/components/assessment-list";

export const metadata = { title: "Authoring" };
export const dynamic = "force-dynamic";

export default async function AuthorPage() {
  const user = await pageStaff("/author", ["INSTRUCTOR"]);
  const db = getDb();
  const courses = await listCoursesForUser({ db, userId: user.id, roles: ["INSTRUCTOR"] });
  const problems = await listProblems({ db, courseIds: courses.map((course) => course.id) });
  return (
    <>
      <h1>Authoring</h1>
      <section className="card" aria-labelledby="problems">
        <h2 id="problems">Problems</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Problem</th>
              <th scope="col">Slug</th>
              <th scope="col">Version</th>
              <th scope="col">Source</th>
              <th scope="col">Used in</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((problem) => (
              <tr key={problem.id}>
                <td>{problem.title}</td>
                <td>
                  <code>{problem.slug}</code>
                </td>
                <td>{problem.version}</td>
                <td>{problem.source.toLowerCase()}</td>
                <td>{problem.placements} assessments</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {courses.map((course) => (
        <section key={course.id} className="card" aria-labelledby={`course-${course.id}`}>
          <h2 id={`course-${course.id}`}>{course.title}: assessments</h2>
          <AssessmentList assessments={course.assessments} />
        </section>
      ))}
    </>
  );
}
