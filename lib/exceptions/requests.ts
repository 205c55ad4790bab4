import { z } from "zod";
import { idSchema } from "@/lib/http/requests";
import { parseExceptionDate } from "./date-input";

/** Longest reason kept: a note for staff, not an essay. */
export const MAX_EXCEPTION_REASON = 1_000;
/** The largest time multiplier: triple time and a half covers every accommodation letter seen; more is a typo. */
export const MAX_TIME_MULTIPLIER = 10;
export const MAX_EXTRA_ATTEMPTS = 100;

/** A date as instructors type it, on the clocks of the course's `timeZone` unless it has an offset (lib/exceptions/date-input.ts); "" or null for none. */
const exceptionDate = (timeZone: string) =>
  z
    .union([z.string(), z.null()])
    .optional()
    .transform((value, context) => {
      if (value === undefined || value === null || value.trim() === "") return undefined;
      const date = parseExceptionDate(value, timeZone);
      if (date instanceof Date) return date;
      context.addIssue({ code: "custom", message: date.problem });
      return undefined;
    });

export const reasonSchema = z
  .string({ error: "write a reason" })
  .trim()
  .min(1, "write a reason")
  .max(MAX_EXCEPTION_REASON, `a reason is at most ${MAX_EXCEPTION_REASON} characters`);

export const timeMultiplierSchema = z
  .number({ error: "give the time multiplier as a number" })
  .min(1, "a time multiplier below 1 would take time away; give 1 or more")
  .max(MAX_TIME_MULTIPLIER, `a time multiplier is at most ${MAX_TIME_MULTIPLIER}`);

const extraAttemptsSchema = z
  .number({ error: "give extra attempts as a whole number" })
  .int("give extra attempts as a whole number")
  .min(0, "extra attempts cannot be negative")
  .max(MAX_EXTRA_ATTEMPTS, `at most ${MAX_EXTRA_ATTEMPTS} extra attempts`);

/** What an exception grants, whoever it is for, its dates entered in the course's `timeZone`. */
const termsShape = (timeZone: string) => ({
  dueAt: exceptionDate(timeZone),
  lateCutoffAt: exceptionDate(timeZone),
  extraAttempts: extraAttemptsSchema.default(0),
  timeMultiplier: timeMultiplierSchema.default(1),
  reason: reasonSchema,
});

/** The body of POST /api/staff/assessments/:assessmentId/exceptions: for one student or one section, never both. */
export const exceptionBodySchema = (timeZone: string) =>
  z
    .object({
      studentId: idSchema.optional(),
      section: z.string().trim().min(1, "name the section").max(100).optional(),
      ...termsShape(timeZone),
    })
    .strict()
    .superRefine((body, context) => {
      if (body.studentId !== undefined && body.section !== undefined) {
        context.addIssue({ code: "custom", path: ["section"], message: "give either a student or a section, not both" });
      } else if (body.studentId === undefined && body.section === undefined) {
        context.addIssue({ code: "custom", path: ["studentId"], message: "give a student or a section" });
      }
      if (!body.dueAt && !body.lateCutoffAt && body.extraAttempts === 0 && body.timeMultiplier === 1) {
        context.addIssue({ code: "custom", path: ["dueAt"], message: "an exception must give a later date, extra attempts or more time" });
      }
      if (body.dueAt && body.lateCutoffAt && body.lateCutoffAt < body.dueAt) {
        context.addIssue({
          code: "custom",
          path: ["lateCutoffAt"],
          message: "the late cut-off cannot come before the exception's due date",
        });
      }
    });

export type ExceptionBody = z.infer<ReturnType<typeof exceptionBodySchema>>;

/** The query of DELETE …/exceptions?id=. */
export const exceptionIdSchema = z.object({ id: idSchema });

/** The body of POST /api/staff/courses/:courseId/accommodations: a student's time multiplier on every timed assessment. */
export const accommodationBodySchema = z
  .object({ studentId: idSchema, timeMultiplier: timeMultiplierSchema, reason: reasonSchema })
  .strict()
  .refine((body) => body.timeMultiplier > 1, {
    path: ["timeMultiplier"],
    message: "an accommodation gives more time: a multiplier above 1",
  });

export type AccommodationBody = z.infer<typeof accommodationBodySchema>;

/** The body of POST …/exceptions/import: the CSV text (columns: lib/exceptions/exceptions-csv.ts). */
export const exceptionImportBodySchema = z.object({ csv: z.string().max(512 * 1024, "the CSV is over 512 KB; split it") }).strict();
