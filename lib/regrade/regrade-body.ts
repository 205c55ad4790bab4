import { z } from "zod";

/** The body of POST …/problems/:assessmentProblemId/regrade (apply). */
export const applyRegradeBodySchema = z.object({
  /** The version to grade with; by default the newest. */
  toProblemId: z.string().min(1).max(64).optional(),
  /** The preview's planHash: the regrade is refused (409) if the plan changed since. */
  expectedPlanHash: z.string().min(1).max(128),
});
