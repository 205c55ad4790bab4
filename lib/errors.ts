// Errors a user can trigger, each with a code the UI and API clients can act
// on. Route handlers turn them into JSON (lib/http/route.ts); pages turn them
// into redirects or messages. Anything else is a bug and becomes a 500.

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
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Extra machine-readable detail, such as the invalid fields. */
  readonly details?: unknown;

  constructor(code: AppErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
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
