/**
 * A number, integer or matrix part: its reference and known mistakes are
 * computed on each variant, and validation also grades the reference and a
 * perturbed copy of it.
 */
import type { AnswerSpecInput, KnownMistakeValue, RawAnswer } from "../../answers";
import type { TypedExpression } from "../../expr";
import { isScalarShape } from "../../expr/shape";
import type { Json, PartExamples } from "../../problems/types";
import { matlabLiteral, numpyLiteral } from "../../variant-tools/format";
import type { CompileContext, ValueKind, ValueSource } from "../compile-context";
import { DOCUMENT_COST } from "../cost";
import type { DocumentParams } from "../draw";
import { DocumentError, DocumentErrorCode, type DocumentPath } from "../errors";
import type { DocumentPart, DocumentSample } from "../schema";
import { knownMistakesOf, samplesOf, type ComputedSample, type PartGrading, type Sample } from "./written";

type ValueSample = { literal: RawAnswer } | { typed: TypedExpression; as: ComputedSample["as"]; where: DocumentPath };

export function valuePart(context: CompileContext, part: DocumentPart, kind: ValueKind, path: DocumentPath): PartGrading {
  const referencePath: DocumentPath = [...path, "reference"];
  const reference = context.source(part.reference, referencePath);
  const requireScalar = (source: ValueSource, where: DocumentPath) => {
    if (kind !== "matrix" && source.type === "expression" && !isScalarShape(source.typed.shape)) {
      throw new DocumentError(
        DocumentErrorCode.ShapeMismatch,
        where,
        `a ${kind} part needs a scalar, but this is ${source.typed.shape.join("×")}`,
      );
    }
    if (source.type === "outputShape")
      throw new DocumentError(DocumentErrorCode.InvalidReference, where, `a ${kind} part cannot be graded against an output shape`);
  };
  requireScalar(reference, referencePath);
  const mistakes = knownMistakesOf(part, path, "expression or value").map(({ mistake, where }) => {
    const source: ValueSource =
      mistake.expression !== undefined
        ? { type: "expression", typed: context.typed(mistake.expression, where), path: where }
        : { type: "literal", value: mistake.value as Json };
    requireScalar(source, where);
    return { id: mistake.id, message: mistake.message, source, where };
  });
  const samples = samplesOf(part, path, "answer or computed");
  const valueSample = ({ sample, where }: Sample<DocumentSample>): ValueSample => {
    if (typeof sample !== "object" || Array.isArray(sample)) return { literal: sample as RawAnswer };
    const typed = context.typed(sample.expression, [...where, "expression"]);
    return { typed, as: sample.as, where };
  };
  const correct = samples.correct.map(valueSample);
  const wrong = samples.wrong.map(valueSample);
  chargeValuePart(context, path, reference, mistakes, [...correct, ...wrong]);

  const referenceOn = (params: DocumentParams) => context.valueOf(kind, reference, params, referencePath);
  const sampleOn = (sample: ValueSample, params: DocumentParams): RawAnswer => {
    if ("literal" in sample) return sample.literal;
    const value = context.valueOf(
      kind === "matrix" ? "matrix" : "number",
      { type: "expression", typed: sample.typed, path: sample.where },
      params,
      sample.where,
    );
    return formatSample(value, sample.as);
  };
  return {
    answer: part.answer as AnswerSpecInput,
    reference: referenceOn,
    knownMistakes: (params): KnownMistakeValue[] =>
      mistakes.map(({ id, message, source, where }) => ({
        ...(id ? { id } : {}),
        message,
        value: context.valueOf(kind, source, params, where),
      })),
    examples: (params): PartExamples => {
      const value = referenceOn(params);
      return {
        correct: [value as RawAnswer, ...correct.map((sample) => sampleOn(sample, params))],
        wrong: [perturbed(value), ...wrong.map((sample) => sampleOn(sample, params))],
      };
    },
  };
}

/**
 * A value part computes its reference and known mistakes on every variant;
 * validation computes the reference again with each sample, and grades
 * every sample against the reference and each known mistake.
 */
function chargeValuePart(
  context: CompileContext,
  path: DocumentPath,
  reference: ValueSource,
  mistakes: { source: ValueSource; where: DocumentPath }[],
  samples: ValueSample[],
): void {
  const ledger = context.ledger;
  const referencePath: DocumentPath = [...path, "reference"];
  if (reference.type === "expression") {
    context.chargeEvaluation(reference.typed, referencePath, "variant");
    context.chargeEvaluation(reference.typed, referencePath, "seed");
  }
  for (const { source, where } of mistakes) if (source.type === "expression") context.chargeEvaluation(source.typed, where, "variant");
  const entries =
    reference.type === "expression" ? context.entriesOf(reference.typed) : numbersIn(reference.type === "literal" ? reference.value : null);
  for (const sample of samples) {
    if ("typed" in sample) {
      context.chargeEvaluation(sample.typed, sample.where, "seed");
      ledger.add(sample.where, "seed", DOCUMENT_COST.renderEntry * context.entriesOf(sample.typed));
    }
  }
  // Each answer validation grades (the reference, its perturbed copy, the samples) is read and compared with the reference and
  // every known mistake.
  const answers = samples.length + 2;
  ledger.add(
    [...path, "samples"],
    "seed",
    answers * entries * (DOCUMENT_COST.renderEntry + DOCUMENT_COST.compareEntry * (1 + mistakes.length)),
  );
}

/** Numbers in a literal value: the entries a grading compares. */
function numbersIn(value: Json | null): number {
  if (typeof value === "number") return 1;
  return Array.isArray(value) ? value.reduce((total: number, entry) => total + numbersIn(entry as Json), 0) : 1;
}

/** A value written as a student would: as it is (json), or as a NumPy or MATLAB literal. */
function formatSample(value: Json, as: "json" | "numpy" | "matlab"): RawAnswer {
  if (as === "json" || typeof value === "number") return value as RawAnswer;
  const rows = value as number[][];
  return as === "numpy" ? numpyLiteral(rows) : matlabLiteral(rows);
}

/**
 * A wrong sample made from the reference: its first entry moved by 1 + |x|,
 * which no relative tolerance below 1 can absorb.
 */
function perturbed(value: Json): RawAnswer {
  if (typeof value === "number") return Number.isInteger(value) ? value + 1 : value + 1 + Math.abs(value);
  const rows = value as number[][];
  return rows.map((row, i) => row.map((entry, j) => (i === 0 && j === 0 ? entry + 1 + Math.abs(entry) : entry)));
}
