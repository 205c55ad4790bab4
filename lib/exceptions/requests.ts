import { z } from "zod";
import { idSchema } from "@/lib/http/requests";

/** Longest reason kept: a note for staff, not an essay. */
export const MAX_EXCEPTION_REASON = 1_000;

/** The body of POST /api/staff/assessments/:assessmentId/exceptions: for one student or one section, never both. */
export const exceptionBodySchema = z
  .object({
    studentId: idSchema.optional(),
    section: z.string().trim().min(1).max(100).optional(),
    dueAt: z.coerce.date().optional(),
    lateCutoffAt: z.coerce.date().optional(),
    extraAttempts: z.number().int().min(0).max(100).default(0),
    timeMultiplier: z.number().min(1).max(10).default(1),
    reason: z.string().trim().min(1, "write a reason").max(MAX_EXCEPTION_REASON),
  })
  .strict()
  .refine((body) => (body.studentId === undefined) !== (body.section === undefined), {
    message: "give either studentId or section",
    path: ["studentId"],
  })
  .refine((body) => body.dueAt || body.lateCutoffAt || body.extraAttempts > 0 || body.timeMultiplier > 1, {
    message: "an exception must give a later date, extra attempts or more time",
    path: ["extraAttempts"],
  });

export type ExceptionBody = z.infer<typeof exceptionBodySchema>;

/** The query of DELETE …/exceptions?id=. */
export const exceptionIdSchema = z.object({ id: idSchema });
