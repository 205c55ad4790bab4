import Link from "next/link";
import { pageStaff } from "@/lib/auth/page-guards";
import { getDb } from "@/lib/db/client";
import { listCoursesForUser } from "@/lib/courses/list-courses-for-user";
import { listAuthoredProblems } from "@/lib/authoring/list-authored-problems";
import { DataTable } from "@/app/components/table/data-table";
import { LocalDate } from "@/app/components/dates/local-date";

export const metadata = { title: "Authored problems" };
export const dynamic = "force-dynamic";

export default async function AuthoredProblemsPage() {
  const user = await pageStaff("/author/problems", ["INSTRUCTOR"]);
  const db = getDb();
  const courses = await listCoursesForUser({ db, userId: user.id, roles: ["INSTRUCTOR"] });
  const problemsByCourse = await Promise.all(courses.map((course) => listAuthoredProblems({ db, actor: user, courseId: course.id })));
  return (
    <>
      <p className="muted">
        <Link href="/author">Authoring</Link> / Problems
      </p>
      <h1>Authored problems</h1>
      <p className="muted">
        Problems your courses wrote as documents. Every publication is a new version; assessments keep the version they placed until you
        regrade them from the gradebook.
      </p>
      {courses.map((course, i) => (
        <section key={course.id} className="card" aria-labelledby={`problems-${course.id}`}>
          <div className="pe-toolbar">
            <h2 id={`problems-${course.id}`}>{course.title}</h2>
            <Link className="button" href={`/author/problems/new?courseId=${encodeURIComponent(course.id)}`}>
              New problem
            </Link>
            <Link className="button secondary" href={`/author/problems/import?courseId=${encodeURIComponent(course.id)}`}>
              Import a PyTorch model
            </Link>
          </div>
          <DataTable
            rows={problemsByCourse[i]}
            rowKey={(problem) => problem.slug}
            empty="No authored problems yet."
            columns={[
              {
                header: "Problem",
                cell: (problem) => <Link href={`/author/problems/${problem.versions[0].problemId}`}>{problem.title}</Link>,
              },
              { header: "Slug", cell: (problem) => <code>{problem.slug}</code> },
              {
                header: "Versions (newest first)",
                cell: (problem) =>
                  problem.versions.map((version, j) => (
                    <span key={version.problemId}>
                      {j > 0 && ", "}
                      <Link href={`/author/problems/${version.problemId}`} title={`${version.placements} placements`}>
                        v{version.version}
                      </Link>
                      {version.placements > 0 && <span className="muted pe-small"> ({version.placements} placed)</span>}
                    </span>
                  )),
              },
              {
                header: "Last published",
                cell: ({ versions: [newest] }) => (
                  <>
                    <LocalDate at={newest.createdAt} timeZone={course.timeZone} />
                    {newest.createdBy ? `, ${newest.createdBy}` : ""}
                  </>
                ),
              },
            ]}
          />
        </section>
      ))}
    </>
  );
}
