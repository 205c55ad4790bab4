import { NextResponse } from "next/server";
import { requireAssessmentRole, requireUser } from "@/lib/auth/session";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { jsonRoute } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { getDb } from "@/lib/db/client";
import { planRegrade } from "@/lib/regrade/plan-regrade";
import { applyRegrade } from "@/lib/regrade/apply-regrade";
import { applyRegradeBodySchema, previewRegradeQuerySchema } from "@/lib/regrade/requests";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ assessmentId: string; assessmentProblemId: string }>;
}

/**
 * The preview: whose scores a regrade to the newest (or ?toProblemId=) version would change, and by how much. Writes nothing.
 * Of a pooled placement, ?member=slug chooses the member (by default its first).
 */
export const GET = jsonRoute<Context>(async (request, { params }) => {
  const { assessmentId, assessmentProblemId } = await params;
  const actor = await requireUser();
  const query = new URL(request.url).searchParams;
  const { toProblemId, member } = previewRegradeQuerySchema.parse({
    toProblemId: query.get("toProblemId") ?? undefined,
    member: query.get("member") ?? undefined,
  });
  return NextResponse.json(await planRegrade({ db: getDb(), actor, assessmentId, assessmentProblemId, toProblemId, member }));
});

/** Applies the previewed regrade. Body: { expectedPlanHash, toProblemId?, member? }; 409 CONFLICT when the plan changed since the preview. */
export const POST = jsonRoute<Context>(async (request, { params }) => {
  const { assessmentId, assessmentProblemId } = await params;
  const actor = await requireAssessmentRole(assessmentId, STAFF_ROLES);
  const body = await readJson(request, applyRegradeBodySchema);
  const result = await applyRegrade({ db: getDb(), actor, assessmentId, assessmentProblemId, ...body });
  return NextResponse.json({
    submissionsRegraded: result.submissionsRegraded,
    submissionsChanged: result.submissionsChanged,
    auditLogId: result.auditLogId,
    to: result.plan.to,
  });
});
