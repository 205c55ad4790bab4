import { NextResponse } from "next/server";
import { requireSessionUser } from "@/lib/auth/session";
import { jsonRoute } from "@/lib/http/route";
import { getDb } from "@/lib/db/client";
import { getVariantView } from "@/lib/submissions/get-variant-view";
import { placementQuery } from "@/lib/problems/requests";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ slug: string }>;
}

/**
 * The signed-in user's variant: statement, parameters and parts; references
 * only once revealed. Access (enrolment and role) is checked by the
 * placement's own query (lib/problems/resolve-placement.ts).
 */
export const GET = jsonRoute<Context>(async (request, { params }) => {
  const user = await requireSessionUser();
  const { slug, assessmentId } = placementQuery(request, await params);
  return NextResponse.json(await getVariantView({ db: getDb(), userId: user.id, slug, assessmentId, sessionVersion: user.sessionVersion }));
});
