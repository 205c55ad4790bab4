/**
 * The one check of how a part writes its known mistakes and samples, for
 * every part kind: each kind says which forms it accepts, and a part that
 * uses another form is refused at the path of the offending entry.
 */
import type { PartDefinition } from "../../problems/types";
import type { DocumentParams } from "../draw";
import { DocumentError, DocumentErrorCode, type DocumentPath } from "../errors";
import type { DocumentPart, DocumentSample, SampleLiteral } from "../schema";

/** What a part kind's compiler adds to the part's id, points, prompt and hints. */
export type PartGrading = Pick<PartDefinition<DocumentParams>, "answer" | "reference" | "knownMistakes" | "examples">;

type KnownMistake = DocumentPart["knownMistakes"][number];
/** A sample computed on the variant and written in a student's form. */
export type ComputedSample = Extract<DocumentSample, { expression: string }>;

/** "an expression part", "a shape part": how messages name a part by its kind. */
function partOfKind(part: DocumentPart): string {
  return `${part.answer.kind === "expression" ? "an" : "a"} ${part.answer.kind} part`;
}

/**
 * The known mistakes of a part, each with its path (ending in the field
 * that holds it). An expression part's mistakes are expressions; a value
 * part's are either; the others' are values.
 */
export function knownMistakesOf(
  part: DocumentPart,
  path: DocumentPath,
  form: "expression" | "value" | "expression or value",
): { mistake: KnownMistake; where: DocumentPath }[] {
  return part.knownMistakes.map((mistake, k) => {
    if (form === "expression" && mistake.expression === undefined)
      throw new DocumentError(
        DocumentErrorCode.InvalidField,
        [...path, "knownMistakes", k],
        `${partOfKind(part)}'s known mistakes are expressions`,
      );
    if (form === "value" && mistake.value === undefined)
      throw new DocumentError(
        DocumentErrorCode.InvalidField,
        [...path, "knownMistakes", k],
        `${partOfKind(part)}'s known mistakes are values`,
      );
    return { mistake, where: [...path, "knownMistakes", k, mistake.expression !== undefined ? "expression" : "value"] };
  });
}

export interface Sample<T> {
  sample: T;
  where: DocumentPath;
}

/**
 * The correct and wrong samples of a part, each with its path. An
 * expression part's samples are formulas (text); the others' are written as
 * a student would, and a value part's may also be computed on the variant.
 */
export function samplesOf(part: DocumentPart, path: DocumentPath, form: "formula"): { correct: Sample<string>[]; wrong: Sample<string>[] };
export function samplesOf(
  part: DocumentPart,
  path: DocumentPath,
  form: "answer",
): { correct: Sample<SampleLiteral>[]; wrong: Sample<SampleLiteral>[] };
export function samplesOf(
  part: DocumentPart,
  path: DocumentPath,
  form: "answer or computed",
): { correct: Sample<DocumentSample>[]; wrong: Sample<DocumentSample>[] };
export function samplesOf(part: DocumentPart, path: DocumentPath, form: "formula" | "answer" | "answer or computed") {
  const samples = (list: DocumentSample[], which: "correct" | "wrong") =>
    list.map((sample, j) => {
      const where: DocumentPath = [...path, "samples", which, j];
      const computed = typeof sample === "object" && !Array.isArray(sample);
      if (form === "formula" && typeof sample !== "string")
        throw new DocumentError(DocumentErrorCode.InvalidField, where, `${partOfKind(part)}'s samples are formulas, written as text`);
      if (form === "answer" && computed)
        throw new DocumentError(DocumentErrorCode.InvalidField, where, `${partOfKind(part)}'s samples are written as a student would`);
      return { sample, where };
    });
  return { correct: samples(part.samples.correct, "correct"), wrong: samples(part.samples.wrong, "wrong") };
}
