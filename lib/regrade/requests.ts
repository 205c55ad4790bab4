import { z } from "zod";
import { idSchema } from "@/lib/http/requests";

/** Of a pooled placement, the member to regrade: a problem's slug. */
const memberSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, "member is a problem's slug, such as chain-rule.");

/** The query of GET …/problems/:assessmentProblemId/regrade (preview). */
export const previewRegradeQuerySchema = z.object({ toProblemId: idSchema.optional(), member: memberSchema.optional() });

/** The body of POST …/problems/:assessmentProblemId/regrade (apply). */
export const applyRegradeBodySchema = z.object({
  /** The version to grade with; by default the newest. */
  toProblemId: idSchema.optional(),
  /** The preview's planHash: the regrade is refused (409) if the plan changed since. */
  expectedPlanHash: z.string().min(1).max(128),
  member: memberSchema.optional(),
});
