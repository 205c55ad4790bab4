/**
 * One grading, as a message in and a message out: what crosses between the
 * request thread and a grading worker thread. Only small, structured-clone
 * data crosses: the problem row's identity (and an authored row's document),
 * the seed and the answers in; the grade, or a tagged error, out. The worker
 * rebuilds the variant itself and keeps it in its own cache
 * (lib/grading/problem-variants.ts).
 *
 * Worker-safe: no "server-only", no Prisma, relative imports only.
 */
import { gradeSubmission, ProblemError, type Answers, type ProblemErrorCode, type SubmissionGrade } from "../../grader/problems";
import { AppError, type AppErrorCode } from "../errors";
import { variantOfRow, type ProblemRow } from "./problem-variants";

export interface GradingRequest {
  /** `definition` is sent for AUTHORED rows only (null for BANK rows: the bank is in the worker's code). */
  problem: ProblemRow;
  seed: number;
  answers: Answers;
}

/**
 * A thrown error loses its class crossing threads (structured clone makes
 * every Error a plain Error), so the worker returns the errors a caller acts
 * on as data, and the request thread throws them again as what they were.
 */
export type GradingFailure =
  | { kind: "ProblemError"; code: ProblemErrorCode; message: string }
  | { kind: "AppError"; code: AppErrorCode; message: string; details?: unknown }
  /** Any other error: a bug, which the request thread throws as a plain Error (a 500), as when grading inline. */
  | { kind: "Unexpected"; message: string; stack?: string };

export type GradingReply = { ok: true; grade: SubmissionGrade } | { ok: false; error: GradingFailure };

/** The message a request thread sends for a problem row: the definition only where the worker cannot find it itself. */
export function gradingRequest(problem: ProblemRow, seed: number, answers: Answers): GradingRequest {
  const { id, slug, version, source } = problem;
  return { problem: { id, slug, version, source, definition: source === "AUTHORED" ? problem.definition : null }, seed, answers };
}

/**
 * Grades in the calling thread: what a worker runs for each message. It
 * never throws, so that whatever the pool itself rejects with (a thread
 * that died, a timeout) is told apart from what grading said.
 */
export function runGradingTask({ problem, seed, answers }: GradingRequest): GradingReply {
  try {
    return { ok: true, grade: gradeSubmission(variantOfRow(problem, seed), answers) };
  } catch (error) {
    if (error instanceof ProblemError) return { ok: false, error: { kind: "ProblemError", code: error.code, message: error.message } };
    if (error instanceof AppError) return { ok: false, error: { kind: "AppError", code: error.code, message: error.message, details: error.details } };
    const { message, stack } = error instanceof Error ? error : { message: String(error), stack: undefined };
    return { ok: false, error: { kind: "Unexpected", message, stack } };
  }
}

/**
 * A reply that can cross to the request thread. A grade is plain data, but
 * if a grader bug ever put something else in it (a function: it happened
 * with a formula naming `toString`), posting it would throw inside the
 * worker and end the thread; this turns that into the bug it is (a 500),
 * at the cost of one more copy in the worker thread.
 */
export function crossingReply(reply: GradingReply): GradingReply {
  try {
    structuredClone(reply);
    return reply;
  } catch (error) {
    return { ok: false, error: { kind: "Unexpected", message: `its grade cannot be sent between threads (${error instanceof Error ? error.message : String(error)})` } };
  }
}

/** What each worker thread runs per message. */
export function gradeInWorker(request: GradingRequest): GradingReply {
  return crossingReply(runGradingTask(request));
}

/** The reply's grade, or its error thrown again as the class it was in the worker. */
export function gradeOfReply(reply: GradingReply): SubmissionGrade {
  if (reply.ok) return reply.grade;
  const { error } = reply;
  if (error.kind === "ProblemError") throw new ProblemError(error.code, error.message);
  if (error.kind === "AppError") throw new AppError(error.code, error.message, error.details);
  const bug = new Error(`grading failed in a worker thread: ${error.message}`);
  if (error.stack) bug.stack = `${bug.stack}\n-- in the worker thread --\n${error.stack}`;
  throw bug;
}
