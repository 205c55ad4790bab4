import "server-only";
// What a student or staff member is shown of their work on a placed problem:
// the policy, the standing and each submission's part results, built from
// the assessment's rules and the stored history. Pure, so that the student's
// views and the staff's review build them the same way.
import type { Variant } from "@/grader/problems";
import type { ResolvedPlacement } from "@/lib/problems/resolve-placement";
import type { OverrideInfo, PartResult, PolicyInfo, ShownPartResult, StandingInfo, TimeLimitInfo } from "./contract";
import { marksForStudent } from "./part-marks";
import {
  applyOverrides,
  attemptsLeft,
  canStillEarnCredit,
  countedScores,
  creditEndsAt,
  latenessAt,
  partSettled,
  personalEndsAt,
  referencesRevealed,
  resultsHeld,
  resultsHeldUntil,
  timeLimitExpired,
  type AssessmentRules,
  type AssessmentWindow,
  type PartWeight,
  type TimeAllowance,
} from "./policy";
import type { StoredPartResults } from "./stored-part-results";

/** The rules an assessment row stores; exceptionsCloseAt is read beside a student's exceptions instead. */
type StoredRuleKey = Exclude<keyof AssessmentRules, "exceptionsCloseAt">;

export function rulesOf(assessment: Pick<ResolvedPlacement["assessment"], StoredRuleKey>): AssessmentRules {
  return {
    dueAt: assessment.dueAt,
    attemptLimit: assessment.attemptLimit,
    latePenaltyPerDay: assessment.latePenaltyPerDay,
    lateCutoffAt: assessment.lateCutoffAt,
    scoringPolicy: assessment.scoringPolicy,
    revealPolicy: assessment.revealPolicy,
    feedbackMode: assessment.feedbackMode,
    handoutNumbers: assessment.handoutNumbers,
    // The exceptions' close is read with the student's exceptions (lib/exceptions/effective-rules.ts).
    exceptionsCloseAt: null,
  };
}

/** A student's place in time on an assessment: its window and when they started it (null: not started, or staff). */
export interface Timing {
  window: AssessmentWindow;
  startedAt: Date | null;
  /** The student's time allowance (lib/exceptions); absent: standard time. */
  allowance?: TimeAllowance;
  /** The course's time zone, in which the student reads these dates beside their own. */
  timeZone: string;
}

/** `effective`: the student's rules and allowance with their exceptions, whose later cut-off also bounds their time. */
export function timingOf(
  assessment: ResolvedPlacement["assessment"],
  startedAt: Date | null,
  effective?: { rules: Pick<AssessmentRules, "lateCutoffAt">; allowance: TimeAllowance },
): Timing {
  return {
    window: {
      opensAt: assessment.opensAt,
      timeLimitMinutes: assessment.timeLimitMinutes,
      lateCutoffAt: effective ? effective.rules.lateCutoffAt : assessment.lateCutoffAt,
    },
    startedAt,
    allowance: effective?.allowance,
    timeZone: assessment.timeZone,
  };
}

export function timeLimitInfo({ window, startedAt, allowance }: Omit<Timing, "timeZone">, now: Date): TimeLimitInfo | null {
  if (window.timeLimitMinutes === null) return null;
  const endsAt = personalEndsAt(window, startedAt, allowance);
  return {
    minutes: window.timeLimitMinutes,
    startedAt: startedAt?.toISOString() ?? null,
    endsAt: endsAt?.toISOString() ?? null,
    // Rounded up: a page counting down from it (time-limit-countdown.tsx) must never close before the server does.
    remainingSeconds: endsAt === null ? null : Math.max(0, Math.ceil((endsAt.getTime() - now.getTime()) / 1000)),
    expired: timeLimitExpired(endsAt, now),
  };
}

export function policyInfo(rules: AssessmentRules, attemptsUsed: number, now: Date, timing: Timing | null = null): PolicyInfo {
  const left = attemptsLeft(rules, attemptsUsed);
  const timeLimit = timing && timeLimitInfo(timing, now);
  return {
    attemptLimit: rules.attemptLimit,
    attemptsUsed,
    attemptsLeft: left,
    scoringPolicy: rules.scoringPolicy,
    feedbackMode: rules.feedbackMode,
    dueAt: rules.dueAt?.toISOString() ?? null,
    latePenaltyPerDay: rules.latePenaltyPerDay,
    lateCutoffAt: rules.lateCutoffAt?.toISOString() ?? null,
    late: latenessAt(rules, now).late,
    creditEndsAt: creditEndsAt(rules)?.toISOString() ?? null,
    // A student whose time ran out is closed, but that releases no references: those wait for the assessment's own close.
    closed: !canStillEarnCredit(rules, attemptsUsed, now) || timeLimit?.expired === true,
    revealPolicy: rules.revealPolicy,
    referencesRevealed: referencesRevealed(rules, attemptsUsed, now),
    resultsHeld: resultsHeld(rules, now),
    resultsHeldUntil: resultsHeldUntil(rules, now)?.toISOString() ?? null,
    opensAt: timing?.window.opensAt?.toISOString() ?? null,
    timeZone: timing?.timeZone ?? "UTC",
    timeLimit,
  };
}

export interface SubmissionForStanding {
  attempt: number;
  score: number;
  latePenalty: number;
  partResults: unknown;
}

export interface OverrideForStanding {
  partId: string;
  score: number;
  comment: string;
  createdAt: Date;
}

/** A standing with nothing held back: what staff see, and a student once results are shown. */
export interface FullStanding extends StandingInfo {
  pointsEarned: number;
}

/** The standing that counts, in full (staff views; students see it through standingForStudent). */
export function standingInfo(
  rules: AssessmentRules,
  parts: readonly PartWeight[],
  points: number,
  submissions: readonly SubmissionForStanding[],
  overrides: readonly OverrideForStanding[],
): FullStanding {
  const counted = countedScores(
    rules,
    submissions.map((submission) => ({
      ...submission,
      partScores: Object.fromEntries(Object.entries(submission.partResults as StoredPartResults).map(([id, result]) => [id, result.score])),
    })),
  );
  const standing = applyOverrides(parts, counted, overrides);
  const overrideInfo: OverrideInfo[] = [...overrides]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map(({ partId, score, comment, createdAt }) => ({ partId, score, comment, createdAt: createdAt.toISOString() }));
  return {
    score: standing.score,
    pointsEarned: (standing.score ?? 0) * points,
    pointsPossible: points,
    partScores: standing.partScores,
    overrides: overrideInfo,
  };
}

/**
 * A standing as the student may see it: in full, or while results are held
 * (policy.ts resultsHeld) with every score, part score and override left
 * out; the points possible stay.
 */
export function standingForStudent(standing: FullStanding, held: boolean): StandingInfo {
  if (!held) return standing;
  return { score: null, pointsEarned: null, pointsPossible: standing.pointsPossible, partScores: {}, overrides: [] };
}

/** Each part's id and points: what weighting a score needs. */
export function partWeights(variant: Pick<Variant, "parts">): PartWeight[] {
  return variant.parts.map((part) => ({ id: part.id, points: part.points }));
}

/**
 * The ids of the parts settled for the student (policy.ts partSettled):
 * answered with full credit in some submission (before any late penalty),
 * or every part once no more credit can be earned on the variant.
 */
export function settledParts(
  rules: AssessmentRules,
  variant: Pick<Variant, "parts">,
  submissions: readonly Pick<SubmissionForStanding, "partResults">[],
  now: Date,
): Set<string> {
  const correct = (partId: string) => submissions.some((submission) => (submission.partResults as StoredPartResults)[partId]?.score === 1);
  return new Set(variant.parts.filter((part) => partSettled(rules, submissions.length, now, correct(part.id))).map((part) => part.id));
}

/** A submission's part results in full, in the variant's order (staff, and a student once results are shown). */
export function shownPartResults(variant: Variant, stored: StoredPartResults): ShownPartResult[] {
  return variant.parts.map((part): ShownPartResult => {
    const result = stored[part.id];
    return result
      ? { id: part.id, score: result.score, feedback: result.feedback, status: result.status, ...marksForStudent(result.marks) }
      : { id: part.id, score: 0, feedback: "not answered", status: "unanswered" };
  });
}

/**
 * A submission's part results as the student sees them. With `held` (an
 * exam before it closes) an answered part is only "received": no score,
 * feedback or marks, and a wrong-shape answer (stored as graded 0) reads
 * like any other. A part left out stays "unanswered" either way.
 */
export function partResultsList(variant: Variant, stored: StoredPartResults, { held }: { held: boolean }): PartResult[] {
  return shownPartResults(variant, stored).map((part): PartResult =>
    held && part.status !== "unanswered" ? { id: part.id, score: null, feedback: null, status: "received" } : part,
  );
}
