/**
 * How close a typed number must be to the reference, in the four ways
 * PrairieLearn's number input offers (and students and instructors know):
 *
 *   sigfigs   correct to `digits` significant figures:
 *             |a − r| ≤ ½·10^(⌊log10|r|⌋ − digits + 1)
 *   decimals  correct to `digits` decimal places: |a − r| ≤ ½·10^(−digits)
 *   relative  |a − r| ≤ atol + rtol·|r| (numpy's allclose)
 *   absolute  |a − r| ≤ atol
 *
 * The default is 3 significant figures: the precision a hand computation
 * reaches, and what a handout's key prints. Matrices apply the rule entry
 * by entry. Integers never take a tolerance: a count is exact.
 *
 * The discriminator is `type` (not `kind`) because stored problem documents
 * and the published JSON schema already write `{ "type": "relative" }`.
 */
import { z } from "zod";

/** The relative rule's defaults, kept from before significant figures were the default (stored documents rely on them). */
export const DEFAULT_RTOL = 1e-3;
export const DEFAULT_ATOL = 1e-8;

/**
 * A reference of 0 has no significant figures, and one below this size in
 * a float64 result is almost always an exact 0 plus rounding noise (1e-17
 * from a cancellation). Under `sigfigs` such a reference accepts what is 0
 * up to this much, as the relative default's atol did; we do not follow
 * PrairieLearn in treating 0 as if it were 1 (accepting 0.004 for 0 at 3
 * significant figures), since an exact zero in these problems comes from
 * structure (a ReLU that is off, zero weights) and hand work gives it exactly.
 * References of 1e-8 and above keep their significant figures (1.23e-6 is
 * not 1.24e-6); an author who needs smaller ones picks another rule.
 */
export const ZERO_FLOOR = 1e-8;

/**
 * A hair on every bound, so that a decimal lying exactly half a unit away, which binary cannot represent, is not refused by its
 * last bit.
 */
const REPRESENTATION_SLACK = 1e-9;

/** An entry that misses by at most this many times the allowed error is called a rounding problem rather than a wrong value. */
export const NEAR_MISS_FACTOR = 10;

const digits = (max: number) => z.number().int().min(1).max(max);

export const toleranceSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("sigfigs"), digits: digits(15).describe("significant figures, 1 to 15") }),
  z.strictObject({ type: z.literal("decimals"), digits: z.number().int().min(0).max(15).describe("decimal places, 0 to 15") }),
  z.strictObject({
    type: z.literal("relative"),
    rtol: z.number().nonnegative().default(DEFAULT_RTOL).describe("relative tolerance: 0.01 is 1 %"),
    atol: z.number().nonnegative().default(DEFAULT_ATOL).describe("absolute floor, for references near 0"),
  }),
  z.strictObject({ type: z.literal("absolute"), atol: z.number().positive().describe("largest allowed |answer − reference|") }),
]);

export type Tolerance = z.output<typeof toleranceSchema>;
export type ToleranceInput = z.input<typeof toleranceSchema>;

export const DEFAULT_TOLERANCE: Tolerance = { type: "sigfigs", digits: 3 };

/** The largest |answer − reference| the rule allows for this reference (before the representation slack). */
export function allowedError(tolerance: Tolerance, reference: number): number {
  switch (tolerance.type) {
    case "sigfigs": {
      const magnitude = Math.abs(reference);
      if (magnitude < ZERO_FLOOR) return ZERO_FLOOR;
      return 0.5 * 10 ** (Math.floor(Math.log10(magnitude)) - tolerance.digits + 1);
    }
    case "decimals":
      return 0.5 * 10 ** -tolerance.digits;
    case "relative":
      return tolerance.atol + tolerance.rtol * Math.abs(reference);
    case "absolute":
      return tolerance.atol;
  }
}

/** How an answer entry compares with its reference entry. */
export type EntryVerdict = "within" | "near" | "far";

export function compareEntry(tolerance: Tolerance, answer: number, reference: number): EntryVerdict {
  if (!Number.isFinite(answer)) return "far";
  const error = Math.abs(answer - reference);
  const allowed = allowedError(tolerance, reference) * (1 + REPRESENTATION_SLACK);
  if (error <= allowed) return "within";
  return error <= NEAR_MISS_FACTOR * allowed ? "near" : "far";
}

export function withinTolerance(tolerance: Tolerance, answer: number, reference: number): boolean {
  return compareEntry(tolerance, answer, reference) === "within";
}

/** The rule in words, for the page and `problems preview`: "to 3 significant figures". */
export function describeTolerance(tolerance: Tolerance): string {
  switch (tolerance.type) {
    case "sigfigs":
      return `to ${tolerance.digits} significant figure${tolerance.digits === 1 ? "" : "s"}`;
    case "decimals":
      return `to ${tolerance.digits} decimal place${tolerance.digits === 1 ? "" : "s"}`;
    case "relative":
      return `within ${formatPercent(tolerance.rtol)} (relative)`;
    case "absolute":
      return `within ±${tolerance.atol}`;
  }
}

function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(6))} %`;
}

/**
 * The feedback for a near miss: outside the rule but within
 * NEAR_MISS_FACTOR times it. It names what was close (`entry (2, 1)`) and
 * the rule, never the reference. "Looks like", because a wrong formula can
 * land close too.
 */
export function roundingFeedback(what: string, tolerance: Tolerance, plural = false): string {
  const subject = what.charAt(0).toUpperCase() + what.slice(1);
  return (
    `${subject} ${plural ? "are" : "is"} close but not correct ${describeTolerance(tolerance)}: this looks like a ` +
    `rounding problem rather than a wrong formula. Keep more digits in intermediate steps and round only at the end.`
  );
}
