import Link from "next/link";
import { ProblemEditor } from "../problem-editor";
import { instructorCourse } from "../instructor-course";
import { STARTER_DOCUMENT } from "@/app/components/author/starter-document";

export const metadata = { title: "New problem" };
export const dynamic = "force-dynamic";

export default async function NewProblemPage({ searchParams }: { searchParams: Promise<{ courseId?: string }> }) {
  const { courseId: requested } = await searchParams;
  const chosen = await instructorCourse("/author/problems/new", requested, "New problem");
  if (!("course" in chosen)) return chosen.choice;
  const { course } = chosen;
  return (
    <>
      <p className="muted">
        <Link href="/author">Authoring</Link> / <Link href="/author/problems">Problems</Link> / {course.title}
      </p>
      <h1>New problem</h1>
      <ProblemEditor
        courseId={course.id}
        courseTitle={course.title}
        initialText={STARTER_DOCUMENT}
        draftKey={`${course.id}.new`}
        assessments={course.assessments.map(({ id, title }) => ({ id, title }))}
      />
    </>
  );
}
