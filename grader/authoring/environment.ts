/**
 * A document's quantities as grader/expr environments: one for the
 * problem's own numbers (references, known mistakes and samples evaluated
 * on a variant's draws, with the networks' tables), and one per expression
 * part (what a student's formula may use, graded on random instances).
 */
import { tensor, type Tensor } from "../autograd";
import {
  compileEnvironment,
  ExprErrorCode,
  isNetworkFunction,
  namesUsed,
  parseExpression,
  postOrder,
  SpecError,
  type Environment,
  type ExpressionContextInput,
  type Instance,
} from "../expr";
import { dimensionBounds, type DocumentParams } from "./draw";
import { DocumentError, DocumentErrorCode, type DocumentPath } from "./errors";
import { resolveNetwork } from "./networks";
import type { DocumentVariable, ProblemDocument } from "./schema";

/** Where in the document an error of grader/expr points, from its path in an expression context. */
export function contextPath(specPath: string): DocumentPath {
  const [head, group, name, ...rest] = specPath.split(".");
  if (head === "context" && group !== undefined && name !== undefined) return [group, name, ...rest];
  return [];
}

export function documentCode(code: ExprErrorCode | undefined): DocumentErrorCode {
  switch (code) {
    case ExprErrorCode.UnknownName:
      return DocumentErrorCode.UnknownName;
    case ExprErrorCode.ShapeMismatch:
    case ExprErrorCode.WrongAnswerShape:
      return DocumentErrorCode.ShapeMismatch;
    case ExprErrorCode.TooCostly:
    case ExprErrorCode.TooLarge:
    case ExprErrorCode.TooDeep:
    case ExprErrorCode.InputTooLong:
      return DocumentErrorCode.TooLarge;
    default:
      return DocumentErrorCode.InvalidExpression;
  }
}

/** compileEnvironment, with its SpecErrors as DocumentErrors at `fallback` when they point nowhere in the document. */
function environmentOrError(context: ExpressionContextInput, networks: Record<string, number>, fallback: DocumentPath): Environment {
  try {
    return compileEnvironment(context, undefined, { networks });
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    const path = contextPath(error.path);
    const message = error.message.slice(error.path.length + 2);
    // Errors without an expression behind them are about names: taken, or a word of the language.
    const code = error.exprCode === undefined ? DocumentErrorCode.DuplicateName : documentCode(error.exprCode);
    throw new DocumentError(code, path.length > 0 ? path : fallback, message);
  }
}

function latexNames(document: ProblemDocument): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [name, dimension] of Object.entries(document.dimensions))
    if (typeof dimension === "object" && dimension.latex) names[name] = dimension.latex;
  for (const [name, variable] of Object.entries(document.variables)) if (variable.latex) names[name] = variable.latex;
  return names;
}

/** The distribution random instances draw a variable from: the document's, with whole numbers drawn as a uniform over the same range. */
function instanceDistribution(
  variable: DocumentVariable,
): { kind: "normal"; mean: number; std: number } | { kind: "uniform"; low: number; high: number } | { kind: "onehot" } | undefined {
  const distribution = variable.distribution;
  if (distribution === undefined) return undefined;
  if (distribution.kind === "integers") return { kind: "uniform", low: distribution.min, high: distribution.max };
  return distribution;
}

function context(document: ProblemDocument, definitions: Record<string, string>): ExpressionContextInput {
  return {
    dimensions: Object.fromEntries(Object.entries(document.dimensions).map(([name, dimension]) => [name, dimensionBounds(dimension)])),
    variables: Object.fromEntries(
      Object.entries(document.variables).map(([name, variable]) => {
        const distribution = instanceDistribution(variable);
        return [name, { shape: variable.shape, ...(distribution ? { distribution } : {}) }];
      }),
    ),
    definitions,
    latex: latexNames(document),
  };
}

export function networkSizes(document: ProblemDocument): Record<string, number> {
  return Object.fromEntries(Object.entries(document.networks).map(([name, network]) => [name, network.layers.length]));
}

/** The environment of the problem's own numbers: every definition, and the networks' lookups. */
export function problemEnvironment(document: ProblemDocument): Environment {
  return environmentOrError(context(document, document.definitions), networkSizes(document), ["definitions"]);
}

/**
 * Definitions that read a network's table, directly or through another
 * definition: they have values only on the problem's own draws, so they
 * are left out of what a student's formula may use.
 */
export function tableDefinitions(document: ProblemDocument): Set<string> {
  const reads = new Map<string, { calls: boolean; names: string[] }>();
  for (const [name, source] of Object.entries(document.definitions)) {
    const parsed = parseExpression(source); // problemEnvironment has parsed it already: it cannot throw here
    const calls = postOrder(parsed.root).some((node) => node.type === "call" && isNetworkFunction(node.callee));
    reads.set(name, { calls, names: namesUsed(parsed.root) });
  }
  const result = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const [name, { calls, names }] of reads) {
      if (!result.has(name) && (calls || names.some((used) => result.has(used)))) {
        result.add(name);
        changed = true;
      }
    }
  }
  return result;
}

/** An expression part's context: the problem's quantities without the definitions it hides or that read tables. */
export function partContext(
  document: ProblemDocument,
  hidden: ReadonlySet<string>,
  path: DocumentPath,
): { context: ExpressionContextInput; environment: Environment } {
  const excluded = tableDefinitions(document);
  const definitions = Object.fromEntries(Object.entries(document.definitions).filter(([name]) => !hidden.has(name) && !excluded.has(name)));
  const partContextInput = context(document, definitions);
  try {
    return { context: partContextInput, environment: compileEnvironment(partContextInput) };
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    throw new DocumentError(documentCode(error.exprCode), path, `with ${[...hidden].join(", ") || "nothing"} hidden: ${error.message}`);
  }
}

const instances = new WeakMap<DocumentParams, Instance>();

/** A variant's draws as an instance to evaluate on: its sizes, its variables as tensors, and its networks' tables. */
export function variantInstance(document: ProblemDocument, params: DocumentParams): Instance {
  const cached = instances.get(params);
  if (cached) return cached;
  const values = new Map<string, Tensor>(Object.entries(params.variables).map(([name, rows]) => [name, tensor(rows)]));
  const networks = new Map(
    Object.entries(document.networks).map(([name, network]) => [name, resolveNetwork(network, params.dimensions).table]),
  );
  const instance: Instance = { dims: params.dimensions, values, networks };
  instances.set(params, instance);
  return instance;
}
