import { requireUser } from "@/lib/auth/session";
import { jsonRoute } from "@/lib/http/route";
import { getDb } from "@/lib/db/client";
import { streamSubmissionsCsv } from "@/lib/exports/stream-submissions-csv";
import { csvResponse } from "../csv-response";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ assessmentId: string }>;
}

/** Every student submission in long format (one row per part), streamed. Staff of the course only. */
export const GET = jsonRoute<Context>(async (_request, { params }) => {
  const { assessmentId } = await params;
  const actor = await requireUser();
  return csvResponse(await streamSubmissionsCsv({ db: getDb(), actor, assessmentId }));
});
