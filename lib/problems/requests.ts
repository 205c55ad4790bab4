import { z } from "zod";
import { idSchema } from "@/lib/http/requests";

/** The path and query of /api/problems/:slug/variant and …/submissions. */
export const placementQuerySchema = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, "a problem slug is lower-case letters, digits and dashes"),
  assessmentId: idSchema.optional(),
});

/** The problem slug from the path and the optional ?assessmentId= that picks one placement. */
export function placementQuery(request: Request, params: { slug: string }) {
  const assessmentId = new URL(request.url).searchParams.get("assessmentId") ?? undefined;
  return placementQuerySchema.parse({ slug: params.slug, assessmentId });
}
