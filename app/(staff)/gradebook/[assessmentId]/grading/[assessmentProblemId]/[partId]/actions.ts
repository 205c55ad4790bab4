"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { requireAssessmentRole } from "@/lib/auth/session";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { actionAccess } from "@/lib/auth/page-guards";
import { formOrEmpty } from "@/lib/http/action-input";
import { toAppError } from "@/lib/http/route";
import { gradeQueuedAnswer } from "@/lib/manual-grading/grade-queued-answer";
import { gradeFormSchema } from "@/lib/manual-grading/requests";
import { gradingPath } from "../../grading-path";

export interface GradeFormState {
  error: string | null;
}

/**
 * Saves a TA's grade of one answer and opens the next one. The session and
 * the TA/instructor role of the assessment's course are checked first, here
 * and again in lib (which also checks the claim); a refused grade comes back
 * to the form with the reason.
 */
export async function gradeAnswerAction(_previous: GradeFormState, form: FormData): Promise<GradeFormState> {
  // Anything but a form reads as an empty one: refused by the role check or the form check below, never a 500.
  form = formOrEmpty(form);
  const assessmentId = String(form.get("assessmentId") ?? "");
  const actor = await actionAccess(`/gradebook/${encodeURIComponent(assessmentId)}/grading`, () =>
    requireAssessmentRole(assessmentId, STAFF_ROLES),
  );
  const parsed = gradeFormSchema.safeParse({
    assessmentId,
    assessmentProblemId: form.get("assessmentProblemId"),
    partId: form.get("partId"),
    member: form.get("member") ?? undefined,
    studentId: form.get("studentId"),
    rubricItemIds: form.getAll("rubric"),
    points: form.get("points") ?? "",
    comment: form.get("comment") ?? "",
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `The grading form is incomplete (${issue.path.join(".") || "form"}: ${issue.message}); reload the page.` };
  }
  const { assessmentId: _checkedAbove, assessmentProblemId, partId, member, studentId, ...grade } = parsed.data;
  try {
    await gradeQueuedAnswer({ db: getDb(), actor, assessmentId, assessmentProblemId, partId, member, studentId, ...grade });
  } catch (error) {
    const appError = toAppError(error);
    if (!appError) throw error;
    return { error: appError.message };
  }
  revalidatePath(`/gradebook/${assessmentId}`);
  redirect(gradingPath(assessmentId, assessmentProblemId, partId, { member }));
}
