import "server-only";
import { validateOffThread } from "@/lib/grading/grade-off-thread";
import type { DocumentValidation, ValidateDocumentTextOptions } from "@/grader/authoring/validate-text";

export type ValidateProblemDocumentOptions = ValidateDocumentTextOptions;

/**
 * Runs a document as `problems validate` runs a bank problem
 * (grader/authoring/validate-text.ts), in a worker thread of the grading pool under
 * the authoring time budget (CHAINRULE_AUTHORING_TIMEOUT_SECONDS): a
 * document can cost seconds of CPU, which must never hold the thread that
 * answers requests. Over the budget the thread is stopped and the caller
 * gets AppError UNAVAILABLE saying what to do. The caller checks who may ask.
 */
export function validateProblemDocument(options: ValidateProblemDocumentOptions): Promise<DocumentValidation> {
  return validateOffThread(options);
}

/** "seed 7, part c.dW1: the correct answer … scores 0": the first failure, as a sentence. */
export function describeFirstFailure(validation: Extract<DocumentValidation, { status: "failing-seeds" }>): string {
  const [first] = validation.failures;
  const more =
    validation.failureCount > 1
      ? ` (${validation.failureCount - 1} more failure${validation.failureCount > 2 ? "s" : ""} on ${validation.seeds} seeds)`
      : "";
  return `seed ${first.seed}${first.part ? `, part ${first.part}` : ""}: ${first.message}${more}`;
}
