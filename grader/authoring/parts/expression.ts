/**
 * An expression part: graded by grader/expr on random instances, as the
 * bank's are. Compiling runs the check grading will run, so that a bad
 * reference or known mistake is refused at its path now.
 */
import type { AnswerSpecInput } from "../../answers";
import { analyzeExpression, compileCheck, evaluationCost, SpecError, type Environment, type TypedExpression } from "../../expr";
import { COST } from "../../expr/cost";
import { concreteShape as concreteExprShape } from "../../expr/shape";
import type { CompileContext } from "../compile-context";
import { DOCUMENT_COST } from "../cost";
import { documentCode, partContext } from "../environment";
import { DocumentError, DocumentErrorCode, type DocumentPath } from "../errors";
import type { DocumentPart } from "../schema";
import { knownMistakesOf, samplesOf, type PartGrading, type Sample } from "./written";

export function expressionPart(context: CompileContext, part: DocumentPart, path: DocumentPath): Omit<PartGrading, "knownMistakes"> {
  const document = context.document;
  const answer = part.answer as Extract<DocumentPart["answer"], { kind: "expression" }>;
  if (typeof part.reference !== "string")
    throw new DocumentError(DocumentErrorCode.InvalidReference, [...path, "reference"], "an expression part's reference is an expression");
  answer.hide.forEach((name, j) => {
    if (!Object.hasOwn(document.definitions, name))
      throw new DocumentError(DocumentErrorCode.UnknownName, [...path, "answer", "hide", j], `${name} is not a definition of this problem`);
  });
  const knownMistakes = knownMistakesOf(part, path, "expression").map(({ mistake }) => ({
    ...(mistake.id ? { id: mistake.id } : {}),
    expression: mistake.expression!,
    message: mistake.message,
  }));
  const samples = samplesOf(part, path, "formula");
  const correct = samples.correct.map(({ sample }) => sample);
  const wrong = samples.wrong.map(({ sample }) => sample);
  if (correct.length === 0)
    throw new DocumentError(
      DocumentErrorCode.InvalidField,
      [...path, "samples", "correct"],
      "an expression part needs at least one correct sample",
    );

  const { context: expressionContext, environment } = partContext(document, new Set(answer.hide), [...path, "answer", "hide"]);
  const { kind, hide: _hide, ...options } = answer;
  const spec = { kind, ...options, context: expressionContext, knownMistakes };
  const reference = part.reference;
  chargeExpressionPart(context, path, environment, answer.instances, reference, knownMistakes, [...samples.correct, ...samples.wrong]);
  context.ledger.check(["compile"]); // before compileCheck computes anything
  try {
    compileCheck({ ...options, context: expressionContext, knownMistakes }, reference); // what grading will do, once per process
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    const [field, k, rest] = error.path.split(".");
    const where: DocumentPath =
      field === "reference"
        ? [...path, "reference"]
        : field === "knownMistakes"
          ? [...path, "knownMistakes", Number(k), rest]
          : field === "forbid"
            ? [...path, "answer", "forbid", Number(k)]
            : [...path, "answer"];
    throw new DocumentError(
      error.exprCode !== undefined ? documentCode(error.exprCode) : expressionCheckCode(error.message),
      where,
      error.message.slice(error.path.length + 2),
    );
  }
  return { answer: spec as AnswerSpecInput, reference: () => reference, examples: () => ({ correct, wrong }) };
}

/**
 * An expression part's check computes its reference and each known
 * mistake on K random instances, when it compiles and when a thread first
 * grades it; validation grades each sample on the K instances, and
 * compares it with the reference and each mistake. Expressions that do not
 * analyze cost next to nothing here: compiling refuses them, or grading
 * stops at the analysis.
 */
function chargeExpressionPart(
  context: CompileContext,
  path: DocumentPath,
  environment: Environment,
  instances: number,
  reference: string,
  mistakes: { expression: string }[],
  samples: Sample<string>[],
): void {
  const dims = context.largestDimensions;
  const costOn = (typed: TypedExpression) => instances * evaluationCost(typed, environment, dims);
  const drawn = [...environment.variables.values()].reduce((total, variable) => {
    const [rows, cols] = concreteExprShape(variable.shape, dims);
    return total + rows * cols;
  }, 0);
  context.ledger.add([...path, "answer", "instances"], "compile", instances * drawn * DOCUMENT_COST.drawEntry);
  const referenceAnalysis = analyzeExpression(reference, environment, { allowGrad: true });
  if (referenceAnalysis.ok) context.ledger.add([...path, "reference"], "compile", costOn(referenceAnalysis.typed));
  const compared = referenceAnalysis.ok ? instances * context.entriesOf(referenceAnalysis.typed) : 0;
  mistakes.forEach((mistake, k) => {
    const analysis = analyzeExpression(mistake.expression, environment, { allowGrad: true });
    if (analysis.ok) context.ledger.add([...path, "knownMistakes", k, "expression"], "compile", costOn(analysis.typed));
  });
  for (const { sample, where } of samples) {
    const analysis = analyzeExpression(sample, environment);
    const evaluated = analysis.ok ? Math.min(costOn(analysis.typed), environment.limits.maxCost) : 0;
    context.ledger.add(
      where,
      "seed",
      COST.node * sample.length + evaluated + compared * DOCUMENT_COST.compareEntry * (1 + mistakes.length),
    );
  }
}

function expressionCheckCode(message: string): DocumentErrorCode {
  return /cannot draw a size distinct/.test(message) ? DocumentErrorCode.Unsatisfiable : DocumentErrorCode.InvalidField;
}
