import { z } from "zod";
import { idSchema } from "@/lib/http/requests";

/** The query of GET …/problems/:assessmentProblemId/regrade (preview). */
export const previewRegradeQuerySchema = z.object({ toProblemId: idSchema.optional() });

/** The body of POST …/problems/:assessmentProblemId/regrade (apply). */
export const applyRegradeBodySchema = z.object({
  /** The version to grade with; by default the newest. */
  toProblemId: idSchema.optional(),
  /** The preview's planHash: the regrade is refused (409) if the plan changed since. */
  expectedPlanHash: z.string().min(1).max(128),
});
