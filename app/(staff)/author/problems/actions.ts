"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { requireCourseRole } from "@/lib/auth/session";
import { toAppError } from "@/lib/http/route";
import type { DocumentErrorInfo, DocumentValidation, PublishedProblem } from "@/lib/authoring/contract";
import { validateProblemDocument } from "@/lib/authoring/validate-document";
import { publishProblem } from "@/lib/authoring/publish-problem";
import { documentInputSchema, type DocumentInput } from "@/lib/authoring/requests";

// The problem editor's server actions. Each checks, on the server, that the
// user is an instructor of the course the document is for; the lib functions
// check it again for their own callers.

export interface ActionFailure {
  ok: false;
  message: string;
  /** Set when publishing was refused because validation failed. */
  validation?: DocumentValidation;
  /** Set when the document does not compile. */
  document?: DocumentErrorInfo;
}

function failure(error: unknown): ActionFailure {
  const appError = toAppError(error);
  if (!appError) throw error;
  const details = (appError.details ?? {}) as { validation?: DocumentValidation; document?: DocumentErrorInfo };
  return {
    ok: false,
    message: appError.message,
    ...(details.validation ? { validation: details.validation } : {}),
    ...(details.document ? { document: details.document } : {}),
  };
}

/** Runs the document on 50 seeds, as publishing will, in a worker thread within the authoring budget. */
export async function validateDocumentAction(input: DocumentInput): Promise<{ ok: true; validation: DocumentValidation } | ActionFailure> {
  try {
    const { courseId, text, format } = documentInputSchema.parse(input);
    await requireCourseRole(courseId, ["INSTRUCTOR"]);
    return { ok: true, validation: await validateProblemDocument({ text, format }) };
  } catch (error) {
    return failure(error);
  }
}

/** Validates and publishes a new version; refused, with the failing seed, when validation fails. */
export async function publishDocumentAction(input: DocumentInput): Promise<{ ok: true; published: PublishedProblem } | ActionFailure> {
  try {
    const { courseId, text, format } = documentInputSchema.parse(input);
    const actor = await requireCourseRole(courseId, ["INSTRUCTOR"]);
    const published = await publishProblem({ db: getDb(), actor, courseId, text, format });
    revalidatePath("/author");
    revalidatePath("/author/problems");
    return { ok: true, published };
  } catch (error) {
    return failure(error);
  }
}
