import { pageStaff } from "@/lib/auth/page-guards";
import { getDb } from "@/lib/db/client";
import { listCoursesForUser } from "@/lib/courses/list-courses-for-user";
import { listProblems } from "@/lib/problems/list-problems";
import Link from "next/link";

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
        <p className="button-row">
          <Link href="/author/problems">Authored problems and their versions</Link>
          <Link href="/author/problems/new">Write a new problem</Link>
        </p>
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
          <h2 id={`course-${course.id}`}>{course.title}</h2>
          <p className="button-row">
            <Link href={`/author/courses/${course.id}/roster`}>Roster and invite link</Link>
            <Link href={`/author/courses/${course.id}/assessments/new`}>New assessment</Link>
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Assessment</th>
                <th scope="col">Problems</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {course.assessments.map((assessment) => (
                <tr key={assessment.id}>
                  <td>
                    <Link href={`/author/assessments/${assessment.id}`}>{assessment.title}</Link>
                  </td>
                  <td>{assessment.problemCount}</td>
                  <td>
                    <span className="tag">{assessment.published ? "published" : "draft"}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}
