import { NextResponse } from "next/server";
import { requireAssessmentRole } from "@/lib/auth/session";
import { jsonRoute } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { getDb } from "@/lib/db/client";
import { exceptionImportBodySchema } from "@/lib/exceptions/requests";
import { importExceptions, planExceptionImport } from "@/lib/exceptions/import-exceptions";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ assessmentId: string }>;
}

/** Larger than a JSON answer body: a CSV of a large course's exceptions. */
const MAX_IMPORT_BYTES = 600 * 1024;

/**
 * Imports exceptions from CSV. Body: { csv }. With ?dryRun=1 nothing is
 * stored: 200 with the rows that would be created and every row's errors.
 * Without it, all rows are stored in one transaction (201), or, if any row
 * has an error, none (400 with details.rows). Instructors only.
 */
export const POST = jsonRoute<Context>(async (request, { params }) => {
  const { assessmentId } = await params;
  const actor = await requireAssessmentRole(assessmentId, ["INSTRUCTOR"]);
  const { csv } = await readJson(request, exceptionImportBodySchema, MAX_IMPORT_BYTES);
  const dryRun = ["1", "true"].includes(new URL(request.url).searchParams.get("dryRun") ?? "");
  const db = getDb();
  if (dryRun) return NextResponse.json({ dryRun: true, ...(await planExceptionImport({ db, assessmentId, csv })) });
  return NextResponse.json({ dryRun: false, ...(await importExceptions({ db, assessmentId, csv, actorId: actor.id })) }, { status: 201 });
});
