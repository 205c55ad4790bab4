import {
  historyEntryFromResponse,
  latestAnswers,
  listedSubmissions,
  outcomesFromParts,
  outcomesFromRejection,
  SHOWN_SUBMISSIONS,
  shownHistory,
  summariseOutcome,
} from "@/app/components/problem/problem-state";
import type { SubmissionResponse } from "@/lib/submissions/contract";
import { policy, standing } from "./sample-data";
import { formatCourseDate } from "@/lib/dates";

/** Dates as a viewer in the course's own zone (UTC here) reads them. */
const formatDateUtc = (iso: string) => formatCourseDate(iso, "UTC");

const response: SubmissionResponse = {
  submissionId: "s",
  attempt: 2,
  score: 0.15,
  late: false,
  latePenalty: 0,
  parts: [
    { id: "d.dW0", score: 1, feedback: "correct", status: "graded" },
    { id: "a.z", score: 0, feedback: "", status: "unanswered" },
  ],
  submittedAt: "2026-03-01T00:00:00Z",
  policy: policy({ attemptsUsed: 2, attemptsLeft: 1 }),
  standing: standing(),
  replayed: false,
};

describe("the per-part results shown next to the parts", () => {
  it("shows answered parts' results and nothing for parts left out", () => {
    expect(outcomesFromParts(response.parts)).toEqual({ "d.dW0": response.parts[0] });
  });

  it("marks each part the server could not read as rejected, with its message", () => {
    expect(outcomesFromRejection([{ id: "d.dW0", feedback: "W1 is 1×h" }])).toEqual({
      "d.dW0": { id: "d.dW0", status: "rejected", feedback: "W1 is 1×h" },
    });
  });

  it("turns a graded response into a history entry, without the answers (the list does not show them)", () => {
    expect(historyEntryFromResponse(response)).toEqual({
      submissionId: "s",
      attempt: 2,
      submittedAt: "2026-03-01T00:00:00Z",
      score: 0.15,
      late: false,
      latePenalty: 0,
      parts: response.parts,
    });
  });
});

describe("the submissions the page lists", () => {
  /** A history of `count` submissions, newest first, each with an answer. */
  const history = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      submissionId: `s${count - i}`,
      attempt: count - i,
      submittedAt: "2026-03-01T00:00:00Z",
      score: 0,
      late: false,
      latePenalty: 0,
      answers: { "a.dims": `answer ${count - i}` },
      parts: [],
    }));

  it("lists a short history whole, without any answers", () => {
    const shown = shownHistory(history(SHOWN_SUBMISSIONS), false);
    expect(shown.olderCount).toBe(0);
    expect(shown.submissions.map((entry) => entry.attempt)).toEqual(history(SHOWN_SUBMISSIONS).map((entry) => entry.attempt));
    expect(shown.submissions.every((entry) => !("answers" in entry))).toBe(true);
  });

  it("lists the newest of a long history and counts the older ones left out", () => {
    const shown = shownHistory(history(SHOWN_SUBMISSIONS + 2), false);
    expect(shown.submissions.map((entry) => entry.attempt)).toEqual(
      Array.from({ length: SHOWN_SUBMISSIONS }, (_, i) => SHOWN_SUBMISSIONS + 2 - i),
    );
    expect(shown.olderCount).toBe(2);
  });

  it("lists every submission when asked for all", () => {
    const shown = shownHistory(history(SHOWN_SUBMISSIONS + 2), true);
    expect(shown.submissions).toHaveLength(SHOWN_SUBMISSIONS + 2);
    expect(shown.olderCount).toBe(0);
  });

  it("lists nothing for no submissions", () => {
    expect(shownHistory([], false)).toEqual({ submissions: [], olderCount: 0 });
  });

  it("puts the submissions made on the page first, and a longer list from the server after them, each once", () => {
    const fromServer = shownHistory(history(SHOWN_SUBMISSIONS + 2), true).submissions;
    const made = [{ ...fromServer[0], submissionId: "s13", attempt: 13 }, fromServer[0]];
    expect(listedSubmissions(made, fromServer).map((entry) => entry.attempt)).toEqual([13, ...fromServer.map((entry) => entry.attempt)]);
    expect(listedSubmissions([], fromServer)).toEqual(fromServer);
  });
});

describe("the message after submitting", () => {
  it("says the attempt, the points in the assessment and the attempts left", () => {
    const banner = summariseOutcome({ kind: "graded", response }, 20, formatDateUtc);
    expect(banner).toEqual({ tone: "ok", title: "Attempt 2 graded: 3 of 20 points.", text: "2 of 3 attempts used, 1 left." });
  });

  it("shows a 0-point attempt in amber, not green", () => {
    const banner = summariseOutcome({ kind: "graded", response: { ...response, score: 0 } }, 20, formatDateUtc);
    expect([banner.tone, banner.title]).toEqual(["warn", "Attempt 2 graded: 0 of 20 points."]);
  });

  it("while an exam's results are held, says only that the attempt was received, when results come, and the attempts", () => {
    const held = {
      ...response,
      score: null,
      parts: [{ id: "d.dW0", score: null, feedback: null, status: "received" as const }],
      policy: { ...response.policy, feedbackMode: "EXAM" as const, resultsHeld: true, resultsHeldUntil: "2026-03-14T17:00:00.000Z" },
    };
    const banner = summariseOutcome({ kind: "graded", response: held }, 20, formatDateUtc);
    expect(banner).toEqual({
      tone: "ok",
      title: "Attempt 2 received.",
      text: `Results are shown after the exam closes on ${formatDateUtc("2026-03-14T17:00:00.000Z")}. 2 of 3 attempts used, 1 left.`,
    });
    expect(outcomesFromParts(held.parts)).toEqual({ "d.dW0": { id: "d.dW0", score: null, feedback: null, status: "received" } });
  });

  it("says no attempt was used when answers could not be read", () => {
    const banner = summariseOutcome({ kind: "invalid", message: "m", parts: [{ id: "d.dW0", feedback: "f" }] }, 20, formatDateUtc);
    expect(banner.title).toBe("Not submitted: no attempt was used.");
    expect(banner.text).toBe("One part could not be read; see the message next to it. Fix it and submit again.");
  });
});

describe("the message after a late or replayed submission", () => {
  it("says how much the late penalty took and that a replay is the earlier result", () => {
    const banner = summariseOutcome(
      { kind: "graded", response: { ...response, late: true, latePenalty: 0.2, replayed: true } },
      20,
      formatDateUtc,
    );
    expect(banner.tone).toBe("warn");
    expect(banner.text).toBe(
      "It was late: 20% was taken off. 2 of 3 attempts used, 1 left. (This submission had already been recorded; this is its result.)",
    );
  });

  it("passes on the API's message and next step for an error, with a sign-in link when signed out", () => {
    const banner = summariseOutcome(
      { kind: "error", code: "UNAUTHENTICATED", message: "Sign in first.", nextStep: "Sign in again.", signIn: true },
      20,
      formatDateUtc,
    );
    expect(banner).toEqual({ tone: "error", title: "Sign in first.", text: "Sign in again.", signIn: true });
  });
});

describe("each part's answer to start from", () => {
  it("takes each part from the newest submission that answered it", () => {
    const entry = (attempt: number, answers: Record<string, string>) => ({
      submissionId: `s${attempt}`,
      attempt,
      submittedAt: "",
      score: 0,
      late: false,
      latePenalty: 0,
      answers,
      parts: [],
    });
    // Newest first, as the history lists them: attempt 3 left a.z out and blanked b.
    const submissions = [entry(3, { "c.w": "3", b: "" }), entry(2, { b: "2b", "c.w": "2" }), entry(1, { "a.z": "1" })];
    expect(latestAnswers(submissions)).toEqual({ "c.w": "3", b: "2b", "a.z": "1" });
    expect(latestAnswers([])).toEqual({});
  });
});
