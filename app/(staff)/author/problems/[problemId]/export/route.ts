import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { jsonRoute } from "@/lib/http/route";
import { exportAuthoredProblem } from "@/lib/authoring/export-authored-problem";
import { exportFormatSchema } from "@/lib/authoring/requests";

export const dynamic = "force-dynamic";

/**
 * GET /author/problems/:problemId/export[?format=json|yaml]: a published
 * version's document as a file, for sharing or keeping in git: the text its
 * author published, byte for byte, unless that was not kept or the other
 * format is asked for (then the canonical form). `X-Chainrule-Document-Form`
 * says which, with the reason in `X-Chainrule-Document-Note`. With
 * `Accept: application/json`: `{ fileName, format, form, note, text }`.
 * Instructors of the problem's course only (checked by exportAuthoredProblem).
 */
export const GET = jsonRoute(async (request: Request, { params }: { params: Promise<{ problemId: string }> }) => {
  const { problemId } = await params;
  const format = exportFormatSchema.parse(new URL(request.url).searchParams.get("format") ?? undefined);
  const actor = await requireUser();
  const file = await exportAuthoredProblem({ db: getDb(), actor, problemId, format });
  const headers = {
    "X-Chainrule-Document-Form": file.form,
    ...(file.note ? { "X-Chainrule-Document-Note": file.note } : {}),
    "Cache-Control": "no-store",
  };
  if (wantsJson(request)) {
    const { fileName, format: published, form, note, text } = file;
    return Response.json({ fileName, format: published, form, note, text }, { headers });
  }
  return new Response(file.text, {
    headers: { ...headers, "Content-Type": file.contentType, "Content-Disposition": `attachment; filename="${file.fileName}"` },
  });
});

/** A script asking for JSON gets the text inside a JSON object; a browser's download (Accept: text/html first) gets the file. */
const wantsJson = (request: Request) => (request.headers.get("accept") ?? "").split(",")[0].trim().startsWith("application/json");
