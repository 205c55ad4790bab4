import { NextResponse } from "next/server";
import { requireAssessmentRole } from "@/lib/auth/session";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { jsonRoute } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { exceptionBodySchema, exceptionIdSchema } from "@/lib/exceptions/requests";
import { courseTimeZone } from "@/lib/courses/course-time-zone";
import { createException, deleteException, listExceptions } from "@/lib/exceptions/manage-exceptions";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ assessmentId: string }>;
}

/** The assessment's per-student and per-section exceptions. TAs and instructors of the course. */
export const GET = jsonRoute<Context>(async (_request, { params }) => {
  const { assessmentId } = await params;
  await requireAssessmentRole(assessmentId, STAFF_ROLES);
  return NextResponse.json({ exceptions: await listExceptions(getDb(), assessmentId) });
});

/**
 * Grants an exception; audited. Instructors only: it changes a student's
 * deadlines and attempts, which TAs do not decide.
 * Body: { studentId | section, dueAt?, lateCutoffAt?, extraAttempts?, timeMultiplier?, reason }.
 */
export const POST = jsonRoute<Context>(async (request, { params }) => {
  const { assessmentId } = await params;
  const actor = await requireAssessmentRole(assessmentId, ["INSTRUCTOR"]);
  const body = await readJson(request, exceptionBodySchema(await courseTimeZone(getDb(), { assessmentId })));
  return NextResponse.json(await createException(getDb(), actor.id, assessmentId, body), { status: 201 });
});

/** Removes one exception (?id=); audited. Instructors only. */
export const DELETE = jsonRoute<Context>(async (request, { params }) => {
  const { assessmentId } = await params;
  const actor = await requireAssessmentRole(assessmentId, ["INSTRUCTOR"]);
  const query = exceptionIdSchema.safeParse({ id: new URL(request.url).searchParams.get("id") });
  if (!query.success) throw new AppError("INVALID_INPUT", "Say which exception with ?id=.");
  return NextResponse.json(await deleteException(getDb(), actor.id, assessmentId, query.data.id));
});
