import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { FORBIDDEN_PATH, pageStaff } from "@/lib/auth/page-guards";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { listCoursesForUser } from "@/lib/courses/list-courses-for-user";
import { getAuthoredProblem } from "@/lib/authoring/get-authored-problem";
import { publishedText } from "@/lib/authoring/author-text";
import type { DocumentFormat } from "@/lib/authoring/contract";
import { ProblemEditor } from "../problem-editor";
import { DataTable } from "@/app/components/table/data-table";
import { LocalDate } from "@/app/components/dates/local-date";

export const metadata = { title: "Edit problem" };
export const dynamic = "force-dynamic";

export default async function EditProblemPage({ params }: { params: Promise<{ problemId: string }> }) {
  const { problemId } = await params;
  const path = `/author/problems/${problemId}`;
  const user = await pageStaff(path, ["INSTRUCTOR"]);
  const db = getDb();
  let problem;
  try {
    problem = await getAuthoredProblem({ db, actor: user, problemId });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    if (error instanceof AppError && error.code === "FORBIDDEN") redirect(`${FORBIDDEN_PATH}?from=${encodeURIComponent(path)}`);
    throw error;
  }
  const course = (await listCoursesForUser({ db, userId: user.id, roles: ["INSTRUCTOR"] })).find(
    (candidate) => candidate.id === problem.courseId,
  )!;
  const { current } = problem;
  return (
    <>
      <p className="muted">
        <Link href="/author">Authoring</Link> / <Link href="/author/problems">Problems</Link> / {course.title}
      </p>
      <h1>
        {current.title} <span className="tag">version {current.version}</span>
      </h1>
      <section className="card" aria-labelledby="versions">
        <h2 id="versions">Versions of {problem.slug}</h2>
        <p className="muted pe-small">
          Published versions never change. Editing below and publishing makes version {problem.versions[0].version + 1}; assessments keep
          the version they placed until you regrade them from the gradebook.
        </p>
        <DataTable
          rows={problem.versions}
          rowKey={(version) => version.problemId}
          isCurrent={(version) => version.problemId === current.problemId}
          columns={[
            {
              header: "Version",
              cell: (version) =>
                version.problemId === current.problemId ? (
                  <strong>v{version.version} (open)</strong>
                ) : (
                  <Link href={`/author/problems/${version.problemId}`}>v{version.version}</Link>
                ),
            },
            { header: "Title", cell: (version) => version.title },
            {
              header: "Published",
              cell: (version) => (
                <>
                  <LocalDate at={version.createdAt} timeZone={course.timeZone} />
                  {version.createdBy ? `, ${version.createdBy}` : ""}
                </>
              ),
            },
            { header: "Placed in", cell: (version) => `${version.placements} assessments` },
            {
              header: "Export",
              cell: (version) => <ExportLinks problemId={version.problemId} authorFormat={version.authorFormat} />,
            },
          ]}
        />
      </section>
      <ProblemEditor
        courseId={problem.courseId}
        courseTitle={course.title}
        initialText={publishedText(problem.published).text}
        draftKey={`${problem.courseId}.${problem.slug}`}
        assessments={course.assessments.map(({ id, title }) => ({ id, title }))}
      />
    </>
  );
}

/**
 * The version as its author published it (their text, byte for byte), and
 * in the other format, which can only be the canonical form. A version
 * published before authors' texts were kept has only canonical forms.
 */
function ExportLinks({ problemId, authorFormat }: { problemId: string; authorFormat: DocumentFormat | null }) {
  const href = (format: DocumentFormat) => `/author/problems/${problemId}/export?format=${format}`;
  if (!authorFormat) {
    return (
      <>
        <a href={href("yaml")} download>
          YAML
        </a>{" "}
        <a href={href("json")} download>
          JSON
        </a>{" "}
        <span className="muted pe-small">(canonical)</span>
      </>
    );
  }
  const other = authorFormat === "yaml" ? "json" : "yaml";
  return (
    <>
      <a href={href(authorFormat)} download>
        {authorFormat.toUpperCase()} as published
      </a>{" "}
      <a href={href(other)} download>
        {other.toUpperCase()} (canonical)
      </a>
    </>
  );
}
