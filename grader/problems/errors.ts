/** Errors about problems themselves (an unknown slug, a bad seed, a broken definition), as opposed to answers. */
export type ProblemErrorCode = "UNKNOWN_PROBLEM" | "UNKNOWN_PART" | "INVALID_SEED" | "INVALID_PART" | "INVALID_ANSWERS";

export class ProblemError extends Error {
  readonly code: ProblemErrorCode;

  constructor(code: ProblemErrorCode, message: string) {
    super(message);
    this.name = "ProblemError";
    this.code = code;
  }
}
