/**
 * One task of a worker thread, as a message in and a message out: what
 * crosses between the request thread and a grading worker thread. Three
 * kinds of task share the pool, all CPU work that must not hold the thread
 * that answers requests:
 * - grade: a submission's answers on a variant;
 * - variant: build the variant of a stored problem version for a seed (an
 *   authored one computes its references with the engine);
 * - validate: compile a problem document's text and run it on many seeds.
 *
 * Only small, structured-clone data crosses: the problem row's identity (and
 * an authored row's document), the seed and the answers, or a document's
 * text, in; the grade, the variant or the validation, or a tagged error,
 * out. The worker keeps its own caches (lib/grading/problem-variants.ts).
 *
 * Worker-safe: no "server-only", no Prisma, relative imports only.
 */
import { gradeSubmission, ProblemError, type Answers, type ProblemErrorCode, type SubmissionGrade, type Variant } from "../../grader/problems";
import type { DocumentValidation } from "../authoring/contract";
import { validateDocumentText, type ValidateDocumentTextOptions } from "../authoring/document-validation";
import { AppError, type AppErrorCode } from "../errors";
import { variantOfRow, type ProblemRow } from "./problem-variants";

export interface GradingRequest {
  /** `definition` is sent for AUTHORED rows only (null for BANK rows: the bank is in the worker's code). */
  problem: ProblemRow;
  seed: number;
  answers: Answers;
}

export type WorkerTask =
  | ({ kind: "grade" } & GradingRequest)
  | { kind: "variant"; problem: ProblemRow; seed: number }
  | ({ kind: "validate" } & ValidateDocumentTextOptions);

/** What each kind of task answers with. */
export interface TaskValues {
  grade: SubmissionGrade;
  variant: Variant;
  validate: DocumentValidation;
}

/**
 * A thrown error loses its class crossing threads (structured clone makes
 * every Error a plain Error), so the worker returns the errors a caller acts
 * on as data, and the request thread throws them again as what they were.
 */
export type GradingFailure =
  | { kind: "ProblemError"; code: ProblemErrorCode; message: string }
  | { kind: "AppError"; code: AppErrorCode; message: string; details?: unknown }
  /** Any other error: a bug, which the request thread throws as a plain Error (a 500), as when the work runs inline. */
  | { kind: "Unexpected"; message: string; stack?: string };

export type TaskReply<T = unknown> = { ok: true; value: T } | { ok: false; error: GradingFailure };
export type GradingReply = TaskReply<SubmissionGrade>;

/** The row as sent to a thread: the definition only where the worker cannot find it itself. */
function rowForWorker(problem: ProblemRow): ProblemRow {
  const { id, slug, version, source } = problem;
  return { id, slug, version, source, definition: source === "AUTHORED" ? problem.definition : null };
}

/** The message a request thread sends to grade answers. */
export function gradingRequest(problem: ProblemRow, seed: number, answers: Answers): WorkerTask {
  return { kind: "grade", problem: rowForWorker(problem), seed, answers };
}

/** The message a request thread sends to build a variant. */
export function variantRequest(problem: ProblemRow, seed: number): WorkerTask {
  return { kind: "variant", problem: rowForWorker(problem), seed };
}

function perform(task: WorkerTask): unknown {
  switch (task.kind) {
    case "grade":
      return gradeSubmission(variantOfRow(task.problem, task.seed), task.answers);
    case "variant":
      return variantOfRow(task.problem, task.seed);
    case "validate":
      return validateDocumentText(task);
  }
}

/**
 * Runs a task in the calling thread: what a worker runs for each message.
 * It never throws, so that whatever the pool itself rejects with (a thread
 * that died, a timeout) is told apart from what the task said.
 */
export function runTask(task: WorkerTask): TaskReply {
  try {
    return { ok: true, value: perform(task) };
  } catch (error) {
    if (error instanceof ProblemError) return { ok: false, error: { kind: "ProblemError", code: error.code, message: error.message } };
    if (error instanceof AppError) return { ok: false, error: { kind: "AppError", code: error.code, message: error.message, details: error.details } };
    const { message, stack } = error instanceof Error ? error : { message: String(error), stack: undefined };
    return { ok: false, error: { kind: "Unexpected", message, stack } };
  }
}

/**
 * A reply that can cross to the request thread. A grade or a variant is
 * plain data, but if a grader bug ever put something else in it (a
 * function: it happened with a formula naming `toString`), posting it would
 * throw inside the worker and end the thread; this turns that into the bug
 * it is (a 500), at the cost of one more copy in the worker thread.
 */
export function crossingReply<T>(reply: TaskReply<T>): TaskReply<T> {
  try {
    structuredClone(reply);
    return reply;
  } catch (error) {
    return { ok: false, error: { kind: "Unexpected", message: `its result cannot be sent between threads (${error instanceof Error ? error.message : String(error)})` } };
  }
}

/** What each worker thread runs per message. */
export function runInWorker(task: WorkerTask): TaskReply {
  return crossingReply(runTask(task));
}

/** The reply's value, or its error thrown again as the class it was in the worker. */
export function valueOfReply<T>(reply: TaskReply<T>): T {
  if (reply.ok) return reply.value;
  const { error } = reply;
  if (error.kind === "ProblemError") throw new ProblemError(error.code, error.message);
  if (error.kind === "AppError") throw new AppError(error.code, error.message, error.details);
  const bug = new Error(`a worker thread's task failed: ${error.message}`);
  if (error.stack) bug.stack = `${bug.stack}\n-- in the worker thread --\n${error.stack}`;
  throw bug;
}
