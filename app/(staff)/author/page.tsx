import { pageStaff } from "@/lib/auth/page-guards";
import { getDb } from "@/lib/db/client";
import { listCoursesForUser } from "@/lib/courses/list-courses-for-user";
import { listProblems } from "@/lib/problems/list-problems";
import { DataTable } from "@/app/components/table/data-table";
import Link from "next/link";
import { ltiRightsOf } from "@/lib/lti/permissions";

export const metadata = { title: "Authoring" };
export const dynamic = "force-dynamic";

export default async function AuthorPage() {
  const user = await pageStaff("/author", ["INSTRUCTOR"]);
  const db = getDb();
  const courses = await listCoursesForUser({ db, userId: user.id, roles: ["INSTRUCTOR"] });
  const problems = await listProblems({ db, courseIds: courses.map((course) => course.id) });
  const registersPlatforms = (await ltiRightsOf(db, user)) !== null;
  return (
    <>
      <h1>Authoring</h1>
      {registersPlatforms && (
        <p className="button-row">
          <Link href="/author/lti">LMS platforms (LTI 1.3)</Link>
        </p>
      )}
      <section className="card" aria-labelledby="problems">
        <h2 id="problems">Problems</h2>
        <p className="button-row">
          <Link href="/author/problems">Authored problems and their versions</Link>
          <Link href="/author/problems/new">Write a new problem</Link>
        </p>
        <DataTable
          rows={problems}
          rowKey={(problem) => problem.id}
          columns={[
            { header: "Problem", cell: (problem) => problem.title },
            { header: "Slug", cell: (problem) => <code>{problem.slug}</code> },
            { header: "Version", cell: (problem) => problem.version },
            { header: "Source", cell: (problem) => problem.source.toLowerCase() },
            { header: "Used in", cell: (problem) => `${problem.placements} assessments` },
          ]}
        />
      </section>
      {courses.map((course) => (
        <section key={course.id} className="card" aria-labelledby={`course-${course.id}`}>
          <h2 id={`course-${course.id}`}>{course.title}</h2>
          <p className="button-row">
            <Link href={`/author/courses/${course.id}/roster`}>Roster and invite link</Link>
            <Link href={`/author/courses/${course.id}/settings`}>Time zone</Link>
            <Link href={`/author/courses/${course.id}/assessments/new`}>New assessment</Link>
          </p>
          <DataTable
            rows={course.assessments}
            rowKey={(assessment) => assessment.id}
            columns={[
              { header: "Assessment", cell: (assessment) => <Link href={`/author/assessments/${assessment.id}`}>{assessment.title}</Link> },
              { header: "Problems", cell: (assessment) => assessment.problemCount },
              { header: "Status", cell: (assessment) => <span className="tag">{assessment.published ? "published" : "draft"}</span> },
            ]}
          />
        </section>
      ))}
    </>
  );
}
