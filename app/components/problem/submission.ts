/**
 * Submitting a problem's answers through the JSON API, and reading what comes
 * back into something the page can show. The reading is a pure function
 * (interpretSubmitResponse) so that every status the API may answer with is
 * tested without a server.
 */
import type { AppErrorCode } from "@/lib/errors";
import type { InvalidAnswersDetails, SubmissionResponse } from "@/lib/submissions/contract";
import type { RawAnswer } from "@/grader/answers";

export type SubmitOutcome =
  | { kind: "graded"; response: SubmissionResponse }
  /** 422 INVALID_ANSWERS: nothing stored, no attempt used; a message per part. */
  | { kind: "invalid"; message: string; parts: InvalidAnswersDetails["parts"] }
  /** Anything else: what happened and what to do next. */
  | { kind: "error"; code: AppErrorCode | "INTERNAL" | "NETWORK" | "UNKNOWN"; message: string; nextStep: string; signIn?: boolean };

interface ErrorJson {
  error?: { code?: string; message?: string; details?: unknown };
}

/** What to do next, by error code: the API's own message says what happened. */
const NEXT_STEP: Partial<Record<AppErrorCode | "INTERNAL", string>> = {
  UNAUTHENTICATED: "Your session has ended. Sign in again (your answers stay on this page if you sign in in a new tab), then submit again.",
  ATTEMPTS_EXHAUSTED:
    "You have used all your attempts for this problem. Your counted score " +
    "is shown above; ask your course staff if you think this is wrong.",
  SUBMISSIONS_CLOSED: "This problem no longer accepts submissions. Your counted score is shown above.",
  NOT_YET_OPEN: "This assessment is not open yet. Come back once it opens.",
  FORBIDDEN: "You may not submit to this problem. Check that you opened it from your own course.",
  NOT_FOUND: "This problem is not part of the assessment any more. Go back to the assessment and reload it.",
  CONFLICT: "The same submission is still being processed. Wait a moment and reload the page to see it.",
  RATE_LIMITED: "Too many submissions in a short time. Wait a minute, then submit again.",
  PAYLOAD_TOO_LARGE: "An answer is too long. Shorten it, then submit again.",
  INVALID_INPUT: "The page sent a request the server could not read. Reload the page and submit again.",
  UNAVAILABLE: "The server is busy. Try again in a moment; no attempt was used.",
  DATABASE_UNAVAILABLE:
    "The course database is not answering. Your answers are still on this page: submit " +
    "again in a few seconds (if the first try was stored, it is not counted twice).",
  INTERNAL: "Something went wrong on the server. Try again in a moment.",
};

/** A graded submission's body; its score is null while an exam's results are held. */
function isSubmissionResponse(body: unknown): body is SubmissionResponse {
  const candidate = body as Partial<SubmissionResponse> | null;
  return (
    !!candidate &&
    typeof candidate.submissionId === "string" &&
    Array.isArray(candidate.parts) &&
    (typeof candidate.score === "number" || candidate.score === null)
  );
}

function invalidParts(details: unknown): InvalidAnswersDetails["parts"] {
  const parts = (details as Partial<InvalidAnswersDetails> | undefined)?.parts;
  if (!Array.isArray(parts)) return [];
  return parts.filter((part) => part && typeof part.id === "string" && typeof part.feedback === "string");
}

export function interpretSubmitResponse(status: number, body: unknown): SubmitOutcome {
  if (status >= 200 && status < 300 && isSubmissionResponse(body)) return { kind: "graded", response: body };
  const error = (body as ErrorJson | null)?.error;
  const code = (error?.code ?? (status === 401 ? "UNAUTHENTICATED" : status >= 500 ? "INTERNAL" : "UNKNOWN")) as
    AppErrorCode | "INTERNAL" | "UNKNOWN";
  const message = error?.message ?? `The server answered ${status}.`;
  if (code === "INVALID_ANSWERS" || status === 422) {
    return { kind: "invalid", message, parts: invalidParts(error?.details) };
  }
  const nextStep = NEXT_STEP[code as keyof typeof NEXT_STEP] ?? (status >= 500 ? NEXT_STEP.INTERNAL! : "Reload the page and try again.");
  return { kind: "error", code, message, nextStep, ...(code === "UNAUTHENTICATED" ? { signIn: true } : {}) };
}

export const NETWORK_ERROR: SubmitOutcome = {
  kind: "error",
  code: "NETWORK",
  message: "The submission did not reach the server, or its answer did not come back.",
  nextStep: "Check your connection and submit again: the same answers are sent with the same key, so they cannot count twice.",
};

export interface SubmitRequest {
  slug: string;
  assessmentId: string;
  answers: Record<string, RawAnswer>;
  /** One per submission; a retry of the same answers after a network failure sends the same key (the server stores the first result). */
  idempotencyKey: string;
}

export function submissionsUrl(slug: string, assessmentId: string): string {
  return `/api/problems/${encodeURIComponent(slug)}/submissions?assessmentId=${encodeURIComponent(assessmentId)}`;
}

export async function postSubmission(
  { slug, assessmentId, answers, idempotencyKey }: SubmitRequest,
  fetchImpl: typeof fetch = fetch,
): Promise<SubmitOutcome> {
  let response: Response;
  try {
    response = await fetchImpl(submissionsUrl(slug, assessmentId), {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "Idempotency-Key": idempotencyKey },
      body: JSON.stringify({ answers }),
      credentials: "same-origin",
    });
  } catch {
    return NETWORK_ERROR;
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A proxy's HTML error page, or an empty body: interpreted from the status alone.
  }
  return interpretSubmitResponse(response.status, body);
}
