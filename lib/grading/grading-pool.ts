/**
 * A pool of worker threads that grade submissions (piscina), so that
 * CPU-heavy grading (expression parts evaluated on K random instances, matrix
 * parts) never blocks the thread that serves requests. The same threads
 * build authored problems' variants and validate problem documents for the
 * editor (grading-task.ts lists the kinds of task): one set of threads per
 * process, at the grading nice value, rather than a second pool competing
 * for the same cores. Each thread rebuilds
 * variants from (problem row, seed) and keeps its own caches; only the row's
 * identity, the seed and the answers cross over, and the grade comes back.
 *
 * What a caller sees is what inline gradeSubmission gives: the same grade, a
 * ProblemError as a ProblemError, except that a stored version this server
 * cannot build is AppError UNAVAILABLE, as the app answers it. On top of that
 * the pool can fail on its own, always as AppError UNAVAILABLE (503) with a
 * message that says what to do: a grading that takes longer than the timeout
 * once a thread started it (its thread is terminated and replaced), a thread
 * that died, a queue that is full or a wait for a thread past THREAD_WAIT_MS.
 * A request never hangs on the pool.
 *
 * A submission the grader estimates cheap is graded on the request thread
 * instead (grade-answers.ts): for those, the hop to a thread and back cost
 * the process more CPU than the grading (BENCHMARKS.md).
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Piscina } from "piscina";
import type { DocumentValidation, ValidateDocumentTextOptions } from "../../grader/authoring/validate-text";
import { TypedError, type TypedErrorJSON } from "../../grader/errors";
import { ProblemError, type Answers, type SubmissionGrade, type Variant } from "../../grader/problems";
import type { ProblemRow } from "../../grader/stored";
import { AppError, appErrorOfProblem } from "../errors";
import { readWholeNumberSetting, SETTINGS } from "../settings";
import { gradingRequest, variantRequest, type PostedTask, type TaskReply, type WorkerTask } from "./grading-task";

/**
 * The worker file, found from the working directory at run time (the app, jest and scripts all run from the project root) so that
 * Next's bundler leaves it alone.
 */
export function defaultWorkerFile(): string {
  return path.join(process.cwd(), "lib", "grading", "grading-worker.mjs");
}

/**
 * A grading of any bank problem takes milliseconds; 5 s means something is
 * stuck. Counted from the moment a thread starts the grading (it marks the
 * start: grading-task.ts PostedTask), so neither a wait for a free thread
 * nor a thread's start-up counts: starting a thread takes 3 to 6 s on a
 * loaded 2-core machine and over 40 s beside six busy processes, measured
 * while fixing the flaky parallel-submission tests. The wait has its own
 * bound, THREAD_WAIT_MS.
 */
export const DEFAULT_GRADING_TIMEOUT_MS = 5_000;

/**
 * How long a task may wait for a thread to start it before it is refused as
 * busy (UNAVAILABLE): generous, as a thread's start-up can take tens of
 * seconds under load, and bounded, so that no request hangs on the pool.
 */
export const THREAD_WAIT_MS = 60_000;

/**
 * Gradings waiting for a thread, per process, before new ones are refused
 * with UNAVAILABLE. A warm nn-backprop grading takes 1 to 3 ms (more when a
 * thread first builds the variant), so a full queue is a few seconds of
 * work on two threads, past which the wait bound (THREAD_WAIT_MS) would refuse them anyway.
 */
export const DEFAULT_MAX_QUEUE = 2_000;

/**
 * Validating a document runs it on 50 seeds: the heaviest document the
 * limits allow (grader/authoring/cost.ts) takes a few seconds on an idle
 * 2-core machine. Past CHAINRULE_AUTHORING_TIMEOUT_SECONDS (default 30) its
 * thread is stopped and the author is told to make it cheaper.
 */
export function authoringTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  return readWholeNumberSetting(SETTINGS.authoringTimeoutSeconds, env) * 1000;
}

/** A thread with no grading for this long exits (one stays, so the next grading needs no thread start). */
export const IDLE_THREAD_TIMEOUT_MS = 60_000;

/**
 * Threads per process: CHAINRULE_GRADING_THREADS, or two (one per core of
 * the machines we run on, so one on a one-core machine; several app
 * processes each have their own pool).
 */
export function gradingThreads(env: Record<string, string | undefined> = process.env): number {
  const setting = SETTINGS.gradingThreads;
  return readWholeNumberSetting({ ...setting, fallback: Math.max(1, Math.min(setting.fallback, availableParallelism())) }, env);
}

export const DEFAULT_GRADING_NICE = SETTINGS.gradingNice.fallback;

/**
 * How much lower the grading threads' priority is than the request
 * thread's: CHAINRULE_GRADING_NICE, a Linux nice increment from 0 to 19,
 * default 10. When they compete for a core, the thread that answers HTTP
 * and renders pages goes first and grading uses what is left (measured in
 * BENCHMARKS.md). piscina applies it in each thread (@napi-rs/nice);
 * elsewhere than Linux it may do nothing.
 */
export function gradingNice(env: Record<string, string | undefined> = process.env): number {
  return readWholeNumberSetting(SETTINGS.gradingNice, env);
}

export interface GradingPoolOptions {
  /** Threads at most; default gradingThreads(). */
  threads?: number;
  timeoutMs?: number;
  /** The budget of a document's validation; default authoringTimeoutMs(). */
  authoringTimeoutMs?: number;
  maxQueue?: number;
  /** The worker file; tests pass a worker that can be made to hang or crash. */
  workerFile?: string;
  /** How long a task may wait for a thread to start it; default THREAD_WAIT_MS. */
  threadWaitMs?: number;
  /** Threads kept when idle (default 1) and how long an idle thread lives (default IDLE_THREAD_TIMEOUT_MS). */
  idleThreads?: number;
  idleTimeoutMs?: number;
  /**
   * Added to the grading threads' nice value (Linux): when they compete with the request thread for a core, the request thread
   * wins. Default gradingNice().
   */
  niceIncrement?: number;
}

export interface GradeOffThreadOptions {
  /** The problem version the variant was drawn from (a Problem row). */
  problem: ProblemRow;
  seed: number;
  answers: Answers;
}

export interface BuildVariantOffThreadOptions {
  problem: ProblemRow;
  seed: number;
}

/** What the pool says when a task of a kind fails on its own: too many waiting, or over its time. */
interface TaskWording {
  busy: string;
  timedOut: (seconds: number) => string;
  failed: string;
}

const WORDING: Record<WorkerTask["kind"], TaskWording> = {
  grade: {
    busy: "The server is grading too many submissions at once; nothing was stored and no attempt was used: submit again in a few seconds.",
    timedOut: (seconds) =>
      `Grading did not finish within ${seconds} s (the server is very busy, or these answers are ` +
      `too costly to grade); nothing was stored and no attempt was used: submit again in a moment.`,
    failed: "Grading failed on the server (its grading thread stopped); nothing was stored and no attempt was used: submit again.",
  },
  variant: {
    busy: "The server is too busy to open this problem right now: reload the page in a few seconds.",
    timedOut: (seconds) =>
      `Preparing this problem took longer than ${seconds} s and was stopped (the server is ` +
      `very busy): reload the page in a moment; if it keeps happening, tell your instructor.`,
    failed: "Preparing this problem failed on the server: reload the page; if it keeps happening, tell your instructor.",
  },
  validate: {
    busy: "The server is already validating other documents: validate again in a few seconds.",
    timedOut: (seconds) =>
      `Validation did not finish within ${seconds} s and was stopped (the document is too ` +
      `costly to run on this many seeds, or the server is busy): make it cheaper (smaller ` +
      `sizes, fewer matrix products, known mistakes or samples) or validate again in a minute.`,
    failed:
      "Validation failed on the server (its worker thread stopped): validate again; if it keeps happening, make the document smaller.",
  },
};

export class GradingPool {
  readonly threads: number;
  readonly timeoutMs: number;
  readonly authoringTimeoutMs: number;
  readonly maxQueue: number;
  /**
   * Validations at once: all threads but one, so that a validation (seconds
   * of CPU) never leaves students' gradings without a thread; one when the
   * pool has a single thread.
   */
  readonly maxValidations: number;
  private readonly piscina: Piscina<unknown, TaskReply>;
  /**
   * Tasks asked for and not yet answered: running ones and waiting ones. Counted here because piscina leaves tasks that carry an
   * abort signal (all of ours) out of its own queue limit.
   */
  private unanswered = 0;
  private validations = 0;
  private readonly threadWaitMs: number;

  constructor(options: GradingPoolOptions = {}) {
    this.threads = options.threads ?? gradingThreads();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_GRADING_TIMEOUT_MS;
    this.authoringTimeoutMs = options.authoringTimeoutMs ?? authoringTimeoutMs();
    this.maxValidations = Math.max(1, this.threads - 1);
    this.maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
    this.threadWaitMs = options.threadWaitMs ?? THREAD_WAIT_MS;
    const filename = options.workerFile ?? defaultWorkerFile();
    // turbopackIgnore: a check at run time, not a file for the build to trace (it would trace the whole project).
    if (!existsSync(/*turbopackIgnore: true*/ filename)) {
      throw new Error(
        `The grading worker ${filename} is missing: start the app from the ` +
          `project's root folder (the working directory is ${process.cwd()}).`,
      );
    }
    this.piscina = new Piscina({
      filename,
      minThreads: Math.min(options.idleThreads ?? 1, this.threads),
      maxThreads: this.threads,
      idleTimeout: options.idleTimeoutMs ?? IDLE_THREAD_TIMEOUT_MS,
      niceIncrement: options.niceIncrement ?? gradingNice(),
      // The worker registers tsx itself. Inheriting the parent's flags would
      // bring tsx's own loader flags when the parent runs under tsx, and
      // those do not load .ts files in a worker thread on Node 20.
      execArgv: [],
    });
    // A thread that dies between gradings has no task to fail; piscina
    // replaces it and reports it here. Without a listener it would be an
    // uncaught 'error' event that stops the whole process.
    this.piscina.on("error", (error: unknown) =>
      console.error("[chainrule] a grading thread stopped between gradings; it is replaced", error),
    );
  }

  /** Grades in a worker thread; see the module comment for the errors. `timeoutMs` and `threadWaitMs` override the pool's for this grading. */
  async grade(
    { problem, seed, answers }: GradeOffThreadOptions,
    { timeoutMs = this.timeoutMs, threadWaitMs = this.threadWaitMs } = {},
  ): Promise<SubmissionGrade> {
    return (await this.run(gradingRequest(problem, seed, answers), timeoutMs, threadWaitMs)) as SubmissionGrade;
  }

  /** Builds a stored problem version's variant in a worker thread, with the grading timeout. */
  async buildVariant({ problem, seed }: BuildVariantOffThreadOptions, { timeoutMs = this.timeoutMs } = {}): Promise<Variant> {
    return (await this.run(variantRequest(problem, seed), timeoutMs)) as Variant;
  }

  /** Compiles and validates a document's text in a worker thread, within the authoring budget; at most maxValidations at once. */
  async validate(options: ValidateDocumentTextOptions, { timeoutMs = this.authoringTimeoutMs } = {}): Promise<DocumentValidation> {
    if (this.validations >= this.maxValidations) throw new AppError("UNAVAILABLE", WORDING.validate.busy);
    this.validations++;
    try {
      return (await this.run({ kind: "validate", ...options }, timeoutMs)) as DocumentValidation;
    } finally {
      this.validations--;
    }
  }

  private async run(task: WorkerTask, timeoutMs: number, threadWaitMs = this.threadWaitMs): Promise<unknown> {
    const wording = WORDING[task.kind];
    if (this.unanswered >= this.threads + this.maxQueue) throw new AppError("UNAVAILABLE", wording.busy);
    const started = new Int32Array(new SharedArrayBuffer(4));
    const timeout = taskTimeout({ timeoutMs, threadWaitMs, started: () => Atomics.load(started, 0) === 1 });
    let reply: TaskReply;
    this.unanswered++;
    try {
      reply = await this.piscina.run({ task, started } satisfies PostedTask, { signal: timeout.signal });
    } catch (error) {
      throw this.poolFailure(error, wording, timeout.expired());
    } finally {
      timeout.clear();
      this.unanswered--;
    }
    return valueOfReply(reply);
  }

  /** Stops every thread; gradings still waiting are refused. */
  async close(): Promise<void> {
    await this.piscina.destroy();
  }

  /** Threads running now (idle ones exit after a minute, down to one). */
  get liveThreads(): number {
    return this.piscina.threads.length;
  }

  private poolFailure(error: unknown, wording: TaskWording, expired: TaskExpiry | null): AppError {
    if (expired?.reason === "waited") return new AppError("UNAVAILABLE", wording.busy);
    if (expired) return new AppError("UNAVAILABLE", wording.timedOut(expired.afterMs / 1000));
    console.error("[chainrule] a grading thread failed", error);
    return new AppError("UNAVAILABLE", wording.failed);
  }
}

/** The classes an error from a worker thread, or from another bundle's copy of them, is rebuilt as. */
const OWN_ERROR_CLASSES = { AppError, ProblemError };

/**
 * An error that crossed from a worker thread or from another bundle, as
 * this bundle's own AppError or ProblemError (undefined if it is neither).
 * A stored problem this server cannot build becomes AppError UNAVAILABLE,
 * as the app answers it when the work runs inline.
 */
export function ownErrorOf(json: TypedErrorJSON): Error | undefined {
  const error = TypedError.fromJSON(json, OWN_ERROR_CLASSES);
  return appErrorOfProblem(error) ?? error;
}

/** The reply's value, or its error thrown again as this thread's own class; any other error is a bug (a 500). */
export function valueOfReply<T>(reply: TaskReply<T>): T {
  if (reply.ok) return reply.value;
  const { error } = reply;
  const own = error.kind === "Typed" ? ownErrorOf(error.error) : undefined;
  if (own) throw own;
  const { message, stack } = error.kind === "Typed" ? { message: error.error.message, stack: error.stack } : error;
  const bug = new Error(`a worker thread's task failed: ${message}`);
  if (stack) bug.stack = `${bug.stack}\n-- in the worker thread --\n${stack}`;
  throw bug;
}

/** A check that fired this much later than asked was held up by this thread, not by the grading. */
const STALL_MS = 200;
/** How often a grading's time is checked: a grading normally ends long before the first check. */
const CHECK_MS = 250;

/** Why a task was stopped: it ran past its time, or waited past THREAD_WAIT_MS for a thread to start it. */
type TaskExpiry = { reason: "ran"; afterMs: number } | { reason: "waited"; afterMs: number };

/**
 * An abort signal once a task has had `timeoutMs` of this thread's
 * responsive time since a thread started it (`started()`), or once it has
 * waited `threadWaitMs` for that start.
 *
 * The running time is stall-tolerant: the request thread can stall for
 * seconds (better-sqlite3 waits out a locked database synchronously), and
 * meanwhile it can neither read a finished grading's reply nor start a
 * grading thread; a plain timer would then fail gradings that were never
 * slow. So time is counted in checks of at most CHECK_MS, and a check that
 * fires late (the thread was blocked) does not count: only a grading that
 * is slow while the thread is free times out. A check that finds the task
 * not yet started counts towards the wait instead.
 */
function taskTimeout({ timeoutMs, threadWaitMs, started }: { timeoutMs: number; threadWaitMs: number; started: () => boolean }) {
  const controller = new AbortController();
  let remaining = timeoutMs;
  let waited = 0;
  let expired: TaskExpiry | null = null;
  let timer: NodeJS.Timeout;
  const arm = () => {
    const running = started();
    const delay = Math.min(running ? remaining : threadWaitMs - waited, CHECK_MS);
    const armedAt = performance.now();
    timer = setTimeout(() => {
      const late = performance.now() - armedAt - delay > STALL_MS;
      if (running && !late) remaining -= delay;
      // A wait is counted as it passed, stalls included: nothing of the task has run yet.
      if (!running) waited += performance.now() - armedAt;
      if (running && remaining <= 0) expired = { reason: "ran", afterMs: timeoutMs };
      else if (!running && waited >= threadWaitMs) expired = { reason: "waited", afterMs: threadWaitMs };
      if (expired) controller.abort(new Error(`task stopped: ${expired.reason} past ${expired.afterMs} ms`));
      else arm();
    }, delay);
  };
  arm();
  return { signal: controller.signal, expired: () => expired, clear: () => clearTimeout(timer) };
}
