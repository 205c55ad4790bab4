/**
 * The free-text kind: reasoning in the student's own words, read by a
 * person. It is never scored automatically: a readable answer is stored as
 * it was typed and "needs grading" until a TA scores it (lib/manual-grading).
 * The text is plain text everywhere: nothing in it is ever run or rendered
 * as markup.
 */
import { fingerprintText } from "../expr";
import { AnswerError, AnswerErrorCode } from "./errors";
import type { GradeResult, ParseOutcome, RawAnswer } from "./result";
import type { SpecOf } from "./spec";

type FreeTextSpec = SpecOf<"freeText">;

/** The text as stored: line endings made uniform, surrounding blank space removed; refused when empty or too long. */
export function parseFreeTextAnswer(spec: FreeTextSpec, raw: RawAnswer): ParseOutcome<string> {
  if (typeof raw !== "string") return { ok: false, error: new AnswerError(AnswerErrorCode.InvalidSyntax, "a written answer is text") };
  const text = raw.replace(/\r\n?/g, "\n").trim();
  if (text === "") return { ok: false, error: new AnswerError(AnswerErrorCode.Empty, "no answer was given") };
  if (text.length > spec.maxLength)
    return {
      ok: false,
      error: new AnswerError(
        AnswerErrorCode.TooLong,
        `the answer is ${text.length} characters long; this part takes at most ${spec.maxLength}`,
      ),
    };
  return { ok: true, value: text };
}

export const NEEDS_GRADING_FEEDBACK = "received; a member of the course staff will grade it";

/** A readable answer needs grading (no score yet); an unreadable one is invalid like any other kind's. */
export function gradeFreeTextAnswer(spec: FreeTextSpec, raw: RawAnswer): GradeResult {
  const parsed = parseFreeTextAnswer(spec, raw);
  if (!parsed.ok) return { status: "invalid", score: 0, feedback: parsed.error.message, error: parsed.error.toJSON() };
  return { status: "needsGrading", score: 0, feedback: NEEDS_GRADING_FEEDBACK, fingerprint: fingerprintText(parsed.value) };
}

export { rubricScore } from "./rubric-score";
