/**
 * A free-text part: reasoning that a person grades, so it has no reference
 * and no known mistakes. Its samples are texts a student might write; each
 * must be accepted for grading (the problem validator checks that the part
 * takes them), none is "correct" or "wrong".
 */
import type { DocumentParams } from "../draw";
import { DocumentError, DocumentErrorCode, type DocumentPath } from "../errors";
import type { DocumentPart } from "../schema";
import { samplesOf, type PartGrading } from "./written";

export function freeTextPart(part: DocumentPart, path: DocumentPath): PartGrading {
  if (part.reference !== undefined)
    throw new DocumentError(
      DocumentErrorCode.InvalidReference,
      [...path, "reference"],
      "a freeText part is graded by a person and has no reference",
    );
  if (part.knownMistakes.length > 0)
    throw new DocumentError(DocumentErrorCode.InvalidField, [...path, "knownMistakes"], "a freeText part has no known mistakes");
  const { correct, wrong } = samplesOf(part, path, "answer");
  return {
    answer: part.answer as Extract<DocumentPart["answer"], { kind: "freeText" }>,
    reference: () => null,
    examples: (_params: DocumentParams) => ({ correct: correct.map(({ sample }) => sample), wrong: wrong.map(({ sample }) => sample) }),
  };
}
