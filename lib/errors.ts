// Errors a user can trigger, each with a code the UI and API clients can act
// on. Route handlers turn them into JSON (lib/http/route.ts); pages turn them
// into redirects or messages. Anything else is a bug and becomes a 500.

import { TypedError } from "../grader/errors";
import { ProblemError } from "../grader/problems/errors";

export const APP_ERROR_STATUS = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  /** Answers the grader cannot read (a parse or shape error): nothing stored, no attempt used. */
  INVALID_ANSWERS: 422,
  CONFLICT: 409,
  ATTEMPTS_EXHAUSTED: 409,
  SUBMISSIONS_CLOSED: 403,
  /** A student asked for an assessment (or its problems) before its opening time: nothing was created. */
  NOT_YET_OPEN: 403,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  /** The database is down, restarting, unreachable or locked: nothing of this request was committed. */
  DATABASE_UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export class AppError extends TypedError {
  readonly code: AppErrorCode;
  /** Extra machine-readable detail, such as the invalid fields. */
  readonly details?: unknown;

  constructor(code: AppErrorCode, message: string, details?: unknown) {
    super("AppError", message);
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/**
 * The grader says a stored problem version cannot be built on this server
 * (ProblemError UNAVAILABLE, grader/stored/) without knowing
 * about HTTP; the app answers it as its own UNAVAILABLE (503). Undefined
 * for any other error.
 */
export function appErrorOfProblem(error: unknown): AppError | undefined {
  if (error instanceof ProblemError && error.code === "UNAVAILABLE") return new AppError("UNAVAILABLE", error.message);
  return undefined;
}

/** How long a client should wait before retrying when the database is unavailable (a PostgreSQL restart takes a few seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The answer to a request that failed because the database could not serve
 * it (lib/db/database-unavailable.ts decides which errors those are). Its
 * transaction did not commit; a submission retried with the same
 * Idempotency-Key is never stored twice.
 */
export function databaseUnavailableError(): AppError {
  return new AppError(
    "DATABASE_UNAVAILABLE",
    `The database is not answering right now, so this request was not completed. Try again in ${DATABASE_RETRY_AFTER_SECONDS} seconds.`,
    { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
  );
}
