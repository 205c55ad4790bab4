import { NextResponse } from "next/server";
import { requireAssessmentRole } from "@/lib/auth/session";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { jsonRoute } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { getDb } from "@/lib/db/client";
import { overrideBodySchema } from "@/lib/overrides/requests";
import { setScoreOverride } from "@/lib/overrides/set-score-override";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ assessmentId: string }>;
}

/**
 * Sets a part's or a problem's score for one student, with a required
 * comment the student sees; audited. TAs and instructors of the course only.
 * Body: { studentId, assessmentProblemId, partId ("" = whole problem), score (0–1), comment }.
 */
export const POST = jsonRoute<Context>(async (request, { params }) => {
  const { assessmentId } = await params;
  const actor = await requireAssessmentRole(assessmentId, STAFF_ROLES);
  const body = await readJson(request, overrideBodySchema);
  const result = await setScoreOverride({ db: getDb(), actor, assessmentId, ...body });
  return NextResponse.json(result, { status: 201 });
});
