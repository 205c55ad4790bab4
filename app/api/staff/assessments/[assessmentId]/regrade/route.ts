import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { jsonRoute } from "@/lib/http/route";
import { getDb } from "@/lib/db/client";
import { listRegradeStatus } from "@/lib/regrade/list-regrade-status";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ assessmentId: string }>;
}

/** Per placed problem: its version, the newest version, and how many submissions a regrade would touch. Staff of the course only. */
export const GET = jsonRoute<Context>(async (_request, { params }) => {
  const { assessmentId } = await params;
  const actor = await requireUser();
  return NextResponse.json({ problems: await listRegradeStatus({ db: getDb(), actor, assessmentId }) });
});
