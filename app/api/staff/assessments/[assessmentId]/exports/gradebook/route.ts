import { requireUser } from "@/lib/auth/session";
import { jsonRoute } from "@/lib/http/route";
import { getDb } from "@/lib/db/client";
import { streamGradebookCsv } from "@/lib/exports/stream-gradebook-csv";
import { gradebookCsvQuerySchema } from "@/lib/exports/requests";
import { csvResponse } from "../csv-response";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ assessmentId: string }>;
}

/** The gradebook as a Canvas-importable CSV, streamed. ?missing=zero writes 0 where nothing was submitted. Staff of the course only. */
export const GET = jsonRoute<Context>(async (request, { params }) => {
  const { assessmentId } = await params;
  const actor = await requireUser();
  const { missing } = gradebookCsvQuerySchema.parse({ missing: new URL(request.url).searchParams.get("missing") ?? undefined });
  return csvResponse(await streamGradebookCsv({ db: getDb(), actor, assessmentId, missing }));
});
