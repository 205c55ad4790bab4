import { NextResponse } from "next/server";
import { requireAssessmentRole } from "@/lib/auth/session";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { jsonRoute } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { getDb } from "@/lib/db/client";
import { openNextAnswer } from "@/lib/manual-grading/open-answer";
import { nextAnswerBodySchema } from "@/lib/manual-grading/requests";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ assessmentId: string }>;
}

/**
 * Claims the next answer of a free-text part that needs grading and no other
 * TA holds, and returns it; `{ answer: null }` when none is left. Body:
 * { assessmentProblemId, partId, skip? (a student whose answer to pass over) }.
 */
export const POST = jsonRoute<Context>(async (request, { params }) => {
  const { assessmentId } = await params;
  const actor = await requireAssessmentRole(assessmentId, STAFF_ROLES);
  const body = await readJson(request, nextAnswerBodySchema);
  const opened = await openNextAnswer(getDb(), actor, { assessmentId, ...body });
  return NextResponse.json({ answer: opened });
});
