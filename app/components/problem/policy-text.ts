/**
 * The assessment's rules and the student's standing, in words. Dates are
 * written by the `date` function the caller passes: the page's
 * useDateText (app/components/dates), the viewer's time beside the course's.
 */
import type { PolicyInfo, StandingInfo } from "@/lib/submissions/contract";
import { formatPoints } from "../progress-summary";

// The course and assessment pages' own formats, so that a date or a score reads the same on every page.
export { formatPoints };

/** Writes an instant as its reader should see it (app/components/dates useDateText). */
export type DateText = (iso: string) => string;

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}

/** "3 of 5 used, 2 left", or "2 used (no limit)". */
export function attemptsText(policy: PolicyInfo): string {
  const used = `${policy.attemptsUsed} ${policy.attemptsUsed === 1 ? "attempt" : "attempts"} used`;
  if (policy.attemptLimit === null) return `${used}, no limit`;
  const left = policy.attemptsLeft ?? Math.max(0, policy.attemptLimit - policy.attemptsUsed);
  return `${policy.attemptsUsed} of ${policy.attemptLimit} attempts used, ${left} left`;
}

const COUNTED_TEXT: Record<PolicyInfo["scoringPolicy"], string> = {
  BEST: "Your best submission counts.",
  LAST: "Your last submission counts.",
  BEST_PER_PART: "Each part keeps its best score over your submissions.",
};

export function countedText(policy: Pick<PolicyInfo, "scoringPolicy">): string {
  return COUNTED_TEXT[policy.scoringPolicy];
}

/** What the feedback mode changes for the student, or "" in practice mode (nothing to warn about). */
export function feedbackModeText(policy: Pick<PolicyInfo, "feedbackMode">): string {
  if (policy.feedbackMode === "PRACTICE") return "";
  const shape = "An answer of the wrong shape (wrong order, a missing transpose) is graded as wrong and uses an attempt.";
  return policy.feedbackMode === "EXAM" ? `${shape} This is an exam: scores and feedback are shown only after it closes.` : shape;
}

/** "Results are shown after the exam closes on …": what a student reads in place of a score while results are held. */
export function heldText(resultsHeldUntil: string | null, date: DateText): string {
  return resultsHeldUntil
    ? `Results are shown after the exam closes on ${date(resultsHeldUntil)}.`
    : "Results are shown after the exam closes.";
}

export function lateText(policy: PolicyInfo, date: DateText): string {
  if (!policy.dueAt) return "No due date.";
  const penalty =
    policy.latePenaltyPerDay > 0
      ? `After it, ${formatPercent(policy.latePenaltyPerDay)} of the score is removed for each started day late`
      : "Late work is not penalised";
  const cutoff = policy.lateCutoffAt ? `, and nothing is accepted after ${date(policy.lateCutoffAt)}.` : ".";
  return `Due ${date(policy.dueAt)}. ${penalty}${cutoff}`;
}

/**
 * When the reference answers will be shown, as the server decides it
 * (lib/submissions/policy.ts referencesRevealed): never while the student
 * can still earn credit on this problem, whatever the reveal policy.
 */
export function revealText(policy: PolicyInfo, date: DateText): string {
  if (policy.referencesRevealed) return "Shown with each part below.";
  if (policy.revealPolicy === "NEVER") return "Not shown for this assessment.";
  if (policy.resultsHeld)
    return `Not shown before the exam closes${policy.resultsHeldUntil ? ` on ${date(policy.resultsHeldUntil)}` : ""}.`;
  const conditions = [
    policy.attemptLimit !== null ? "your attempts are used up" : null,
    policy.creditEndsAt !== null ? `it is after ${date(policy.creditEndsAt)}, when submissions close` : null,
  ].filter((condition): condition is string => condition !== null);
  if (policy.revealPolicy === "AFTER_LAST_ATTEMPT") {
    return policy.attemptLimit === null ? "Not shown: there is no attempt limit." : "Shown once your attempts are used up.";
  }
  if (conditions.length === 0) return "Not shown: submissions stay open, so you can always still earn credit here.";
  const when = `once you can no longer earn credit here: when ${conditions.join(", or ")}.`;
  return policy.revealPolicy === "AFTER_DUE" && policy.dueAt ? `Shown after the due date, ${when}` : `Shown ${when}`;
}

export type SubmissionState = { tone: "ok" | "warn" | "closed"; text: string };

/** Whether submitting now is possible, late or refused, and why. */
export function submissionState(policy: PolicyInfo): SubmissionState {
  if (policy.closed) {
    const noAttempts = policy.attemptsLeft !== null && policy.attemptsLeft <= 0;
    if (noAttempts) return { tone: "closed", text: "Closed: no attempts left." };
    if (policy.timeLimit?.expired) return { tone: "closed", text: "Closed: your time for this assessment is up." };
    return { tone: "closed", text: "Closed: submissions are no longer accepted." };
  }
  if (policy.late) {
    const penalty =
      policy.latePenaltyPerDay > 0 ? ` A late penalty of ${formatPercent(policy.latePenaltyPerDay)} per started day applies.` : "";
    return { tone: "warn", text: `Submitting now is late.${penalty}` };
  }
  return { tone: "ok", text: "Open for submissions." };
}

export function standingText(
  standing: StandingInfo,
  policy: Pick<PolicyInfo, "resultsHeld" | "resultsHeldUntil" | "attemptsUsed">,
  date: DateText,
): string {
  if (policy.resultsHeld)
    return policy.attemptsUsed > 0 ? `Received. ${heldText(policy.resultsHeldUntil, date)}` : heldText(policy.resultsHeldUntil, date);
  if (standing.score === null || standing.pointsEarned === null)
    return `Not attempted yet: 0 of ${formatPoints(standing.pointsPossible)} points.`;
  return `${formatPoints(standing.pointsEarned)} of ${formatPoints(standing.pointsPossible)} points (${formatPercent(standing.score)}).`;
}

/** A part's points from a score fraction: "3 / 3 points". */
export function partPointsText(score: number, points: number): string {
  return `${formatPoints(score * points)} / ${formatPoints(points)} ${points === 1 ? "point" : "points"}`;
}
