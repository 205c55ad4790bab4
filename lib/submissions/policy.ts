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
  scoringPolicy: "BEST" | "LAST";
  revealPolicy: "NEVER" | "AFTER_DUE" | "AFTER_LAST_ATTEMPT" | "AFTER_DUE_OR_LAST_ATTEMPT";
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

/** Whether a student may see the references now. */
export function referencesRevealed(rules: AssessmentRules, attemptsUsed: number, at: Date): boolean {
  const afterDue = rules.dueAt !== null && at.getTime() > rules.dueAt.getTime();
  const afterLastAttempt = rules.attemptLimit !== null && attemptsUsed >= rules.attemptLimit;
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

export interface ScoredAttempt {
  attempt: number;
  /** Fraction of the problem's points, after the late penalty. */
  score: number;
}

/** The submission that counts: the best (the earliest of equal bests) or the last. */
export function countedAttempt<T extends ScoredAttempt>(rules: Pick<AssessmentRules, "scoringPolicy">, attempts: readonly T[]): T | null {
  if (attempts.length === 0) return null;
  const byAttempt = [...attempts].sort((a, b) => a.attempt - b.attempt);
  if (rules.scoringPolicy === "LAST") return byAttempt[byAttempt.length - 1];
  return byAttempt.reduce((best, candidate) => (candidate.score > best.score ? candidate : best));
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
