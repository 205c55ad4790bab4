/** The number kind: one real number within a tolerance of the reference. */
import { fingerprintValues } from "../expr";
import { AnswerError, AnswerErrorCode } from "./errors";
import { parseNumberText } from "./numbers";
import { graded, invalid, type GradeResult, type ParseOutcome, type RawAnswer } from "./result";
import type { SpecOf } from "./spec";
import type { KnownMistakeValue } from "./context";

type NumberSpec = SpecOf<"number">;

export function parseNumberAnswer(raw: RawAnswer): ParseOutcome<number> {
  if (typeof raw === "number") {
    return Number.isFinite(raw) ? { ok: true, value: raw } : { ok: false, error: new AnswerError(AnswerErrorCode.InvalidNumber, "the number must be finite") };
  }
  if (typeof raw !== "string") return { ok: false, error: new AnswerError(AnswerErrorCode.InvalidNumber, "enter one number") };
  const parsed = parseNumberText(raw);
  if (parsed.ok && !Number.isFinite(parsed.value)) {
    return { ok: false, error: new AnswerError(AnswerErrorCode.InvalidNumber, "the number must be finite", { offset: 0, length: raw.length }) };
  }
  return parsed;
}

export function numberMatches(spec: NumberSpec, answer: number, reference: number): boolean {
  const tolerance = spec.tolerance;
  if (tolerance.type === "relative") return Math.abs(answer - reference) <= tolerance.atol + tolerance.rtol * Math.abs(reference);
  if (reference === 0) return answer === 0;
  // Half a unit in the last significant place, plus a hair for the binary representation of decimals.
  const lastPlace = Math.pow(10, Math.floor(Math.log10(Math.abs(reference))) - tolerance.digits + 1);
  return Math.abs(answer - reference) <= lastPlace / 2 + Math.abs(reference) * 1e-12;
}

export function gradeNumberAnswer(spec: NumberSpec, raw: RawAnswer, reference: number, mistakes: readonly KnownMistakeValue<number>[] = []): GradeResult {
  const parsed = parseNumberAnswer(raw);
  if (!parsed.ok) return invalid(parsed.error);
  const answer = parsed.value;
  const fingerprint = fingerprintValues([{ shape: [], data: [answer] }]);
  if (numberMatches(spec, answer, reference)) return graded({ score: 1, feedback: "correct", fingerprint });
  const mistake = mistakes.find((candidate) => numberMatches(spec, answer, candidate.value));
  return graded({ score: 0, feedback: mistake?.message ?? "not the expected value", mistake, fingerprint });
}
