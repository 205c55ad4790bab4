/**
 * A pool of worker threads that grade submissions (piscina), so that
 * CPU-heavy grading (expression parts evaluated on K random instances, matrix
 * parts) never blocks the thread that serves requests. Each thread rebuilds
 * variants from (problem row, seed) and keeps its own caches; only the row's
 * identity, the seed and the answers cross over, and the grade comes back.
 *
 * What a caller sees is what inline gradeSubmission gives: the same grade, a
 * ProblemError as a ProblemError, an AppError as an AppError. On top of that
 * the pool can fail on its own, always as AppError UNAVAILABLE (503) with a
 * message that says what to do: a grading that takes longer than the timeout
 * (its thread is terminated and replaced), a thread that died, a queue that
 * is full. A request never hangs on the pool.
 *
 * Every grading goes through the pool, the cheap ones too: grading a
 * cnn-shapes, zero-init or chain-rule submission inline takes 0.07 to 0.3 ms,
 * and the hop to a thread adds about as much latency but costs the request
 * thread only the message's copy, so an inline path for "cheap" problems
 * would save a fraction of a millisecond for a second code path and a second
 * set of failure modes (BENCHMARKS.md, issue 9).
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Piscina } from "piscina";
import type { Answers, SubmissionGrade } from "../../grader/problems";
import { AppError } from "../errors";
import { readWholeNumberSetting, SETTINGS } from "../settings";
import { gradeOfReply, gradingRequest, type GradingReply } from "./grading-task";
import type { ProblemRow } from "./problem-variants";

/** The worker file, found from the working directory at run time (the app, jest and scripts all run from the project root) so that Next's bundler leaves it alone. */
export function defaultWorkerFile(): string {
  return path.join(process.cwd(), "lib", "grading", "grading-worker.mjs");
}

/**
 * A grading of any bank problem takes milliseconds; 5 s means something is
 * stuck. Counted from the moment the grading is asked for, so time spent
 * waiting for a free thread counts too: a request never waits longer.
 */
export const DEFAULT_GRADING_TIMEOUT_MS = 5_000;

/**
 * Gradings waiting for a thread, per process, before new ones are refused
 * with UNAVAILABLE. A warm nn-backprop grading takes 1 to 3 ms (more when a
 * thread first builds the variant), so a full queue is a few seconds of
 * work on two threads, past which the timeout would refuse them anyway.
 */
export const DEFAULT_MAX_QUEUE = 2_000;

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
 * and renders pages goes first and grading uses what is left; measured in
 * a deadline rush on PostgreSQL, 10 gave about a fifth more submissions a
 * second and faster pages than 0 (BENCHMARKS.md, issue 9). piscina applies
 * it in each thread (@napi-rs/nice); elsewhere than Linux it may do nothing.
 */
export function gradingNice(env: Record<string, string | undefined> = process.env): number {
  return readWholeNumberSetting(SETTINGS.gradingNice, env);
}

export interface GradingPoolOptions {
  /** Threads at most; default gradingThreads(). */
  threads?: number;
  timeoutMs?: number;
  maxQueue?: number;
  /** The worker file; tests pass a worker that can be made to hang or crash. */
  workerFile?: string;
  /** Threads kept when idle (default 1) and how long an idle thread lives (default IDLE_THREAD_TIMEOUT_MS). */
  idleThreads?: number;
  idleTimeoutMs?: number;
  /** Added to the grading threads' nice value (Linux): when they compete with the request thread for a core, the request thread wins. Default gradingNice(). */
  niceIncrement?: number;
}

export interface GradeOffThreadOptions {
  /** The problem version the variant was drawn from (a Problem row). */
  problem: ProblemRow;
  seed: number;
  answers: Answers;
}

export class GradingPool {
  readonly threads: number;
  readonly timeoutMs: number;
  readonly maxQueue: number;
  private readonly piscina: Piscina<unknown, GradingReply>;
  /** Gradings asked for and not yet answered: running ones and waiting ones. Counted here because piscina leaves tasks that carry an abort signal (all of ours) out of its own queue limit. */
  private unanswered = 0;

  constructor(options: GradingPoolOptions = {}) {
    this.threads = options.threads ?? gradingThreads();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_GRADING_TIMEOUT_MS;
    this.maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
    const filename = options.workerFile ?? defaultWorkerFile();
    // turbopackIgnore: a check at run time, not a file for the build to trace (it would trace the whole project).
    if (!existsSync(/*turbopackIgnore: true*/ filename)) {
      throw new Error(`The grading worker ${filename} is missing: start the app from the project's root folder (the working directory is ${process.cwd()}).`);
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
    this.piscina.on("error", (error: unknown) => console.error("[chainrule] a grading thread stopped between gradings; it is replaced", error));
  }

  /** Grades in a worker thread; see the module comment for the errors. `timeoutMs` overrides the pool's for this grading. */
  async grade({ problem, seed, answers }: GradeOffThreadOptions, { timeoutMs = this.timeoutMs } = {}): Promise<SubmissionGrade> {
    if (this.unanswered >= this.threads + this.maxQueue) {
      throw new AppError("UNAVAILABLE", "The server is grading too many submissions at once; nothing was stored and no attempt was used: submit again in a few seconds.");
    }
    const timeout = stallTolerantTimeout(timeoutMs);
    let reply: GradingReply;
    this.unanswered++;
    try {
      reply = await this.piscina.run(gradingRequest(problem, seed, answers), { signal: timeout.signal });
    } catch (error) {
      throw this.poolFailure(error, timeout.signal.aborted ? timeoutMs : null);
    } finally {
      timeout.clear();
      this.unanswered--;
    }
    return gradeOfReply(reply);
  }

  /** Stops every thread; gradings still waiting are refused. */
  async close(): Promise<void> {
    await this.piscina.destroy();
  }

  /** Threads running now (idle ones exit after a minute, down to one). */
  get liveThreads(): number {
    return this.piscina.threads.length;
  }

  private poolFailure(error: unknown, timedOutAfterMs: number | null): AppError {
    if (timedOutAfterMs !== null) {
      return new AppError(
        "UNAVAILABLE",
        `Grading did not finish within ${timedOutAfterMs / 1000} s (the server is very busy, or these answers are too costly to grade); nothing was stored and no attempt was used: submit again in a moment.`,
      );
    }
    console.error("[chainrule] a grading thread failed", error);
    return new AppError("UNAVAILABLE", "Grading failed on the server (its grading thread stopped); nothing was stored and no attempt was used: submit again.");
  }
}

/** A check that fired this much later than asked was held up by this thread, not by the grading. */
const STALL_MS = 200;
/** How often a grading's time is checked: a grading normally ends long before the first check. */
const CHECK_MS = 250;

/**
 * An abort signal once a grading has had `ms` of this thread's responsive
 * time. The request thread can stall for seconds (better-sqlite3 waits out a
 * locked database synchronously), and meanwhile it can neither read a
 * finished grading's reply nor start a grading thread; a plain timer would
 * then fail gradings that were never slow. So time is counted in checks of
 * at most CHECK_MS, and a check that fires late (the thread was blocked)
 * does not count: only a grading that is slow while the thread is free
 * times out.
 */
function stallTolerantTimeout(ms: number): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  let remaining = ms;
  let timer: NodeJS.Timeout;
  const arm = () => {
    const delay = Math.min(remaining, CHECK_MS);
    const armedAt = performance.now();
    timer = setTimeout(() => {
      if (performance.now() - armedAt - delay <= STALL_MS) remaining -= delay;
      if (remaining <= 0) controller.abort(new Error(`grading timed out after ${ms} ms`));
      else arm();
    }, delay);
  };
  arm();
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}
