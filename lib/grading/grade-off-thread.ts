import "server-only";
import type { DocumentValidation, ValidateDocumentTextOptions } from "@/grader/authoring/validate-text";
import { TypedError } from "@/grader/errors";
import type { SubmissionGrade, Variant } from "@/grader/problems";
import { knownVariantFromStored, rememberVariantFromStored, variantFromStored, type ProblemRow } from "@/grader/stored";
import { appErrorOfProblem } from "@/lib/errors";
import { GradingPool, ownErrorOf, type GradeOffThreadOptions } from "./grading-pool";

export type { GradeOffThreadOptions } from "./grading-pool";

// One pool per process, made on the first grading (several app processes
// side by side each have their own). Kept on globalThis so that a module
// loaded twice (Next's dev server reloads, separate server bundles) still
// shares one pool rather than starting threads for each copy.
const POOL_KEY = Symbol.for("chainrule.gradingPool");
type PoolHolder = { [POOL_KEY]?: GradingPool };

// A thread loads the grader once, so under `next dev` a long-lived thread
// would go on grading with code that has since been edited: there, threads
// exit a second after their last grading and the next one loads the code
// afresh (a thread start, only in development).
const DEVELOPMENT_POOL = { idleThreads: 0, idleTimeoutMs: 1_000 };

function processPool(): GradingPool {
  const holder = globalThis as PoolHolder;
  if (!holder[POOL_KEY]) {
    holder[POOL_KEY] = new GradingPool(process.env.NODE_ENV === "development" ? DEVELOPMENT_POOL : {});
    console.info(`[chainrule] grading pool started: up to ${holder[POOL_KEY].threads} threads (CHAINRULE_GRADING_THREADS)`);
  }
  return holder[POOL_KEY];
}

/**
 * Grades a submission in the process's grading pool, off the request
 * thread: the result of gradeSubmission(variantFromStored(problem, seed),
 * answers), with the same errors (ProblemError, AppError), plus AppError
 * UNAVAILABLE when the pool cannot grade (timeout, a thread that died, a
 * full queue). See lib/grading/grading-pool.ts.
 */
export function gradeOffThread(options: GradeOffThreadOptions): Promise<SubmissionGrade> {
  return inPool((pool) => pool.grade(options));
}

/**
 * Compiles and validates a problem document in the pool, within the
 * authoring budget (CHAINRULE_AUTHORING_TIMEOUT_SECONDS): the outcome of
 * validateDocumentText, or AppError UNAVAILABLE when it runs over, the
 * pool is busy with other validations, or its thread died.
 */
export function validateOffThread(options: ValidateDocumentTextOptions): Promise<DocumentValidation> {
  return inPool((pool) => pool.validate(options));
}

/**
 * The variant of a stored problem version for a seed, as variantFromStored
 * gives it (but AppError UNAVAILABLE where it cannot be built). An authored problem's variant computes its references with the
 * engine (bounded by the document's variant cap, grader/authoring/cost.ts,
 * but still tens of milliseconds at the cap), so it is built in the pool
 * and kept in this thread's cache; a bank problem's is built here, as its
 * code is ours and cheap.
 */
export async function variantOffThread(problem: ProblemRow, seed: number): Promise<Variant> {
  if (problem.source !== "AUTHORED") {
    try {
      return variantFromStored(problem, seed);
    } catch (error) {
      throw appErrorOfProblem(error) ?? error;
    }
  }
  const known = knownVariantFromStored(problem, seed);
  if (known) return known;
  const variant = await inPool((pool) => pool.buildVariant({ problem, seed }));
  rememberVariantFromStored(problem, seed, variant);
  return variant;
}

async function inPool<T>(task: (pool: GradingPool) => Promise<T>): Promise<T> {
  try {
    return await task(processPool());
  } catch (error) {
    throw asOwnError(error);
  }
}

/**
 * The pool is shared through globalThis, and the server's bundles each hold
 * their own copy of lib/errors and grader/problems (the pool is started by
 * instrumentation.ts, a different bundle from the route that grades). An
 * error the pool made is then an AppError or ProblemError of another copy,
 * which `instanceof` in this bundle does not recognise: a refused part
 * would become a 500 instead of a 4xx, an UNAVAILABLE a 500 instead of a
 * 503. So such errors are rebuilt from their fields, as a worker's are.
 */
export function asOwnError(error: unknown): unknown {
  if (error instanceof TypedError || !(error instanceof Error)) return error;
  return ownErrorOf({ ...error, name: error.name, message: error.message }) ?? error;
}

/**
 * Starts the process's pool now rather than on the first grading, so that
 * the first student after a start does not wait for a thread to load the
 * grader (a thread start, BENCHMARKS.md): for instrumentation.ts.
 */
export function startGradingPool(): void {
  processPool();
}

/** Stops the process's pool (scripts and tests, so that the process can exit); the next grading starts a new one. */
export async function closeGradingPool(): Promise<void> {
  const holder = globalThis as PoolHolder;
  const pool = holder[POOL_KEY];
  delete holder[POOL_KEY];
  await pool?.close();
}
