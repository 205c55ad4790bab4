import { NextResponse } from "next/server";
import { requireAssessmentRole } from "@/lib/auth/session";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { jsonRoute } from "@/lib/http/route";
import { getDb } from "@/lib/db/client";
import { getGradingQueue } from "@/lib/manual-grading/get-grading-queue";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ assessmentId: string }>;
}

/** The TA queue: each free-text part with how many answers need grading. TAs and instructors of the course only. */
export const GET = jsonRoute<Context>(async (_request, { params }) => {
  const { assessmentId } = await params;
  const actor = await requireAssessmentRole(assessmentId, STAFF_ROLES);
  return NextResponse.json(await getGradingQueue({ db: getDb(), actor, assessmentId }));
});
