import { z } from "zod";
import { idSchema } from "@/lib/http/requests";
import { MAX_OVERRIDE_COMMENT } from "./set-score-override";

/** The body of POST /api/staff/assessments/:assessmentId/overrides. */
export const overrideBodySchema = z.object({
  studentId: idSchema,
  assessmentProblemId: idSchema,
  /** "" or absent: the whole problem. */
  partId: z.string().max(64).default(""),
  /** Fraction of the part's (or problem's) points. */
  score: z.number().min(0).max(1),
  comment: z.string().trim().min(1, "write a comment: the student sees it").max(MAX_OVERRIDE_COMMENT),
});

export type OverrideBody = z.infer<typeof overrideBodySchema>;
