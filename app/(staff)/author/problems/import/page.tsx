import Link from "next/link";
import { pageCourseRole, pageStaff } from "@/lib/auth/page-guards";
import { getDb } from "@/lib/db/client";
import { listCoursesForUser } from "@/lib/courses/list-courses-for-user";
import { ModelImportForm } from "./model-import-form";

export const metadata = { title: "Import a PyTorch model" };
export const dynamic = "force-dynamic";

export default async function ImportModelPage({ searchParams }: { searchParams: Promise<{ courseId?: string }> }) {
  const { courseId: requested } = await searchParams;
  const path = `/author/problems/import${requested ? `?courseId=${encodeURIComponent(requested)}` : ""}`;
  const user = await pageStaff(path, ["INSTRUCTOR"]);
  const courses = await listCoursesForUser({ db: getDb(), userId: user.id, roles: ["INSTRUCTOR"] });
  const courseId = requested ?? (courses.length === 1 ? courses[0].id : undefined);
  if (!courseId) {
    return (
      <>
        <h1>Import a PyTorch model</h1>
        <p>Which course is it for?</p>
        <ul>
          {courses.map((course) => (
            <li key={course.id}>
              <Link href={`/author/problems/import?courseId=${encodeURIComponent(course.id)}`}>{course.title}</Link>
            </li>
          ))}
        </ul>
      </>
    );
  }
  await pageCourseRole(path, courseId, ["INSTRUCTOR"]);
  const course = courses.find((candidate) => candidate.id === courseId)!;
  return (
    <>
      <p className="muted">
        <Link href="/author">Authoring</Link> / <Link href="/author/problems">Problems</Link> / {course.title}
      </p>
      <h1>Import a PyTorch model</h1>
      <ModelImportForm
        courseId={course.id}
        courseTitle={course.title}
        assessments={course.assessments.map(({ id, title }) => ({ id, title }))}
      />
    </>
  );
}
