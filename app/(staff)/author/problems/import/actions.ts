"use server";

import { requireCourseRole } from "@/lib/auth/session";
import { toAppError } from "@/lib/http/route";
import { importPytorchModel, type ImportedModel } from "@/lib/authoring/import-pytorch-model";
import { modelImportInputSchema, type ModelImportInput } from "@/lib/authoring/requests";

// The "Import a PyTorch model" form's server action. It checks, on the
// server, that the user is an instructor of the course; it changes nothing
// (the document is published later from the problem editor).

export type ModelImportOutcome = ({ ok: true } & ImportedModel) | { ok: false; message: string };

/** The problem document for a pasted model, or a message saying what is wrong with it and what to do. */
export async function importModelAction(input: ModelImportInput): Promise<ModelImportOutcome> {
  try {
    const { courseId, ...options } = modelImportInputSchema.parse(input);
    await requireCourseRole(courseId, ["INSTRUCTOR"]);
    return { ok: true, ...importPytorchModel(options) };
  } catch (error) {
    const appError = toAppError(error);
    if (!appError) throw error;
    return { ok: false, message: appError.message };
  }
}
