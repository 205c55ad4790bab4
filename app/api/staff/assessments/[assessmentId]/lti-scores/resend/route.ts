import { NextResponse } from "next/server";
import { requireAssessmentRole } from "@/lib/auth/session";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { jsonRoute } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { getDb } from "@/lib/db/client";
import { resendScoresBodySchema } from "@/lib/lti/ags/requests";
import { resendScores } from "@/lib/lti/ags/score-sync";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ assessmentId: string }>;
}

/**
 * Sends the current score to the LMS again: body { studentId } for one
 * student, {} for every student of the course; audited. TAs and instructors only.
 */
export const POST = jsonRoute<Context>(async (request, { params }) => {
  const { assessmentId } = await params;
  const actor = await requireAssessmentRole(assessmentId, STAFF_ROLES);
  const body = await readJson(request, resendScoresBodySchema);
  return NextResponse.json(await resendScores({ db: getDb(), actor, assessmentId, studentId: body.studentId }), { status: 202 });
});
