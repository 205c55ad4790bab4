import { z } from "zod";

// The body of POST /api/problems/:slug/submissions. Bounds keep one request
// from costing more than a page's worth of answers: a 64×64 matrix is 4,096
// numbers; the grader has its own, tighter caps per kind.

export const MAX_ANSWER_TEXT = 20_000;
export const MAX_LIST_ENTRIES = 10_000;
export const MAX_PARTS = 100;

type RawAnswerInput = string | number | null | RawAnswerInput[];

const finiteNumber = z.number().refine(Number.isFinite, "numbers must be finite (no NaN or Infinity)");

const rawAnswer: z.ZodType<RawAnswerInput> = z.lazy(() =>
  z.union([
    z.string().max(MAX_ANSWER_TEXT, `an answer may have at most ${MAX_ANSWER_TEXT} characters`),
    finiteNumber,
    z.null(),
    z.array(rawAnswer).max(MAX_LIST_ENTRIES, `a list may have at most ${MAX_LIST_ENTRIES} entries`),
  ]),
);

export const submissionBodySchema = z.object({
  answers: z
    .record(z.string().min(1).max(64), rawAnswer)
    .refine((answers) => Object.keys(answers).length <= MAX_PARTS, `at most ${MAX_PARTS} parts`),
});

export type SubmissionBody = z.infer<typeof submissionBodySchema>;

/** A client's key for retrying one submission safely: 1 to 200 visible ASCII characters. */
export const idempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,200}$/, "Idempotency-Key must be 1 to 200 visible ASCII characters");

/** GET …/submissions lists at most this many submissions a request, newest first; `before` pages on to older ones. */
export const MAX_HISTORY_PAGE = 100;
export const DEFAULT_HISTORY_PAGE = 50;

/** The history's query string: `limit` submissions with an attempt number below `before` (all, without it). */
export const historyPageQuerySchema = z.object({
  limit: z.coerce
    .number({ error: "limit must be a number of submissions" })
    .int("limit must be a whole number")
    .min(1, "limit must be at least 1")
    .max(MAX_HISTORY_PAGE, `limit may be at most ${MAX_HISTORY_PAGE}`)
    .default(DEFAULT_HISTORY_PAGE),
  before: z.coerce
    .number({ error: "before must be an attempt number" })
    .int("before must be a whole attempt number")
    .min(1, "before must be an attempt number, 1 or more")
    .optional(),
});

export type HistoryPageQuery = z.output<typeof historyPageQuerySchema>;
