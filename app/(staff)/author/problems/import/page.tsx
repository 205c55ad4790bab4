import Link from "next/link";
import { instructorCourse } from "../instructor-course";
import { ModelImportForm } from "./model-import-form";

export const metadata = { title: "Import a PyTorch model" };
export const dynamic = "force-dynamic";

export default async function ImportModelPage({ searchParams }: { searchParams: Promise<{ courseId?: string }> }) {
  const { courseId: requested } = await searchParams;
  const chosen = await instructorCourse("/author/problems/import", requested, "Import a PyTorch model");
  if (!("course" in chosen)) return chosen.choice;
  const { course } = chosen;
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
