/**
 * How a submission's outcome changes what the problem page shows: the
 * per-part results, the history entry, and the message above the button.
 * Pure, so that it is tested without a browser.
 */
import type { Json } from "@/grader/problems/types";
import type { InvalidAnswersDetails, PartResult, SubmissionHistoryEntry, SubmissionResponse } from "@/lib/submissions/contract";
import type { PartOutcome } from "./part-result";
import { attemptsText, formatPercent, formatPoints, heldText, type DateText } from "./policy-text";
import type { SubmitOutcome } from "./submission";

export interface Banner {
  tone: "ok" | "warn" | "error";
  title: string;
  text: string;
  /** Offer a sign-in link (the session ended). */
  signIn?: boolean;
}

/**
 * Each answered part's result, by part id. Parts left out show nothing: a "not answered" box on every empty part is noise, and
 * the history lists them.
 */
export function outcomesFromParts(parts: PartResult[]): Record<string, PartOutcome> {
  return Object.fromEntries(parts.filter((part) => part.status !== "unanswered").map((part) => [part.id, part]));
}

export function outcomesFromRejection(parts: InvalidAnswersDetails["parts"]): Record<string, PartOutcome> {
  return Object.fromEntries(parts.map((part) => [part.id, { id: part.id, status: "rejected" as const, feedback: part.feedback }]));
}

/**
 * Each part's answer in the newest submission that answered it (submissions
 * newest first). A submission carries only the parts that were filled in,
 * so a later one that left a part out must not blank that part on the page.
 */
export function latestAnswers(submissions: readonly SubmissionHistoryEntry[]): Record<string, Json> {
  const latest: Record<string, Json> = {};
  for (const submission of submissions) {
    for (const [partId, answer] of Object.entries(submission.answers)) {
      if (!(partId in latest) && answer !== null && answer !== "") latest[partId] = answer;
    }
  }
  return latest;
}

/**
 * A submission as the page lists it: without its answers. The list never shows them (the drafts come from the
 * server, latestAnswers), and sending them would put every earlier answer, a pasted 64×64 matrix each, into the page.
 */
export type ShownSubmission = Omit<SubmissionHistoryEntry, "answers">;

/** The page's list of submissions: the newest, and how many older ones "Show all" would add. */
export interface ShownHistory {
  submissions: ShownSubmission[];
  olderCount: number;
}

/**
 * How many submissions the page lists unless asked for all: the newest, whose feedback a student acts on. A
 * practice problem can collect hundreds over a term, and every one listed is work for the server and bytes for the phone.
 */
export const SHOWN_SUBMISSIONS = 10;

/** The newest SHOWN_SUBMISSIONS of a history (newest first), or all of it, as the page lists them. */
export function shownHistory(submissions: readonly SubmissionHistoryEntry[], all: boolean): ShownHistory {
  const listed = all ? submissions : submissions.slice(0, SHOWN_SUBMISSIONS);
  return { submissions: listed.map(withoutAnswers), olderCount: submissions.length - listed.length };
}

function withoutAnswers({ answers: _answers, ...shown }: SubmissionHistoryEntry): ShownSubmission {
  return shown;
}

/** The list after submissions made on the page (newest first): those, then the server's list without them (a replay). */
export function listedSubmissions(madeHere: readonly ShownSubmission[], fromServer: readonly ShownSubmission[]): ShownSubmission[] {
  const made = new Set(madeHere.map((entry) => entry.submissionId));
  return [...madeHere, ...fromServer.filter((entry) => !made.has(entry.submissionId))];
}

export function historyEntryFromResponse(response: SubmissionResponse): ShownSubmission {
  const { submissionId, attempt, submittedAt, score, late, latePenalty, parts } = response;
  return { submissionId, attempt, submittedAt, score, late, latePenalty, parts };
}

/** The message after a submission: what happened, and what to do next. */
export function summariseOutcome(outcome: SubmitOutcome, problemPoints: number, date: DateText): Banner {
  switch (outcome.kind) {
    case "graded": {
      const { response } = outcome;
      const replayedNote = response.replayed ? " (This submission had already been recorded.)" : "";
      if (response.score === null) {
        // An exam before it closes: nothing that says right or wrong, not even the banner's colour.
        return {
          tone: "ok",
          title: `Attempt ${response.attempt} received.`,
          text: `${heldText(response.policy.resultsHeldUntil, date)} ${attemptsText(response.policy)}.${replayedNote}`,
        };
      }
      const points = `${formatPoints(response.score * problemPoints)} of ${formatPoints(problemPoints)} points`;
      const late = response.late ? ` It was late: ${formatPercent(response.latePenalty)} was taken off.` : "";
      const replayed = response.replayed ? " (This submission had already been recorded; this is its result.)" : "";
      // Green only for points earned: a 0-point attempt is recorded, but nothing went well.
      return {
        tone: response.late || response.score <= 0 ? "warn" : "ok",
        title: `Attempt ${response.attempt} graded: ${points}.`,
        text: `${late} ${attemptsText(response.policy)}.${replayed}`.trim(),
      };
    }
    case "invalid": {
      const count = outcome.parts.length;
      const which =
        count === 0
          ? outcome.message
          : `${count === 1 ? "One part" : `${count} parts`} could not be read; see the ` +
            `message${count === 1 ? "" : "s"} next to ${count === 1 ? "it" : "them"}.`;
      return {
        tone: "warn",
        title: "Not submitted: no attempt was used.",
        text: `${which} Fix ${count === 1 ? "it" : "them"} and submit again.`,
      };
    }
    case "error":
      return { tone: "error", title: outcome.message, text: outcome.nextStep, ...(outcome.signIn ? { signIn: true } : {}) };
  }
}
