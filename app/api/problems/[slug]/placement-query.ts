import { z } from "zod";

const querySchema = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, "a problem slug is lower-case letters, digits and dashes"),
  assessmentId: z.string().min(1).max(64).optional(),
});

/** The problem slug from the path and the optional ?assessmentId= that picks one placement. */
export function placementQuery(request: Request, params: { slug: string }) {
  const assessmentId = new URL(request.url).searchParams.get("assessmentId") ?? undefined;
  return querySchema.parse({ slug: params.slug, assessmentId });
}
