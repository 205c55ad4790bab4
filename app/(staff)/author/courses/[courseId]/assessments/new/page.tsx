import Link from "next/link";
import { pageCourseRole } from "@/lib/auth/page-guards";
import { getDb } from "@/lib/db/client";
import { problemChoices } from "@/lib/assessments/editor-data";
import { getCourseSettings } from "@/lib/courses/course-settings";
import { AssessmentForm } from "../../../../assessments/assessment-form";

export const metadata = { title: "New assessment" };
export const dynamic = "force-dynamic";

export default async function NewAssessmentPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  const path = `/author/courses/${courseId}/assessments/new`;
  await pageCourseRole(path, courseId, ["INSTRUCTOR"]);
  const [problems, course] = await Promise.all([problemChoices({ db: getDb(), courseId }), getCourseSettings({ db: getDb(), courseId })]);
  return (
    <>
      <p className="muted">
        <Link href="/author">Authoring</Link>
      </p>
      <h1>New assessment</h1>
      <section className="card">
        <AssessmentForm
          courseId={courseId}
          values={{
            title: "",
            slug: "",
            description: "",
            opensAt: "",
            dueAt: "",
            lateCutoffAt: "",
            attemptLimit: 3,
            latePenaltyPerDay: 0.1,
            scoringPolicy: "BEST",
            revealPolicy: "AFTER_DUE",
            feedbackMode: "PRACTICE",
            handoutNumbers: false,
            timeLimitMinutes: null,
          }}
          problems={problems}
          timeZone={course.timeZone}
        />
      </section>
    </>
  );
}
