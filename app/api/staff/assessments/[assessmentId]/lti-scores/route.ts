import { NextResponse } from "next/server";
import { requireAssessmentRole } from "@/lib/auth/session";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { jsonRoute } from "@/lib/http/route";
import { getDb } from "@/lib/db/client";
import { listScoreSync } from "@/lib/lti/ags/score-sync";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ assessmentId: string }>;
}

/** Each student's LMS score state per line item (sent, pending, sending, retrying, failed). TAs and instructors of the course only. */
export const GET = jsonRoute<Context>(async (_request, { params }) => {
  const { assessmentId } = await params;
  const actor = await requireAssessmentRole(assessmentId, STAFF_ROLES);
  return NextResponse.json({ scores: await listScoreSync(getDb(), actor, assessmentId) });
});
