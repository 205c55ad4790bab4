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
 * text, in; the grade, the variant or the validation, or an error as data,
 * out. The worker keeps its own caches (grader/stored/).
 *
 * The worker loads this file and what it imports under plain Node, so it
 * imports grader/ code only, by relative paths: test/lib/grading/worker-imports.test.ts
 * checks it.
 */
import { types } from "node:util";
import { validateDocumentText, type DocumentValidation, type ValidateDocumentTextOptions } from "../../grader/authoring/validate-text";
import { TypedError, type TypedErrorJSON } from "../../grader/errors";
import { gradeSubmission, type Answers, type SubmissionGrade, type Variant } from "../../grader/problems";
import { variantFromStored, type ProblemRow } from "../../grader/stored";

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

/**
 * What the pool posts to a thread: the task, and a flag (one shared Int32)
 * the thread sets to 1 as it starts the task. The pool's timeout counts
 * from then on: a thread's start-up, or a wait for a free thread, is not
 * the task's time (grading-pool.ts).
 */
export interface PostedTask {
  task: WorkerTask;
  started: Int32Array;
}

/** The posted task, once its start is marked: the first thing a thread does with each message. */
export function startPostedTask(posted: PostedTask): WorkerTask {
  Atomics.store(posted.started, 0, 1);
  return posted.task;
}

/** What each kind of task answers with. */
export interface TaskValues {
  grade: SubmissionGrade;
  variant: Variant;
  validate: DocumentValidation;
  ready: true;
}

/**
 * A thrown error loses its class crossing threads (structured clone makes
 * every Error a plain Error), so the worker returns a typed error as its
 * toJSON, which the request thread rebuilds with TypedError.fromJSON.
 */
export type GradingFailure =
  | { kind: "Typed"; error: TypedErrorJSON; stack?: string }
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
export function gradingRequest(problem: ProblemRow, seed: number, answers: Answers): Extract<WorkerTask, { kind: "grade" }> {
  return { kind: "grade", problem: rowForWorker(problem), seed, answers };
}

/** The message a request thread sends to build a variant. */
export function variantRequest(problem: ProblemRow, seed: number): Extract<WorkerTask, { kind: "variant" }> {
  return { kind: "variant", problem: rowForWorker(problem), seed };
}

function perform(task: WorkerTask): unknown {
  switch (task.kind) {
    case "grade":
      return gradeSubmission(variantFromStored(task.problem, task.seed), task.answers);
    case "variant":
      return variantFromStored(task.problem, task.seed);
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
    if (error instanceof TypedError) return { ok: false, error: { kind: "Typed", error: error.toJSON(), stack: error.stack } };
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
    if (!isPlainData(reply)) structuredClone(reply);
    return reply;
  } catch (error) {
    return {
      ok: false,
      error: {
        kind: "Unexpected",
        message: `its result cannot be sent between threads (${error instanceof Error ? error.message : String(error)})`,
      },
    };
  }
}

const { isProxy } = types;

/** Past this many values, or this deep, isPlainData leaves the answer to structuredClone. */
const PLAIN_DATA_MAX_VALUES = 10_000;
const PLAIN_DATA_MAX_DEPTH = 64;

/**
 * True when `value` is made of primitives other than symbols, arrays and
 * plain objects only: such a value always survives structured clone, so
 * crossingReply need not copy it to know (a grade is such a value; the copy
 * was a sixth of a warm grading's CPU in the worker, BENCHMARKS.md "Grading
 * pool"). Anything else (a typed array, a class instance, a function, a
 * cycle or a very large value) gives false, and structuredClone decides:
 * this only ever skips the copy where it could not have failed.
 */
export function isPlainData(value: unknown): boolean {
  let budget = PLAIN_DATA_MAX_VALUES;
  const visit = (current: unknown, depth: number): boolean => {
    if (--budget < 0 || depth > PLAIN_DATA_MAX_DEPTH) return false;
    if (current === null) return true;
    const type = typeof current;
    if (type === "string" || type === "number" || type === "boolean" || type === "undefined" || type === "bigint") return true;
    if (type !== "object" || isProxy(current)) return false;
    if (Array.isArray(current)) {
      for (const item of current) if (!visit(item, depth + 1)) return false;
      return true;
    }
    const prototype = Object.getPrototypeOf(current);
    if (prototype !== Object.prototype && prototype !== null) return false;
    for (const key of Object.keys(current as object)) if (!visit((current as Record<string, unknown>)[key], depth + 1)) return false;
    return true;
  };
  return visit(value, 0);
}

/** What each worker thread runs per task. */
export function runInWorker(task: WorkerTask): TaskReply {
  return crossingReply(runTask(task));
}

/** What each worker thread runs per message from the pool. */
export function runPostedTask(posted: PostedTask): TaskReply {
  return runInWorker(startPostedTask(posted));
}
