"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { requireAssessmentRole } from "@/lib/auth/session";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { actionAccess } from "@/lib/auth/page-guards";
import { submittedForm } from "@/lib/http/action-input";
import { toAppError } from "@/lib/http/route";
import { gradeQueuedAnswer } from "@/lib/manual-grading/grade-queued-answer";
import { gradeFormSchema } from "@/lib/manual-grading/requests";
import { gradingPath } from "../../grading-path";

/**
 * Saves a TA's grade of one answer and opens the next one. The session and
 * the TA/instructor role are checked here and again in lib (which also checks
 * the claim); a refused grade comes back to the same answer with the reason.
 */
export async function gradeAnswerAction(form: FormData): Promise<void> {
  form = submittedForm(form);
  const parsed = gradeFormSchema.safeParse({
    assessmentId: form.get("assessmentId"),
    assessmentProblemId: form.get("assessmentProblemId"),
    partId: form.get("partId"),
    studentId: form.get("studentId"),
    rubricItemIds: form.getAll("rubric"),
    points: form.get("points") ?? "",
    comment: form.get("comment") ?? "",
  });
  if (!parsed.success) {
    const field = (name: string) => String(form.get(name) ?? "");
    const issue = parsed.error.issues[0];
    // Back to the answer with what was wrong; a form without its ids cannot name an answer, so it goes to the gradebook.
    if (!field("assessmentId") || !field("assessmentProblemId") || !field("partId") || !field("studentId")) redirect("/gradebook");
    redirect(
      gradingPath(
        field("assessmentId"),
        field("assessmentProblemId"),
        field("partId"),
        field("studentId"),
        `${issue.path.join(".")}: ${issue.message}`,
      ),
    );
  }
  const { assessmentId, assessmentProblemId, partId, studentId, ...grade } = parsed.data;
  const here = gradingPath(assessmentId, assessmentProblemId, partId, studentId);
  const actor = await actionAccess(here, () => requireAssessmentRole(assessmentId, STAFF_ROLES));
  try {
    await gradeQueuedAnswer({ db: getDb(), actor, assessmentId, assessmentProblemId, partId, studentId, ...grade });
  } catch (error) {
    const appError = toAppError(error);
    if (!appError || appError.code === "FORBIDDEN" || appError.code === "UNAUTHENTICATED") throw error;
    redirect(gradingPath(assessmentId, assessmentProblemId, partId, studentId, appError.message));
  }
  revalidatePath(`/gradebook/${assessmentId}`);
  redirect(gradingPath(assessmentId, assessmentProblemId, partId));
}
