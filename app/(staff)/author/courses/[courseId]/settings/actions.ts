"use server";

import { submittedForm } from "@/lib/http/action-input";
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { requireCourseRole } from "@/lib/auth/session";
import { toAppError } from "@/lib/http/route";
import { courseSettingsSchema } from "@/lib/courses/requests";
import { updateCourseSettings } from "@/lib/courses/course-settings";
import { idSchema } from "@/lib/http/requests";

// The course settings form, for the course's instructors only: the role is checked on the server before the form is read.

export interface CourseSettingsState {
  error: string | null;
  saved: boolean;
}

export async function updateCourseSettingsAction(_previous: CourseSettingsState, form: FormData): Promise<CourseSettingsState> {
  try {
    form = submittedForm(form);
    const courseId = idSchema.parse(form.get("courseId"));
    const actor = await requireCourseRole(courseId, ["INSTRUCTOR"]);
    const settings = courseSettingsSchema.parse({ timeZone: form.get("timeZone") });
    await updateCourseSettings({ db: getDb(), actorId: actor.id, courseId, settings });
    revalidatePath(`/author/courses/${courseId}/settings`);
    return { error: null, saved: true };
  } catch (error) {
    const appError = toAppError(error);
    if (!appError) throw error;
    return { error: appError.message, saved: false };
  }
}
