/** The number kind: one real number within the part's tolerance of the reference (grader/answers/tolerance.ts). */
import { fingerprintValues } from "../expr";
import { AnswerError, AnswerErrorCode } from "./errors";
import { parseNumberText } from "./numbers";
import { graded, invalid, type GradeResult, type ParseOutcome, type RawAnswer } from "./result";
import type { SpecOf } from "./spec";
import { compareEntry, roundingFeedback, withinTolerance } from "./tolerance";
import type { KnownMistakeValue } from "./context";

type NumberSpec = SpecOf<"number">;

export function parseNumberAnswer(raw: RawAnswer): ParseOutcome<number> {
  if (typeof raw === "number") {
    return Number.isFinite(raw)
      ? { ok: true, value: raw }
      : { ok: false, error: new AnswerError(AnswerErrorCode.InvalidNumber, "the number must be finite") };
  }
  if (typeof raw !== "string") return { ok: false, error: new AnswerError(AnswerErrorCode.InvalidNumber, "enter one number") };
  const parsed = parseNumberText(raw);
  if (parsed.ok && !Number.isFinite(parsed.value)) {
    return {
      ok: false,
      error: new AnswerError(AnswerErrorCode.InvalidNumber, "the number must be finite", { offset: 0, length: raw.length }),
    };
  }
  return parsed;
}

export function numberMatches(spec: NumberSpec, answer: number, reference: number): boolean {
  return withinTolerance(spec.tolerance, answer, reference);
}

export function gradeNumberAnswer(
  spec: NumberSpec,
  raw: RawAnswer,
  reference: number,
  mistakes: readonly KnownMistakeValue<number>[] = [],
): GradeResult {
  const parsed = parseNumberAnswer(raw);
  if (!parsed.ok) return invalid(parsed.error);
  const answer = parsed.value;
  const fingerprint = fingerprintValues([{ shape: [], data: [answer] }]);
  const verdict = compareEntry(spec.tolerance, answer, reference);
  if (verdict === "within") return graded({ score: 1, feedback: "correct", fingerprint });
  const mistake = mistakes.find((candidate) => numberMatches(spec, answer, candidate.value));
  if (mistake) return graded({ score: 0, feedback: mistake.message, mistake, fingerprint });
  const feedback = verdict === "near" ? roundingFeedback("your answer", spec.tolerance) : "not the expected value";
  return graded({ score: 0, feedback, fingerprint });
}
