import {
  attemptsText,
  countedText,
  feedbackModeText,
  lateText,
  partPointsText,
  revealText,
  standingText,
  submissionState,
} from "@/app/components/problem/policy-text";
import { policy, standing } from "./sample-data";
import { formatCourseDate } from "@/lib/dates";

/** Dates as a viewer in the course's own zone (UTC here) reads them. */
const formatDateUtc = (iso: string) => formatCourseDate(iso, "UTC");

describe("the policy in words", () => {
  it("counts attempts, with or without a limit", () => {
    expect(attemptsText(policy())).toBe("1 of 3 attempts used, 2 left");
    expect(attemptsText(policy({ attemptLimit: null, attemptsLeft: null, attemptsUsed: 4 }))).toBe("4 attempts used, no limit");
    expect(attemptsText(policy({ attemptLimit: null, attemptsLeft: null, attemptsUsed: 1 }))).toBe("1 attempt used, no limit");
  });

  it("says which submission counts", () => {
    expect(countedText(policy())).toBe("Your best submission counts.");
    expect(countedText(policy({ scoringPolicy: "LAST" }))).toBe("Your last submission counts.");
    expect(countedText(policy({ scoringPolicy: "BEST_PER_PART" }))).toBe("Each part keeps its best score over your submissions.");
  });

  it("warns in homework that a wrong shape uses an attempt, and says nothing in practice", () => {
    expect(feedbackModeText(policy({ feedbackMode: "HOMEWORK" }))).toBe(
      "An answer of the wrong shape (wrong order, a missing transpose) is graded as wrong and uses an attempt.",
    );
    expect(feedbackModeText(policy())).toBe("");
  });

  it("gives the due date in UTC, the penalty per started day and the cut-off", () => {
    expect(lateText(policy({ lateCutoffAt: "2026-03-19T17:00:00.000Z" }), formatDateUtc)).toBe(
      "Due Thu 12 Mar 2026, 17:00 UTC. After it, 10% of the score is removed for each " +
        "started day late, and nothing is accepted after Thu 19 Mar 2026, 17:00 UTC.",
    );
    expect(lateText(policy({ latePenaltyPerDay: 0 }), formatDateUtc)).toBe("Due Thu 12 Mar 2026, 17:00 UTC. Late work is not penalised.");
    expect(lateText(policy({ dueAt: null }), formatDateUtc)).toBe("No due date.");
  });

  it("tells open, late and closed apart, and why it is closed", () => {
    expect(submissionState(policy())).toEqual({ tone: "ok", text: "Open for submissions." });
    expect(submissionState(policy({ late: true }))).toEqual({
      tone: "warn",
      text: "Submitting now is late. A late penalty of 10% per started day applies.",
    });
    expect(submissionState(policy({ closed: true, attemptsLeft: 0, attemptsUsed: 3 })).text).toBe("Closed: no attempts left.");
    expect(submissionState(policy({ closed: true, late: true })).text).toBe("Closed: submissions are no longer accepted.");
  });

  it("gives the standing in points and percent, or says it is not attempted", () => {
    expect(standingText(standing(), policy(), formatDateUtc)).toBe("Not attempted yet: 0 of 10 points.");
    expect(standingText(standing({ score: 0.25, pointsEarned: 2.5 }), policy(), formatDateUtc)).toBe("2.5 of 10 points (25%).");
    expect(partPointsText(1, 3)).toBe("3 / 3 points");
    expect(partPointsText(0.5, 1)).toBe("0.5 / 1 point");
  });

  it("says only that the work was received while an exam's results are held, with the date they are shown", () => {
    const held = policy({ feedbackMode: "EXAM", resultsHeld: true, resultsHeldUntil: "2026-03-14T17:00:00.000Z" });
    const close = formatDateUtc("2026-03-14T17:00:00.000Z");
    expect(standingText(standing({ score: null, pointsEarned: null }), held, formatDateUtc)).toBe(
      `Received. Results are shown after the exam closes on ${close}.`,
    );
    expect(standingText(standing(), { ...held, attemptsUsed: 0 }, formatDateUtc)).toBe(
      `Results are shown after the exam closes on ${close}.`,
    );
    expect(revealText({ ...held, attemptsLeft: 0, attemptsUsed: 3, closed: true }, formatDateUtc)).toBe(
      `Not shown before the exam closes on ${close}.`,
    );
  });

  it("says when references are shown: only once no more credit can be earned", () => {
    const ends = formatDateUtc("2026-03-21T17:00:00.000Z");
    expect(revealText(policy(), formatDateUtc)).toBe(
      `Shown after the due date, once you can no longer earn credit here: when ` +
        `your attempts are used up, or it is after ${ends}, when submissions close.`,
    );
    expect(revealText(policy({ attemptLimit: null, attemptsLeft: null, revealPolicy: "AFTER_DUE_OR_LAST_ATTEMPT" }), formatDateUtc)).toBe(
      `Shown once you can no longer earn credit here: when it is after ${ends}, when submissions close.`,
    );
    expect(revealText(policy({ attemptLimit: null, attemptsLeft: null, creditEndsAt: null, latePenaltyPerDay: 0 }), formatDateUtc)).toBe(
      "Not shown: submissions stay open, so you can always still earn credit here.",
    );
    expect(revealText(policy({ revealPolicy: "AFTER_LAST_ATTEMPT" }), formatDateUtc)).toBe("Shown once your attempts are used up.");
    expect(revealText(policy({ revealPolicy: "NEVER" }), formatDateUtc)).toBe("Not shown for this assessment.");
    expect(revealText(policy({ referencesRevealed: true, closed: true }), formatDateUtc)).toBe("Shown with each part below.");
  });
});
