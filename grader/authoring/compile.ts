/**
 * compileDocument: a problem document → a ProblemDefinition, so that a
 * document runs through exactly the pipeline of the file-based bank
 * (buildVariant, gradeSubmission, validateProblem).
 *
 * Compiling checks everything that does not depend on a seed: names,
 * shapes of every expression, reference forms against answer kinds,
 * placeholders, expression parts (their context, reference and known
 * mistakes, as grading will compile them), and costs at the largest sizes.
 * What can only fail on some draws (a constraint no draw satisfies, a
 * network some sizes break, a reference that is not a whole number) fails
 * when a variant is built, and `validateProblem` names the seed.
 */
import { freeTextPart } from "./parts/free-text";
import { latexName } from "../expr/render";
import type { DisplayedParam, PartDefinition, ProblemDefinition } from "../problems/types";
import { CompileContext, VALUE_KINDS, type ValueKind } from "./compile-context";
import { DEFAULT_COST_CAPS, type CostCaps, type DocumentCost } from "./cost";
import { checkDeclarations } from "./declarations";
import { drawParams, type DocumentParams } from "./draw";
import { problemEnvironment } from "./environment";
import { DocumentError, DocumentErrorCode, type DocumentPath } from "./errors";
import { resolveNetwork } from "./networks";
import { parseDocument } from "./parse";
import { expressionPart } from "./parts/expression";
import { literalPart } from "./parts/literal";
import { valuePart } from "./parts/value";
import { parseTemplate } from "./placeholders";
import type { DocumentPart, ProblemDocument, SampleLiteral } from "./schema";

/** A compiled document: a problem of the bank's format, with the document it came from. */
export interface DocumentProblem extends ProblemDefinition<DocumentParams> {
  document: ProblemDocument;
  /** The work it makes the server do at each stage, within DOCUMENT_LIMITS (cost.ts). */
  cost: DocumentCost;
}

export interface CompileOptions {
  /** The work caps (cost.ts); only benchmarks that measure documents over them lift them. */
  costCaps?: Readonly<CostCaps>;
}

/** Compiles a document (as written, or already parsed). Throws DocumentError naming the path of the first problem. */
export function compileDocument(input: unknown, { costCaps = DEFAULT_COST_CAPS }: CompileOptions = {}): DocumentProblem {
  const document = parseDocument(input);
  checkDeclarations(document);
  const environment = problemEnvironment(document);
  const context = new CompileContext(document, environment, costCaps);
  context.chargeDraws();
  const statement = parseTemplate(document.statement, ["statement"], context.scope);
  context.chargeTemplate(statement, ["statement"]);
  const seen = new Map<string, number>();
  const parts = document.parts.map((part, index) => {
    const other = seen.get(part.id);
    if (other !== undefined)
      throw new DocumentError(DocumentErrorCode.DuplicateName, ["parts", index, "id"], `parts[${other}] has the id ${part.id} already`);
    seen.set(part.id, index);
    return compilePart(context, part, index);
  });
  const cost = context.ledger.check();
  return {
    document,
    cost,
    slug: document.slug,
    version: document.version,
    title: document.title,
    ...(document.source ? { source: document.source } : {}),
    draw: (rng, seed) => drawParams(document, rng, seed),
    statement: (params) => context.render(statement, params),
    displayParams: (params) => displayParams(context, params),
    parts,
  };
}

/** A part's prompt, points and hints, and the grading its kind compiles (parts/). */
function compilePart(context: CompileContext, part: DocumentPart, index: number): PartDefinition<DocumentParams> {
  const path: DocumentPath = ["parts", index];
  const prompt = parseTemplate(part.prompt, [...path, "prompt"], context.scope);
  context.chargeTemplate(prompt, [...path, "prompt"]);
  const common = {
    id: part.id,
    points: part.points,
    prompt: (params: DocumentParams) => context.render(prompt, params),
    hints: part.hints,
  };
  if (part.answer.kind === "freeText") return { ...common, ...freeTextPart(part, path) };
  if (part.answer.kind === "expression") return { ...common, ...expressionPart(context, part, path) };
  if (VALUE_KINDS.includes(part.answer.kind)) return { ...common, ...valuePart(context, part, part.answer.kind as ValueKind, path) };
  return { ...common, ...literalPart(context, part, path) };
}

/** The numbers a student sees beside the statement: sizes, displayed variables, and each network's layers. */
function displayParams(context: CompileContext, params: DocumentParams): DisplayedParam[] {
  const document = context.document;
  const dimensions = Object.entries(document.dimensions).map(([name, dimension]): DisplayedParam => ({
    name,
    latex: (typeof dimension === "object" && dimension.latex) || latexName(name),
    ...(typeof dimension === "object" && dimension.description ? { description: dimension.description } : {}),
    display: { kind: "dimension", value: params.dimensions[name] },
  }));
  const variables = Object.entries(document.variables)
    .filter(([, variable]) => variable.display !== false)
    .map(([name, variable]): DisplayedParam => {
      const rows = params.variables[name];
      return {
        name,
        latex: variable.latex ?? latexName(name),
        ...(variable.description ? { description: variable.description } : {}),
        display: variable.shape.length === 0 ? { kind: "scalar", value: rows[0][0] } : { kind: "matrix", value: rows },
      };
    });
  const networks = Object.entries(document.networks).flatMap(([name, network]): DisplayedParam[] => {
    const resolved = resolveNetwork(network, params.dimensions);
    return [
      { name, latex: latexName(name), description: "input shape", display: { kind: "shape", value: resolved.inputShape } },
      ...resolved.layers.map((_, i): DisplayedParam => ({
        name: `${name}.${i + 1}`,
        latex: `\\text{${name} layer ${i + 1}}`,
        display: { kind: "text", value: context.render([{ name, member: i + 1, format: "latex" }], params) },
      })),
    ];
  });
  return [...dimensions, ...variables, ...networks];
}

export type { DocumentParams, SampleLiteral };
