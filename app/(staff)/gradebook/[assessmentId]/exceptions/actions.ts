"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { requireAssessmentRole } from "@/lib/auth/session";
import { submittedForm } from "@/lib/http/action-input";
import { toAppError } from "@/lib/http/route";
import { idSchema } from "@/lib/http/requests";
import { exceptionBodySchema } from "@/lib/exceptions/requests";
import { courseTimeZone } from "@/lib/courses/course-time-zone";
import { createException, deleteException } from "@/lib/exceptions/manage-exceptions";
import { importExceptions, planExceptionImport } from "@/lib/exceptions/import-exceptions";
import type { ExceptionRowError } from "@/lib/exceptions/exceptions-csv";
import { describeTerms } from "@/lib/exceptions/describe-exceptions";

// The Exceptions page's changes, for the course's instructors only: every
// action checks the session and the role on the server, whatever the form sent.

export interface ExceptionFormState {
  error: string | null;
  /** Field name → what is wrong with it, shown beside the field. */
  fieldErrors: Record<string, string>;
  saved: boolean;
}

function fieldErrorsOf(details: unknown): Record<string, string> {
  const fields = (details as { fields?: { path: string; message: string }[] } | undefined)?.fields ?? [];
  const errors: Record<string, string> = {};
  for (const field of fields) errors[field.path || "form"] ??= field.message;
  return errors;
}

function refused(error: unknown): ExceptionFormState {
  const appError = toAppError(error);
  if (!appError) throw error;
  const fieldErrors = fieldErrorsOf(appError.details);
  return { error: Object.keys(fieldErrors).length > 0 ? "Some fields need attention." : appError.message, fieldErrors, saved: false };
}

function assessmentIdOf(form: FormData): string {
  return idSchema.parse(form.get("assessmentId"));
}

/** Optional form fields: empty means "not given". */
function optional(form: FormData, name: string): string | undefined {
  const value = String(form.get(name) ?? "").trim();
  return value === "" ? undefined : value;
}

function optionalNumber(form: FormData, name: string): number | string | undefined {
  const value = optional(form, name);
  if (value === undefined) return undefined;
  return Number.isFinite(Number(value)) ? Number(value) : value;
}

export async function createExceptionAction(_previous: ExceptionFormState, form: FormData): Promise<ExceptionFormState> {
  try {
    form = submittedForm(form);
    const assessmentId = assessmentIdOf(form);
    const actor = await requireAssessmentRole(assessmentId, ["INSTRUCTOR"]);
    const forSection = form.get("for") === "section";
    const body = exceptionBodySchema(await courseTimeZone(getDb(), { assessmentId })).parse({
      studentId: forSection ? undefined : optional(form, "studentId"),
      section: forSection ? optional(form, "section") : undefined,
      dueAt: optional(form, "dueAt"),
      lateCutoffAt: optional(form, "lateCutoffAt"),
      extraAttempts: optionalNumber(form, "extraAttempts"),
      timeMultiplier: optionalNumber(form, "timeMultiplier"),
      reason: String(form.get("reason") ?? ""),
    });
    await createException(getDb(), actor.id, assessmentId, body);
    revalidatePath(`/gradebook/${assessmentId}/exceptions`);
    return { error: null, fieldErrors: {}, saved: true };
  } catch (error) {
    return refused(error);
  }
}

export interface DeleteState {
  error: string | null;
}

export async function deleteExceptionAction(_previous: DeleteState, form: FormData): Promise<DeleteState> {
  try {
    form = submittedForm(form);
    const assessmentId = assessmentIdOf(form);
    const actor = await requireAssessmentRole(assessmentId, ["INSTRUCTOR"]);
    await deleteException(getDb(), actor.id, assessmentId, idSchema.parse(form.get("id")));
    revalidatePath(`/gradebook/${assessmentId}/exceptions`);
    return { error: null };
  } catch (error) {
    const appError = toAppError(error);
    if (!appError) throw error;
    return { error: appError.message };
  }
}

export interface ExceptionImportState {
  /** "preview": nothing stored yet; "imported": every row was stored. */
  stage: "idle" | "preview" | "imported";
  csv: string;
  rows: { line: number; who: string; name: string | null; terms: string; reason: string }[];
  rowErrors: ExceptionRowError[];
  error: string | null;
}

export async function importExceptionsAction(previous: ExceptionImportState, form: FormData): Promise<ExceptionImportState> {
  const csvSent = typeof previous?.csv === "string" ? previous.csv : "";
  try {
    form = submittedForm(form);
    const assessmentId = assessmentIdOf(form);
    const actor = await requireAssessmentRole(assessmentId, ["INSTRUCTOR"]);
    const csv = String(form.get("csv") ?? "");
    const db = getDb();
    const apply = form.get("intent") === "import";
    const plan = await planExceptionImport({ db, assessmentId, csv });
    if (plan.errors.length > 0) {
      return {
        stage: "idle",
        csv,
        rows: [],
        rowErrors: plan.errors,
        error: "Nothing was imported: fix the lines below, then preview again.",
      };
    }
    const timeZone = await courseTimeZone(db, { assessmentId });
    if (apply) {
      await importExceptions({ db, assessmentId, csv, actorId: actor.id });
      revalidatePath(`/gradebook/${assessmentId}/exceptions`);
    }
    return {
      stage: apply ? "imported" : "preview",
      csv,
      rows: plan.rows.map((row) => ({
        line: row.line,
        who: row.target.section !== null ? `section ${row.who}` : row.who,
        name: row.name,
        terms: describeTerms(row, timeZone),
        reason: row.reason,
      })),
      rowErrors: [],
      error: null,
    };
  } catch (error) {
    const appError = toAppError(error);
    if (!appError) throw error;
    return { stage: "idle", csv: csvSent, rows: [], rowErrors: [], error: appError.message };
  }
}
