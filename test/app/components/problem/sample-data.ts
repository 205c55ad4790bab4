// Public variants drawn from the bank, as the API sends them, for the problem page's pure-logic tests.
import { getBankProblem } from "@/grader/bank";
import { buildVariant, type PublicPart } from "@/grader/problems";
import type { PolicyInfo, StandingInfo } from "@/lib/submissions/contract";

export function publicPart(slug: string, partId: string, seed = 0): PublicPart {
  const part = buildVariant(getBankProblem(slug), seed).public.parts.find((candidate) => candidate.id === partId);
  if (!part) throw new Error(`no part ${partId} in ${slug}`);
  return part;
}

export function policy(overrides: Partial<PolicyInfo> = {}): PolicyInfo {
  return {
    attemptLimit: 3,
    attemptsUsed: 1,
    attemptsLeft: 2,
    scoringPolicy: "BEST",
    feedbackMode: "PRACTICE",
    dueAt: "2026-03-12T17:00:00.000Z",
    latePenaltyPerDay: 0.1,
    lateCutoffAt: null,
    // 10 % a day from the due date: the tenth started day removes all of it.
    creditEndsAt: "2026-03-21T17:00:00.000Z",
    late: false,
    closed: false,
    revealPolicy: "AFTER_DUE",
    referencesRevealed: false,
    resultsHeld: false,
    resultsHeldUntil: null,
    opensAt: null,
    timeZone: "UTC",
    timeLimit: null,
    ...overrides,
  };
}

export function standing(overrides: Partial<StandingInfo> = {}): StandingInfo {
  return { score: null, pointsEarned: 0, pointsPossible: 10, partScores: {}, overrides: [], ...overrides };
}
