/**
 * Problems: the format (types.ts), drawing variants (variant.ts), grading
 * submissions (grade.ts) and validating problems (validate.ts). The bank of
 * file-based problems is grader/bank.
 */
export * from "./types";
export { ProblemError, type ProblemErrorCode } from "./errors";
export {
  buildVariant,
  publicAnswerSpec,
  assertSeed,
  type Variant,
  type PublicVariant,
  type PublicPart,
  type PublicAnswerSpec,
  type PublicExpressionSpec,
  type ReferencePart,
} from "./variant";
export {
  gradeShapeErrorsAsWrong,
  gradeSubmission,
  gradePart,
  gradingCost,
  type Answers,
  type PartGrade,
  type SubmissionGrade,
} from "./grade";
export {
  validateProblem,
  answerGiveaways,
  partTexts,
  DEFAULT_VALIDATION_SEEDS,
  type ValidationFailure,
  type ValidationReport,
} from "./validate";
export { givesAwayAnswer, statedNumbers, quantityKey, promptQuantity, type AnswerForms } from "./giveaway";
