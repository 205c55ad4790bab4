import { TypedError } from "../errors";

/**
 * Errors about problems themselves (an unknown slug, a bad seed, a broken
 * definition), as opposed to answers. UNAVAILABLE: a stored problem version
 * this server cannot build (grader/stored/), which the app answers with 503.
 */
export type ProblemErrorCode = "UNKNOWN_PROBLEM" | "UNKNOWN_PART" | "INVALID_SEED" | "INVALID_PART" | "INVALID_ANSWERS" | "UNAVAILABLE";

export class ProblemError extends TypedError {
  readonly code: ProblemErrorCode;

  constructor(code: ProblemErrorCode, message: string) {
    super("ProblemError", message);
    this.code = code;
  }
}
