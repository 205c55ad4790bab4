import "server-only";

// Requests to an LMS, sent once more when the connection closed under them.
//
// fetch keeps connections to a host open between requests. When the LMS
// (or its proxy) closes an idle one just as a request goes out on it, the
// request fails with a reset before any answer: on a busy machine, where
// timers fire late, this happens a few times a minute. Sending it again at
// once, on a new connection, succeeds. Only requests the LMS may receive
// twice without harm go through here: reads, token requests, and scores,
// whose fixed timestamp makes the LMS keep one (lib/lti/ags/score-sender.ts).

/** Error codes of a connection that closed or was reset before its answer (Node's, and undici's for fetch). */
const CLOSED_UNDER_REQUEST = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"]);

/** True when fetch failed because its connection closed before any answer came. */
export function failedOnClosedConnection(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  // By name, not instanceof: fetch's TypeError may come from another realm (a test's sandbox).
  return (error as Error | null)?.name === "TypeError" && typeof cause?.code === "string" && CLOSED_UNDER_REQUEST.has(cause.code);
}

/** fetch, sent a second time at once if the first failed on a closed connection; for requests that are safe to repeat. */
export async function fetchSafeToRepeat(input: string | URL, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch (error) {
    if (!failedOnClosedConnection(error)) throw error;
    return fetch(input, init);
  }
}
