/**
 * A shape, dimensions or choice part: its reference is a literal value or
 * (for a shape) a network's output shape, and its known mistakes and
 * samples are written as a student would.
 */
import type { AnswerSpecInput, RawAnswer } from "../../answers";
import type { Json } from "../../problems/types";
import type { CompileContext, ValueSource } from "../compile-context";
import type { DocumentParams } from "../draw";
import { DocumentError, DocumentErrorCode, type DocumentPath } from "../errors";
import type { DocumentPart } from "../schema";
import { knownMistakesOf, samplesOf, type PartGrading } from "./written";

export function literalPart(context: CompileContext, part: DocumentPart, path: DocumentPath): PartGrading {
  const document = context.document;
  const answer = part.answer;
  const referencePath: DocumentPath = [...path, "reference"];
  if (typeof part.reference === "string") {
    throw new DocumentError(
      DocumentErrorCode.InvalidReference,
      referencePath,
      `a ${answer.kind} part's reference is ${answer.kind === "shape" ? "{ outputShape } or { value }" : "{ value }"}, not an expression`,
    );
  }
  const reference = context.source(part.reference, referencePath);
  if (reference.type === "outputShape") {
    if (answer.kind !== "shape")
      throw new DocumentError(
        DocumentErrorCode.InvalidReference,
        referencePath,
        `a ${answer.kind} part cannot be graded against an output shape`,
      );
    const batch = document.networks[reference.network].input[0];
    if (typeof batch === "string" && !Object.hasOwn(document.dimensions, batch) && !answer.symbols.includes(batch)) {
      throw new DocumentError(
        DocumentErrorCode.InvalidReference,
        [...path, "answer", "symbols"],
        `the output shape has the batch symbol ${batch}: list it in symbols`,
      );
    }
  }
  if (answer.kind === "choice")
    checkChoiceReference(
      answer.options.map((option) => option.id),
      reference,
      referencePath,
    );
  const mistakes = knownMistakesOf(part, path, "value").map(({ mistake }) => ({
    ...(mistake.id ? { id: mistake.id } : {}),
    message: mistake.message,
    value: mistake.value as Json,
  }));
  const samples = samplesOf(part, path, "answer");
  const correct = samples.correct.map(({ sample }) => sample as RawAnswer);
  const wrong = samples.wrong.map(({ sample }) => sample as RawAnswer);
  const referenceOn = (params: DocumentParams) => context.shapeValue(reference, params);
  return {
    answer: answer as AnswerSpecInput,
    reference: referenceOn,
    knownMistakes: () => mistakes,
    examples: (params) => ({ correct: [referenceOn(params) as RawAnswer, ...correct], wrong }),
  };
}

function checkChoiceReference(ids: string[], reference: ValueSource, path: DocumentPath): void {
  const value = reference.type === "literal" ? reference.value : null;
  const chosen =
    typeof value === "string" ? [value] : Array.isArray(value) && value.every((id) => typeof id === "string") ? (value as string[]) : null;
  if (chosen === null || chosen.length === 0)
    throw new DocumentError(DocumentErrorCode.InvalidReference, path, "a choice part's reference is an option id or a list of them");
  const unknown = chosen.find((id) => !ids.includes(id));
  if (unknown !== undefined) throw new DocumentError(DocumentErrorCode.UnknownName, path, `“${unknown}” is not one of the options`);
}
