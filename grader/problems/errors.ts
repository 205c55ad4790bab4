import { TypedError } from "../errors";

/** Errors about problems themselves (an unknown slug, a bad seed, a broken definition), as opposed to answers. */
export type ProblemErrorCode = "UNKNOWN_PROBLEM" | "UNKNOWN_PART" | "INVALID_SEED" | "INVALID_PART" | "INVALID_ANSWERS";

export class ProblemError extends TypedError {
  readonly code: ProblemErrorCode;

  constructor(code: ProblemErrorCode, message: string) {
    super("ProblemError", message);
    this.code = code;
  }
}
