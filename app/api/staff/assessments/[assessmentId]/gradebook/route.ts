import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { jsonRoute } from "@/lib/http/route";
import { getDb } from "@/lib/db/client";
import { getGradebook } from "@/lib/gradebook/get-gradebook";
import { parseGradebookQuery } from "@/lib/gradebook/requests";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ assessmentId: string }>;
}

/**
 * An assessment's gradebook: TAs and instructors of its course only (the
 * role is checked on the server, in getGradebook). Query: sort, direction,
 * search, section, minPercent, maxPercent, page, pageSize, expand.
 */
export const GET = jsonRoute<Context>(async (request, { params }) => {
  const { assessmentId } = await params;
  const actor = await requireUser();
  const query = parseGradebookQuery(new URL(request.url).searchParams);
  return NextResponse.json(await getGradebook({ db: getDb(), actor, assessmentId, ...query }));
});
