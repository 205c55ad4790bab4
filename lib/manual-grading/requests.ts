import { z } from "zod";
import { idSchema } from "@/lib/http/requests";
import { MAX_OVERRIDE_COMMENT } from "@/lib/overrides/set-score-override";

const memberSchema = z.string().min(1).max(100).optional();

/** The grading page's form (and the fields a grade needs): rubric items checked, or a score in points, and an optional comment. */
export const gradeFormSchema = z.object({
  assessmentId: idSchema,
  assessmentProblemId: idSchema,
  partId: z.string().min(1).max(64),
  /** Of a pooled placement: the member's slug. */
  member: memberSchema,
  studentId: idSchema,
  rubricItemIds: z.array(z.string().max(40)).max(30),
  /** Points, from the form's text field: empty means "use the rubric". */
  points: z
    .string()
    .trim()
    .max(20)
    .transform((text) => (text === "" ? undefined : Number(text)))
    .refine((points) => points === undefined || Number.isFinite(points), "a score is a number of points"),
  comment: z.string().max(MAX_OVERRIDE_COMMENT, `keep the comment under ${MAX_OVERRIDE_COMMENT} characters`),
});

/** The body of POST /api/staff/assessments/:id/grading/next. */
export const nextAnswerBodySchema = z.object({
  assessmentProblemId: idSchema,
  partId: z.string().min(1).max(64),
  /** Of a pooled placement: the member's slug. */
  member: memberSchema,
  skip: idSchema.optional(),
});

/** The body of POST /api/staff/assessments/:id/grading/grades. */
export const gradeBodySchema = z.object({
  assessmentProblemId: idSchema,
  partId: z.string().min(1).max(64),
  /** Of a pooled placement: the member's slug. */
  member: memberSchema,
  studentId: idSchema,
  rubricItemIds: z.array(z.string().max(40)).max(30).default([]),
  /** Points, from 0 to the part's; instead of rubric items. */
  points: z.number().finite().optional(),
  comment: z.string().max(MAX_OVERRIDE_COMMENT, `keep the comment under ${MAX_OVERRIDE_COMMENT} characters`).default(""),
});
