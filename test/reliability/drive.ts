/**
 * Drives submissions over HTTP at a fixed concurrency: each worker posts an
 * nn-backprop submission for the next student in turn, with its own
 * Idempotency-Key, and records when it was sent, when it was answered, the
 * status and the error code. Bounded: it stops when `until()` says so, and
 * every request has a timeout.
 */
import { randomUUID } from "node:crypto";
import type { LoadStudent, SentKeys } from "../harness/app-server";

/** The right 2.1(d) answer and a few other parts, as in the load benchmark. */
export const ANSWERS = { "d.dW0": "(W1.T * z * (1 - z)) @ x.T", "d.db0": "W1.T * z * (1 - z)", "a.y": "W1 @ z + b1", "b.db1": "1" };

export interface Exchange {
  key: string;
  student: LoadStudent;
  /** ms since the drive's clock started. */
  sentAt: number;
  answeredAt: number;
  /** HTTP status; 0 when no response came (network error or timeout). */
  status: number;
  /** `error.code` of a JSON error body. */
  code?: string;
  retryAfter?: string | null;
}

export interface SubmitTarget {
  port: number;
  assessmentId: string;
}

/** One submission, with the status and error code it got. */
export async function submitOnce(
  { port, assessmentId }: SubmitTarget,
  student: LoadStudent,
  key: string,
  timeoutMs = 60_000,
): Promise<{ status: number; code?: string; retryAfter?: string | null; body?: unknown }> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/problems/nn-backprop/submissions?assessmentId=${assessmentId}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: student.cookie, "idempotency-key": key },
      body: JSON.stringify({ answers: ANSWERS }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json().catch(() => undefined)) as { error?: { code?: string } } | undefined;
    return { status: response.status, code: body?.error?.code, retryAfter: response.headers.get("retry-after"), body };
  } catch (error) {
    // No response: say why (a timeout, a refused or reset connection), for the report.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { status: 0, code: cause?.code ?? cause?.message ?? (error as Error).name };
  }
}

export interface DriveOptions extends SubmitTarget {
  students: LoadStudent[];
  concurrency: number;
  /** The drive's clock: ms since its start (shared with the fault timeline). */
  clock: () => number;
  until: () => boolean;
  sent: SentKeys;
  /** Where answered exchanges are appended as they come (so a run can watch progress). */
  exchanges?: Exchange[];
}

export async function drive({ students, concurrency, clock, until, sent, exchanges = [], ...target }: DriveOptions): Promise<Exchange[]> {
  let next = 0;
  const worker = async () => {
    while (!until()) {
      const student = students[next++ % students.length];
      const key = randomUUID();
      sent.set(key, undefined);
      const sentAt = clock();
      const result = await submitOnce(target, student, key);
      sent.set(key, result.status === 0 ? undefined : result.status);
      exchanges.push({
        key,
        student,
        sentAt,
        answeredAt: clock(),
        status: result.status,
        code: result.code,
        retryAfter: result.retryAfter,
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return exchanges;
}

/** Counts by "status" or "status CODE". */
export function statusCounts(exchanges: Exchange[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status, code } of exchanges) {
    const label = status === 0 ? `no response (${code})` : code ? `${status} ${code}` : String(status);
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}

export const is2xx = (status: number) => status >= 200 && status < 300;

/** Waits until `count` requests were answered 2xx (the server is warm), at most `timeoutMs`. */
export async function warmUp(exchanges: Exchange[], count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (exchanges.filter((exchange) => is2xx(exchange.status)).length < count) {
    if (Date.now() > deadline)
      throw new Error(`fewer than ${count} submissions answered 2xx within ${timeoutMs / 1000} s before the fault`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
