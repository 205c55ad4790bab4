"use server";

import { formOrEmpty, submittedForm } from "@/lib/http/action-input";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { requireAssessmentRole, requireCourseRole } from "@/lib/auth/session";
import { actionAccess } from "@/lib/auth/page-guards";
import { AppError } from "@/lib/errors";
import { toAppError } from "@/lib/http/route";
import { createAssessment, duplicateAssessment, setAssessmentPublished, updateAssessment } from "@/lib/assessments/manage-assessment";
import { placementsFromForm } from "@/lib/assessments/placements-from-form";
import { idSchema } from "@/lib/http/requests";

// Instructors' assessment actions. Each checks, on the server, that the user
// is an instructor of the course the assessment belongs to.

export interface AssessmentFormState {
  error: string | null;
  fieldErrors: Record<string, string>;
  saved: boolean;
}

/** Form fields → settings: empty means "none" for dates and the attempt limit. */
function settingsFrom(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const numberOrNull = (name: string) => (text(name) === "" ? null : Number(text(name)));
  return {
    title: text("title"),
    slug: text("slug"),
    description: text("description"),
    opensAt: text("opensAt"),
    dueAt: text("dueAt"),
    lateCutoffAt: text("lateCutoffAt"),
    attemptLimit: numberOrNull("attemptLimit"),
    latePenaltyPerDay: Number(text("latePenaltyPercent") || "0") / 100,
    scoringPolicy: text("scoringPolicy") as "BEST",
    revealPolicy: text("revealPolicy") as "AFTER_DUE",
    feedbackMode: text("feedbackMode") as "PRACTICE",
    handoutNumbers: text("handoutNumbers") === "on",
    timeLimitMinutes: numberOrNull("timeLimitMinutes"),
  };
}

function formFailure(error: unknown): AssessmentFormState {
  if (error instanceof z.ZodError) {
    const fieldErrors = Object.fromEntries(error.issues.map((issue) => [issue.path.join(".") || "form", issue.message]));
    return { error: "Some fields need attention.", fieldErrors, saved: false };
  }
  const appError = toAppError(error);
  if (!appError) throw error;
  return { error: appError.message, fieldErrors: {}, saved: false };
}

async function instructorOfAssessment(assessmentId: string) {
  return { actor: await requireAssessmentRole(assessmentId, ["INSTRUCTOR"]) };
}

export async function createAssessmentAction(_previous: AssessmentFormState, form: FormData): Promise<AssessmentFormState> {
  let createdId: string;
  try {
    form = submittedForm(form);
    const courseId = idSchema.parse(form.get("courseId"));
    const actor = await requireCourseRole(courseId, ["INSTRUCTOR"]);
    const created = await createAssessment({
      db: getDb(),
      actorId: actor.id,
      courseId,
      settings: settingsFrom(form),
      placements: await placementsFromForm(getDb(), form),
    });
    createdId = created!.id;
  } catch (error) {
    return formFailure(error);
  }
  redirect(`/author/assessments/${createdId}`);
}

export async function updateAssessmentAction(_previous: AssessmentFormState, form: FormData): Promise<AssessmentFormState> {
  try {
    form = submittedForm(form);
    const assessmentId = idSchema.parse(form.get("assessmentId"));
    const { actor } = await instructorOfAssessment(assessmentId);
    await updateAssessment({
      db: getDb(),
      actorId: actor.id,
      assessmentId,
      settings: settingsFrom(form),
      placements: await placementsFromForm(getDb(), form),
    });
    revalidatePath(`/author/assessments/${assessmentId}`);
    return { error: null, fieldErrors: {}, saved: true };
  } catch (error) {
    return formFailure(error);
  }
}

export async function publishAssessmentAction(_previous: AssessmentFormState, form: FormData): Promise<AssessmentFormState> {
  try {
    form = submittedForm(form);
    const assessmentId = idSchema.parse(form.get("assessmentId"));
    const { actor } = await instructorOfAssessment(assessmentId);
    await setAssessmentPublished({ db: getDb(), actorId: actor.id, assessmentId, published: form.get("published") === "true" });
    revalidatePath(`/author/assessments/${assessmentId}`);
    return { error: null, fieldErrors: {}, saved: true };
  } catch (error) {
    return formFailure(error);
  }
}

export async function duplicateAssessmentAction(form: FormData): Promise<void> {
  form = formOrEmpty(form);
  const parsed = idSchema.safeParse(form.get("assessmentId"));
  const assessmentId = parsed.success ? parsed.data : "";
  // A refused or malformed request goes to sign in or the forbidden page, like a page would.
  const { actor } = await actionAccess(`/author/assessments/${assessmentId}`, async () => {
    if (!parsed.success) throw new AppError("NOT_FOUND", "There is no such assessment.");
    return instructorOfAssessment(assessmentId);
  });
  const copy = await duplicateAssessment({ db: getDb(), actorId: actor.id, assessmentId });
  redirect(`/author/assessments/${copy.id}`);
}
