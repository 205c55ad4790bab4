import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { jsonRoute } from "@/lib/http/route";
import { getDb } from "@/lib/db/client";
import { getProblemAnalytics } from "@/lib/analytics/get-problem-analytics";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ assessmentId: string; assessmentProblemId: string }>;
}

/**
 * Per part: score distribution, common wrong answers by fingerprint, known-mistake counts. Staff of the course only.
 * `?member=slug`: of a pooled placement, that member's (by default its first).
 */
export const GET = jsonRoute<Context>(async (request, { params }) => {
  const { assessmentId, assessmentProblemId } = await params;
  const actor = await requireUser();
  const member = new URL(request.url).searchParams.get("member") || undefined;
  return NextResponse.json(await getProblemAnalytics({ db: getDb(), actor, assessmentId, assessmentProblemId, member }));
});
