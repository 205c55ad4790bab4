import { z } from "zod";
import { optionalInstantSchema } from "@/lib/dates";
import { EXAM_ATTEMPT_LIMIT } from "./exam-defaults";

// An assessment's settings as an instructor edits them. Dates arrive as ISO
// instants with an offset, or as wall-clock times in the course's time zone
// (what the editor's datetime-local inputs send), or "" for none.

/** The settings schema for a course whose dates are entered in `timeZone`. */
export const assessmentSettingsSchema = (timeZone: string) => {
  const optionalDate = optionalInstantSchema(timeZone);
  return (
    z
      .object({
        title: z.string().trim().min(1, "Give the assessment a title.").max(200),
        slug: z
          .string()
          .trim()
          .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "Use lower-case letters, digits and dashes, such as section-08."),
        description: z.string().max(5_000).default(""),
        opensAt: optionalDate.default(null),
        dueAt: optionalDate.default(null),
        lateCutoffAt: optionalDate.default(null),
        // Left out: an exam's default (EXAM_ATTEMPT_LIMIT), else unlimited; null: unlimited, also in an exam.
        attemptLimit: z.number().int().min(1, "Allow at least one attempt, or leave the limit empty.").max(1_000).nullable().optional(),
        latePenaltyPerDay: z.number().min(0).max(1, "A penalty is a fraction of the score, from 0 to 1 per day.").default(0),
        scoringPolicy: z.enum(["BEST", "LAST", "BEST_PER_PART"]).default("BEST"),
        // EXAM: results held until the assessment closes (lib/submissions/policy.ts resultsHeld).
        feedbackMode: z.enum(["PRACTICE", "HOMEWORK", "EXAM"]).default("PRACTICE"),
        handoutNumbers: z.boolean().default(false),
        // Minutes from a student's first opening (lib/submissions/policy.ts personalEndsAt); null: untimed.
        timeLimitMinutes: z
          .number()
          .int("Give the time limit in whole minutes.")
          .min(1, "A time limit is at least 1 minute, or leave it empty.")
          .max(100_000)
          .nullable()
          .default(null),
        revealPolicy: z.enum(["NEVER", "AFTER_DUE", "AFTER_LAST_ATTEMPT", "AFTER_DUE_OR_LAST_ATTEMPT"]).default("AFTER_DUE"),
      })
      .refine((s) => !s.opensAt || !s.dueAt || s.opensAt < s.dueAt, {
        path: ["opensAt"],
        message: "The opening time must be before the due date.",
      })
      .refine((s) => !s.opensAt || !s.lateCutoffAt || s.opensAt < s.lateCutoffAt, {
        path: ["opensAt"],
        message: "The opening time must be before the late cut-off.",
      })
      .refine((s) => !s.lateCutoffAt || !s.dueAt || s.lateCutoffAt >= s.dueAt, {
        path: ["lateCutoffAt"],
        message: "The late cut-off must not be before the due date.",
      })
      // An exam's results are released when it closes, so it must close: a cut-off is the one close an instructor sets by date.
      .refine((s) => s.feedbackMode !== "EXAM" || s.lateCutoffAt !== null, {
        path: ["lateCutoffAt"],
        message:
          'An exam needs a late cut-off ("No submissions after"): students see their ' +
          "results only once it passes. Set it, or choose another feedback mode.",
      })
      .transform(({ attemptLimit, ...settings }) => ({
        ...settings,
        attemptLimit: attemptLimit === undefined ? (settings.feedbackMode === "EXAM" ? EXAM_ATTEMPT_LIMIT : null) : attemptLimit,
      }))
  );
};

export type AssessmentSettingsInput = z.input<ReturnType<typeof assessmentSettingsSchema>>;
export type AssessmentSettings = z.output<ReturnType<typeof assessmentSettingsSchema>>;

export const placementListSchema = z
  .array(
    z.object({
      problemId: z.string().min(1),
      points: z.number().positive("Points must be positive.").max(1_000),
      // The other members of the placement's pool (lib/pools): each student is given one of [problemId, ...pool]. Empty: no pool.
      pool: z.array(z.string().min(1)).max(50, "At most 50 problems in a pool.").default([]),
    }),
  )
  .max(100, "At most 100 problems per assessment.")
  .refine((list) => {
    const ids = list.flatMap((p) => [p.problemId, ...p.pool]);
    return new Set(ids).size === ids.length;
  }, "A problem appears twice (each problem is placed, or in a pool, once).");

/** What callers send (pool optional). */
export type PlacementList = z.input<typeof placementListSchema>;
/** After parsing: every placement has its pool, [] when none. */
export type ParsedPlacements = z.output<typeof placementListSchema>;

/**
 * PUT /api/staff/assessments/:id: the settings as the editor sends them (ISO
 * dates, "" or null for none), and optionally the placements. Fields left out
 * take their defaults, as a new assessment's would.
 */
export const assessmentUpdateBodySchema = z.object({
  settings: z.record(z.string(), z.unknown()),
  problems: z.array(z.unknown()).optional(),
});
