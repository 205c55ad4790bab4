// An assessment's rules, as pure functions of its settings and the time:
// lateness and its penalty, which submission counts, when references may be
// shown, and how overrides change a score. No database access here, so the
// rules are tested directly (test/lib/submissions/policy.test.ts).

export interface AssessmentRules {
  dueAt: Date | null;
  attemptLimit: number | null;
  /** Fraction of the score removed per started day after dueAt. */
  latePenaltyPerDay: number;
  lateCutoffAt: Date | null;
  scoringPolicy: ScoringPolicy;
  revealPolicy: "NEVER" | "AFTER_DUE" | "AFTER_LAST_ATTEMPT" | "AFTER_DUE_OR_LAST_ATTEMPT";
  feedbackMode: FeedbackMode;
  /** Everyone gets the handout's own numbers (seed 0) instead of a variant of their own. */
  handoutNumbers: boolean;
  /**
   * The latest close (creditEndsAt) that an exception gives any enrolled
   * student on this assessment, when later than its own close; null when none
   * does, or when not read (rulesOf: only an exam needs it). An exam holds
   * everyone's results until this has passed too (resultsHeld). Read with
   * the student's exceptions (lib/exceptions/effective-rules.ts).
   */
  exceptionsCloseAt: Date | null;
}

/** BEST and LAST pick one submission; BEST_PER_PART keeps each part's best over the attempts (countedScores). */
export type ScoringPolicy = "BEST" | "LAST" | "BEST_PER_PART";

/**
 * PRACTICE: live shape checks, and a wrong-shape answer is refused without
 * using an attempt. HOMEWORK: a live "interpreted as" preview only, and a
 * wrong-shape answer is graded wrong, stored, and uses an attempt (the
 * order and layout are what the problems test; guessing them must not be
 * free). EXAM: as HOMEWORK, and nothing about whether the work is right
 * (scores, feedback, marks, references) reaches the student until the
 * assessment closes (resultsHeld). Unreadable answers are refused in every mode.
 */
export type FeedbackMode = "PRACTICE" | "HOMEWORK" | "EXAM";

/** Whether an answer that is read but has the wrong shape is graded (0 for that part) and uses an attempt, rather than refused. */
export function shapeErrorUsesAttempt(rules: Pick<AssessmentRules, "feedbackMode">): boolean {
  return rules.feedbackMode !== "PRACTICE";
}

/**
 * Whether a student's results are held back at `at`: an EXAM that has not
 * closed for everyone, exceptions included (past its cut-off, or its late
 * penalty at 100 %, and past every exception's: exceptionsCloseAt).
 * Until then the student learns only that the work was received, attempts
 * used and left, and whether an answer could be read (a parse error is
 * still refused without using an attempt).
 *
 * A student's own close is not enough: a classmate with a later cut-off (or a
 * time limit running towards it) could still be sitting the exam, and
 * results or references released to anyone could reach them.
 */
export function resultsHeld(rules: ReleaseRules, at: Date): boolean {
  if (rules.feedbackMode !== "EXAM") return false;
  const release = resultsReleaseAt(rules);
  return release === null || at.getTime() <= release.getTime();
}

type ReleaseRules = Pick<AssessmentRules, "feedbackMode" | "dueAt" | "latePenaltyPerDay" | "lateCutoffAt" | "exceptionsCloseAt">;

/**
 * The moment an exam closes for everyone: the later of the rules' own close
 * (creditEndsAt) and exceptionsCloseAt; null when it never closes. No time
 * limit runs past it: a student's time ends at their cut-off at the latest
 * (personalEndsAt), and no submission is accepted after it (closedByTime).
 */
function resultsReleaseAt(rules: ReleaseRules): Date | null {
  const own = creditEndsAt(rules);
  if (own === null || rules.exceptionsCloseAt === null) return own;
  return rules.exceptionsCloseAt.getTime() > own.getTime() ? rules.exceptionsCloseAt : own;
}

/** The moment held results are released (the assessment's close for everyone), or null when nothing is held at `at`. */
export function resultsHeldUntil(rules: ReleaseRules, at: Date): Date | null {
  return resultsHeld(rules, at) ? resultsReleaseAt(rules) : null;
}

/** The seed a student's variant is drawn with: the handout's (0) when the assessment gives everyone its numbers, else `ownSeed`. */
export function variantSeedFor(rules: Pick<AssessmentRules, "handoutNumbers">, ownSeed: number): number {
  return rules.handoutNumbers ? 0 : ownSeed;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export interface Lateness {
  late: boolean;
  /** Fraction of the score removed, in [0, 1]. */
  penalty: number;
}

/** A submission at `at`: late after dueAt, penalised per started day (1 minute late is one day). */
export function latenessAt(rules: Pick<AssessmentRules, "dueAt" | "latePenaltyPerDay">, at: Date): Lateness {
  if (!rules.dueAt || at.getTime() <= rules.dueAt.getTime()) return { late: false, penalty: 0 };
  const daysLate = Math.ceil((at.getTime() - rules.dueAt.getTime()) / DAY_MS);
  return { late: true, penalty: Math.min(1, daysLate * rules.latePenaltyPerDay) };
}

export function isPastCutoff(rules: Pick<AssessmentRules, "lateCutoffAt">, at: Date): boolean {
  return rules.lateCutoffAt !== null && at.getTime() > rules.lateCutoffAt.getTime();
}

export function attemptsLeft(rules: Pick<AssessmentRules, "attemptLimit">, attemptsUsed: number): number | null {
  return rules.attemptLimit === null ? null : Math.max(0, rules.attemptLimit - attemptsUsed);
}

/**
 * Why no submission is accepted at `at`, whatever the attempts: past the cut-off, or the late penalty has
 * reached 100 % (it would earn 0).
 */
export type ClosedByTime = "cutoff" | "penalty";

export function closedByTime(rules: Pick<AssessmentRules, "dueAt" | "latePenaltyPerDay" | "lateCutoffAt">, at: Date): ClosedByTime | null {
  if (isPastCutoff(rules, at)) return "cutoff";
  if (latenessAt(rules, at).penalty >= 1) return "penalty";
  return null;
}

/**
 * Whether a submission now could still earn this student credit on the
 * variant: attempts are left, and submissions are still accepted (not past
 * the cut-off, and the late penalty is below 100 %). This is the one rule
 * for revealing anything that answers a part (references, answer-carrying
 * plots): nothing is revealed while it is true, whatever the reveal policy.
 *
 * `rules` are the student's effective rules. Per-student exceptions (a later
 * due date or cut-off, extra attempts) plug in by passing the
 * rules with the exception applied, so that every reveal follows them.
 */
export function canStillEarnCredit(rules: AssessmentRules, attemptsUsed: number, at: Date): boolean {
  return attemptsLeft(rules, attemptsUsed) !== 0 && closedByTime(rules, at) === null;
}

/**
 * The last instant at which a submission can earn credit, attempts aside:
 * the cut-off, or the end of the last day whose late penalty is below 100 %;
 * null when that never comes. For the policy text; canStillEarnCredit is
 * the rule (the tests check that the two agree).
 */
export function creditEndsAt(rules: Pick<AssessmentRules, "dueAt" | "latePenaltyPerDay" | "lateCutoffAt">): Date | null {
  let penaltyEnds: number | null = null;
  if (rules.dueAt && rules.latePenaltyPerDay > 0) {
    // The first started day n whose penalty n·p reaches 1; day n starts just after dueAt + (n − 1) days.
    let days = Math.max(1, Math.ceil(1 / rules.latePenaltyPerDay));
    while (days > 1 && (days - 1) * rules.latePenaltyPerDay >= 1) days--;
    while (days * rules.latePenaltyPerDay < 1) days++;
    penaltyEnds = rules.dueAt.getTime() + (days - 1) * DAY_MS;
  }
  const ends = [penaltyEnds, rules.lateCutoffAt?.getTime() ?? null].filter((time): time is number => time !== null);
  return ends.length === 0 ? null : new Date(Math.min(...ends));
}

/**
 * Whether a student may see the references now: when the reveal policy's
 * moment has come (the due date, or the last attempt) and, in every case,
 * only once the student can no longer earn credit on the variant. Without
 * that second condition AFTER_DUE with no cut-off would hand a late student
 * the answers to submit for 90 %.
 */
export function referencesRevealed(rules: AssessmentRules, attemptsUsed: number, at: Date): boolean {
  // An exam's references stay hidden until it closes for everyone, even for a student whose attempts are used up.
  if (canStillEarnCredit(rules, attemptsUsed, at) || resultsHeld(rules, at)) return false;
  const afterDue = rules.dueAt !== null && at.getTime() > rules.dueAt.getTime();
  const afterLastAttempt = attemptsLeft(rules, attemptsUsed) === 0;
  switch (rules.revealPolicy) {
    case "NEVER":
      return false;
    case "AFTER_DUE":
      return afterDue;
    case "AFTER_LAST_ATTEMPT":
      return afterLastAttempt;
    case "AFTER_DUE_OR_LAST_ATTEMPT":
      return afterDue || afterLastAttempt;
  }
}

/**
 * Whether a part is settled for the student: answered with full credit in
 * some submission, or the student can no longer earn credit on the variant.
 * Anything that carries a part's answer (a plot of it, say) may be shown
 * once every part it answers is settled, never before. Nothing is settled
 * while an exam's results are held (showing a plot would say "correct").
 */
export function partSettled(rules: AssessmentRules, attemptsUsed: number, at: Date, answeredCorrectly: boolean): boolean {
  if (resultsHeld(rules, at)) return false;
  return answeredCorrectly || !canStillEarnCredit(rules, attemptsUsed, at);
}

export interface ScoredAttempt {
  attempt: number;
  /** Fraction of the problem's points, after the late penalty. */
  score: number;
}

/**
 * The submission that counts: the best (the earliest of equal bests) or the
 * last. Under BEST_PER_PART no single submission counts (countedScores
 * takes each part's best); this then returns the best whole submission, for
 * what is said of one submission (late or not).
 */
export function countedAttempt<T extends ScoredAttempt>(rules: Pick<AssessmentRules, "scoringPolicy">, attempts: readonly T[]): T | null {
  if (attempts.length === 0) return null;
  const byAttempt = [...attempts].sort((a, b) => a.attempt - b.attempt);
  if (rules.scoringPolicy === "LAST") return byAttempt[byAttempt.length - 1];
  return byAttempt.reduce((best, candidate) => (candidate.score > best.score ? candidate : best));
}

export interface PartScoredAttempt extends ScoredAttempt {
  /** Fraction removed by the late penalty. */
  latePenalty: number;
  /** Part id → fraction of the part's points, before the late penalty. */
  partScores: Record<string, number>;
}

/**
 * The part scores that count, for applyOverrides: the counted submission's
 * (with its late factor), or under BEST_PER_PART each part's best over all
 * attempts, each after its own submission's late penalty (so a late
 * improvement of a part counts only as far as it beats the earlier score
 * net of the penalty). The one rule every score that counts goes through
 * (student page, gradebook, progress, regrade, analytics: standingInfo).
 */
export function countedScores(
  rules: Pick<AssessmentRules, "scoringPolicy">,
  attempts: readonly PartScoredAttempt[],
): { partScores: Record<string, number>; lateFactor: number } | null {
  if (rules.scoringPolicy !== "BEST_PER_PART") {
    const counted = countedAttempt(rules, attempts);
    return counted && { partScores: counted.partScores, lateFactor: 1 - counted.latePenalty };
  }
  if (attempts.length === 0) return null;
  const best: Record<string, number> = {};
  for (const attempt of attempts) {
    for (const [partId, score] of Object.entries(attempt.partScores)) {
      const net = score * (1 - attempt.latePenalty);
      if (!(partId in best) || net > best[partId]) best[partId] = net;
    }
  }
  return { partScores: best, lateFactor: 1 };
}

/**
 * Whether the score that counts needs every submission's part scores (BEST_PER_PART), not one submission's
 * stored total: the gradebook's lean reads then grade the full way.
 */
export function scoreNeedsAllParts(rules: Pick<AssessmentRules, "scoringPolicy">): boolean {
  return rules.scoringPolicy === "BEST_PER_PART";
}

export interface PartWeight {
  id: string;
  points: number;
}

export interface OverrideRow {
  /** "" for the whole problem. */
  partId: string;
  score: number;
  createdAt: Date;
}

export interface Standing {
  /** Fraction of the problem's points; null with neither a submission nor an override. */
  score: number | null;
  partScores: Record<string, number>;
}

/**
 * The score that counts for a problem: the counted submission's part scores
 * (each already multiplied by that submission's late factor), with the
 * newest override of each part replacing that part's score, and a newest
 * whole-problem override replacing the total.
 */
export function applyOverrides(
  parts: readonly PartWeight[],
  counted: { partScores: Record<string, number>; lateFactor: number } | null,
  overrides: readonly OverrideRow[],
): Standing {
  const newest = new Map<string, OverrideRow>();
  for (const override of overrides) {
    const seen = newest.get(override.partId);
    if (!seen || override.createdAt.getTime() > seen.createdAt.getTime()) newest.set(override.partId, override);
  }
  const partScores: Record<string, number> = {};
  for (const part of parts) {
    const override = newest.get(part.id);
    const submitted = counted ? (counted.partScores[part.id] ?? 0) * counted.lateFactor : undefined;
    if (override) partScores[part.id] = override.score;
    else if (submitted !== undefined) partScores[part.id] = submitted;
  }
  const whole = newest.get("");
  if (whole) return { score: whole.score, partScores };
  if (!counted && Object.keys(partScores).length === 0) return { score: null, partScores };
  const total = parts.reduce((sum, part) => sum + part.points, 0);
  const earned = parts.reduce((sum, part) => sum + part.points * (partScores[part.id] ?? 0), 0);
  return { score: total === 0 ? 0 : earned / total, partScores };
}

/** When an assessment opens and how long a student has once they start it (separate from AssessmentRules: neither changes a score). */
export interface AssessmentWindow {
  /** Before this students see that the assessment exists and when it opens, nothing of its problems; null: open once published. */
  opensAt: Date | null;
  /** Minutes from the student's first opening of the assessment; null: no time limit. */
  timeLimitMinutes: number | null;
  lateCutoffAt: Date | null;
}

/** Whether students are still kept out of the assessment at `at` (staff never are). */
export function notYetOpen(window: Pick<AssessmentWindow, "opensAt">, at: Date): boolean {
  return window.opensAt !== null && at.getTime() < window.opensAt.getTime();
}

/**
 * What a per-student exception adds to the time limit: a multiplier of the
 * limit (1.5 for time and a half) and extra minutes. No exceptions exist yet;
 * they plug in here so that the one rule below extends everywhere.
 */
export interface TimeAllowance {
  multiplier: number;
  extraMinutes: number;
}

export const STANDARD_TIME: TimeAllowance = { multiplier: 1, extraMinutes: 0 };

const MINUTE_MS = 60 * 1000;

/**
 * The end of a student's time on a timed assessment: their start plus the
 * limit (with `allowance` applied), never after the late cut-off. null when
 * there is no time limit, or the student has not started it (then only the
 * assessment's own close applies: closedByTime). This is the one rule for a
 * student's personal end: the submission check, the policy sent to the page
 * and its countdown all read it.
 */
export function personalEndsAt(
  window: Pick<AssessmentWindow, "timeLimitMinutes" | "lateCutoffAt">,
  startedAt: Date | null,
  allowance: TimeAllowance = STANDARD_TIME,
): Date | null {
  if (window.timeLimitMinutes === null || startedAt === null) return null;
  const minutes = window.timeLimitMinutes * allowance.multiplier + allowance.extraMinutes;
  const end = startedAt.getTime() + minutes * MINUTE_MS;
  return new Date(window.lateCutoffAt === null ? end : Math.min(end, window.lateCutoffAt.getTime()));
}

/** Whether the student's time ran out at `at` (a submission exactly at the end still counts). */
export function timeLimitExpired(endsAt: Date | null, at: Date): boolean {
  return endsAt !== null && at.getTime() > endsAt.getTime();
}
