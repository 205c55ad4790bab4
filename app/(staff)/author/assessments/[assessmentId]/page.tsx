import Link from "next/link";
import { notFound } from "next/navigation";
import { pageCourseRole, pageStaff } from "@/lib/auth/page-guards";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assessmentForEditing, problemChoices, toDateTimeLocal } from "@/lib/assessments/editor-data";
import { AssessmentForm } from "../assessment-form";
import { PublishControls } from "../publish-controls";

export const metadata = { title: "Edit assessment" };
export const dynamic = "force-dynamic";

export default async function EditAssessmentPage({ params }: { params: Promise<{ assessmentId: string }> }) {
  const { assessmentId } = await params;
  const path = `/author/assessments/${assessmentId}`;
  await pageStaff(path, ["INSTRUCTOR"]);
  const db = getDb();
  let assessment;
  try {
    assessment = await assessmentForEditing({ db, assessmentId });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  await pageCourseRole(path, assessment.courseId, ["INSTRUCTOR"]);
  const problems = await problemChoices({ db, courseId: assessment.courseId, assessmentId });
  return (
    <>
      <p className="muted">
        <Link href="/author">Authoring</Link> / {assessment.course.title}
      </p>
      <h1>
        {assessment.title} <span className="tag">{assessment.published ? "published" : "draft"}</span>
      </h1>
      <PublishControls assessmentId={assessment.id} published={assessment.published} />
      <section className="card">
        <AssessmentForm
          assessmentId={assessment.id}
          values={{
            title: assessment.title,
            slug: assessment.slug,
            description: assessment.description,
            opensAt: toDateTimeLocal(assessment.opensAt, assessment.course.timeZone),
            dueAt: toDateTimeLocal(assessment.dueAt, assessment.course.timeZone),
            lateCutoffAt: toDateTimeLocal(assessment.lateCutoffAt, assessment.course.timeZone),
            attemptLimit: assessment.attemptLimit,
            latePenaltyPerDay: assessment.latePenaltyPerDay,
            scoringPolicy: assessment.scoringPolicy,
            revealPolicy: assessment.revealPolicy,
            feedbackMode: assessment.feedbackMode,
            handoutNumbers: assessment.handoutNumbers,
            timeLimitMinutes: assessment.timeLimitMinutes,
          }}
          problems={problems}
          timeZone={assessment.course.timeZone}
        />
      </section>
    </>
  );
}
