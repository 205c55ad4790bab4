import { NextResponse } from "next/server";
import { requireAssessmentRole } from "@/lib/auth/session";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { jsonRoute } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { getDb } from "@/lib/db/client";
import { gradeQueuedAnswer } from "@/lib/manual-grading/grade-queued-answer";
import { gradeBodySchema } from "@/lib/manual-grading/requests";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ assessmentId: string }>;
}

/**
 * Grades one answer the caller holds (claimed through …/grading/next): body
 * { assessmentProblemId, partId, studentId, rubricItemIds, points?, comment? }.
 * Stored as an audited part override; 409 when the caller does not hold the answer.
 */
export const POST = jsonRoute<Context>(async (request, { params }) => {
  const { assessmentId } = await params;
  const actor = await requireAssessmentRole(assessmentId, STAFF_ROLES);
  const body = await readJson(request, gradeBodySchema);
  const result = await gradeQueuedAnswer({ db: getDb(), actor, assessmentId, ...body });
  return NextResponse.json(result, { status: 201 });
});
