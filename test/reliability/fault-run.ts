/**
 * What the fault runs share: the server on a prepared course, the rush of
 * submissions with a clock, and the aftermath checks (nothing lost or
 * doubled; each refused request, sent again with its key, stored once; the
 * attempt limit under 50 parallel submissions).
 */
import type { ChildProcess } from "node:child_process";
import type { DatabaseTarget } from "../../lib/db/provider";
import {
  checkIntegrity,
  prepareLoadCourse,
  startAppServer,
  stopAppServer,
  waitForHealth,
  type LoadCourse,
  type LoadStudent,
  type SentKeys,
} from "../harness/app-server";
import { Checks, sleep } from "./checks";
import { drive, is2xx, statusCounts, submitOnce, warmUp, type Exchange } from "./drive";
import { checkParallelAttempts, type ParallelAttemptsResult } from "./parallel-attempts";

export interface Phase {
  requests: number;
  statuses: Record<string, number>;
}

export function phase(exchanges: Exchange[]): Phase {
  return { requests: exchanges.length, statuses: statusCounts(exchanges) };
}

export interface FaultServer {
  course: LoadCourse;
  /** A student who never submits during the rush: the attempt-limit check needs a clean slate. */
  attemptStudent: LoadStudent;
  server: ChildProcess;
}

/** Migrates and seeds `target` with `students` (+1) students, and starts the production server on it. */
export async function startFaultServer(
  target: DatabaseTarget,
  students: number,
  port: number,
  beforeStart?: () => void,
): Promise<FaultServer> {
  const course = await prepareLoadCourse(target, students + 1);
  const attemptStudent = course.students.pop()!;
  beforeStart?.();
  const server = startAppServer({ target, port });
  try {
    await waitForHealth(port);
  } catch (error) {
    await stopAppServer(server);
    await course.db.$disconnect();
    throw error;
  }
  return { course, attemptStudent, server };
}

export interface Rush {
  sent: SentKeys;
  /** ms since the rush started. */
  clock: () => number;
  /** Stops sending, waits for the requests in flight, and returns every exchange. */
  stop(): Promise<{ exchanges: Exchange[]; end: number }>;
}

/** Starts `concurrency` workers submitting, and returns once 20 were answered 2xx (the server is warm). */
export async function startRush(port: number, course: LoadCourse, concurrency: number): Promise<Rush> {
  const sent: SentKeys = new Map();
  const started = performance.now();
  const clock = () => performance.now() - started;
  let stopping = false;
  const answered: Exchange[] = [];
  const running = drive({
    port,
    assessmentId: course.assessmentId,
    students: course.students,
    concurrency,
    clock,
    until: () => stopping,
    sent,
    exchanges: answered,
  });
  await warmUp(answered, 20);
  return {
    sent,
    clock,
    async stop() {
      stopping = true;
      const exchanges = await running;
      return { exchanges, end: clock() };
    },
  };
}

export function checkRecovered(checks: Checks, exchanges: Exchange[], end: number): void {
  const lastSeconds = exchanges.filter((e) => e.sentAt >= end - 3_000);
  checks.expect(
    "the last 3 s were all 2xx",
    lastSeconds.length > 0 && lastSeconds.every((e) => is2xx(e.status)),
    statusCounts(lastSeconds),
  );
}

export interface Aftermath {
  integrity: Awaited<ReturnType<typeof checkIntegrity>>;
  resentAfter503: { resent: number; statuses: Record<string, number> };
  parallelAttempts: ParallelAttemptsResult;
}

/**
 * After the rush: every 2xx stored and none twice; each exchange `resend`
 * picks (503s by default) sent again with its own key, as a client honouring
 * Retry-After would, must be answered 2xx and stored exactly once; then the
 * 50 parallel submissions against an attempt limit.
 */
export async function checkAftermath(
  checks: Checks,
  {
    port,
    faultServer,
    exchanges,
    sent,
    resend = (e) => e.status === 503,
    resendLabel = "each 503",
  }: {
    port: number;
    faultServer: FaultServer;
    exchanges: Exchange[];
    sent: SentKeys;
    resend?: (exchange: Exchange) => boolean;
    resendLabel?: string;
  },
): Promise<Aftermath> {
  const { course, attemptStudent } = faultServer;
  // Let requests still in flight land before counting (as the load benchmark does).
  await sleep(1_000);
  const integrity = await checkIntegrity(course.db, sent);
  checks.expect("every 2xx submission is stored (lost = 0)", integrity.lost === 0, integrity);
  checks.expect("no submission stored twice or without a request (doubled = 0)", integrity.doubledOrUnknown === 0, integrity);

  const again: Exchange[] = [];
  for (const exchange of exchanges.filter(resend)) {
    const result = await submitOnce({ port, assessmentId: course.assessmentId }, exchange.student, exchange.key);
    sent.set(exchange.key, result.status === 0 ? undefined : result.status);
    again.push({ ...exchange, status: result.status, code: result.code });
  }
  const afterResend = await checkIntegrity(course.db, sent);
  const resentAfter503 = { resent: again.length, statuses: statusCounts(again) };
  checks.expect(
    `${resendLabel} sent again with its Idempotency-Key: 2xx, stored exactly once`,
    again.every((e) => is2xx(e.status)) && afterResend.lost === 0 && afterResend.doubledOrUnknown === 0,
    { ...resentAfter503, integrity: afterResend },
  );

  const parallelAttempts = await checkParallelAttempts(checks, {
    port,
    db: course.db,
    assessmentId: course.assessmentId,
    student: attemptStudent,
  });
  return { integrity, resentAfter503, parallelAttempts };
}
