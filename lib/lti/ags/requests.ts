import { z } from "zod";
import { idSchema } from "@/lib/http/requests";

/** The body of POST /api/staff/assessments/:assessmentId/lti-scores/resend: one student, or every student with a line item state. */
export const resendScoresBodySchema = z.object({
  studentId: idSchema.optional(),
});
