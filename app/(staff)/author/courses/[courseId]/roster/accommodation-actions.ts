"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { requireCourseRole } from "@/lib/auth/session";
import { submittedForm } from "@/lib/http/action-input";
import { toAppError } from "@/lib/http/route";
import { idSchema } from "@/lib/http/requests";
import { accommodationBodySchema } from "@/lib/exceptions/requests";
import { removeAccommodation, setAccommodation } from "@/lib/exceptions/accommodations";

// A student's time accommodation on every timed assessment of the course,
// for the course's instructors only: each action checks the session and the
// role on the server before reading the rest of the form.

export interface AccommodationState {
  error: string | null;
  fieldErrors: Record<string, string>;
  saved: boolean;
}

function refused(error: unknown): AccommodationState {
  const appError = toAppError(error);
  if (!appError) throw error;
  const fields = (appError.details as { fields?: { path: string; message: string }[] } | undefined)?.fields ?? [];
  const fieldErrors: Record<string, string> = {};
  for (const field of fields) fieldErrors[field.path || "form"] ??= field.message;
  return { error: fields.length > 0 ? "Some fields need attention." : appError.message, fieldErrors, saved: false };
}

export async function setAccommodationAction(_previous: AccommodationState, form: FormData): Promise<AccommodationState> {
  try {
    form = submittedForm(form);
    const courseId = idSchema.parse(form.get("courseId"));
    const actor = await requireCourseRole(courseId, ["INSTRUCTOR"]);
    const multiplier = String(form.get("timeMultiplier") ?? "").trim();
    const body = accommodationBodySchema.parse({
      studentId: String(form.get("studentId") ?? "") || undefined,
      timeMultiplier: multiplier === "" || !Number.isFinite(Number(multiplier)) ? multiplier : Number(multiplier),
      reason: String(form.get("reason") ?? ""),
    });
    await setAccommodation(getDb(), actor.id, courseId, body);
    revalidatePath(`/author/courses/${courseId}/roster`);
    return { error: null, fieldErrors: {}, saved: true };
  } catch (error) {
    return refused(error);
  }
}

export async function removeAccommodationAction(_previous: AccommodationState, form: FormData): Promise<AccommodationState> {
  try {
    form = submittedForm(form);
    const courseId = idSchema.parse(form.get("courseId"));
    const actor = await requireCourseRole(courseId, ["INSTRUCTOR"]);
    const studentId = idSchema.safeParse(form.get("studentId"));
    if (!studentId.success) return { error: "Say whose accommodation to remove.", fieldErrors: {}, saved: false };
    await removeAccommodation(getDb(), actor.id, courseId, studentId.data);
    revalidatePath(`/author/courses/${courseId}/roster`);
    return { error: null, fieldErrors: {}, saved: true };
  } catch (error) {
    return refused(error);
  }
}
