import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { jsonRoute } from "@/lib/http/route";
import { exportAuthoredProblem } from "@/lib/authoring/export-authored-problem";
import { exportFormatSchema } from "@/lib/authoring/requests";

export const dynamic = "force-dynamic";

/**
 * GET /author/problems/:problemId/export?format=json|yaml: a published
 * version's document as a file, for sharing or keeping in git. Instructors
 * of the problem's course only (checked by exportAuthoredProblem).
 */
export const GET = jsonRoute(async (request: Request, { params }: { params: Promise<{ problemId: string }> }) => {
  const { problemId } = await params;
  const format = exportFormatSchema.parse(new URL(request.url).searchParams.get("format") ?? undefined);
  const actor = await requireUser();
  const file = await exportAuthoredProblem({ db: getDb(), actor, problemId, format });
  return new Response(file.text, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "no-store",
    },
  });
});
