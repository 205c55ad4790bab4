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
import type { Tensor } from "../autograd";
import type { AnswerSpecInput, KnownMistakeValue, RawAnswer } from "../answers";
import { analyzeExpression, compileCheck, evaluate, evaluationCost, SpecError, type Environment, type TypedExpression } from "../expr";
import { COST } from "../expr/cost";
import { concreteShape as concreteExprShape, isScalarShape } from "../expr/shape";
import { latexName } from "../expr/render";
import type { DisplayedParam, Json, PartDefinition, PartExamples, ProblemDefinition } from "../problems/types";
import { matlabLiteral, numpyLiteral } from "../variant-tools/format";
import { CostLedger, DEFAULT_COST_CAPS, DOCUMENT_COST, type CostCaps, type CostStage, type DocumentCost } from "./cost";
import { concreteShape, dimensionBounds, drawParams, type DocumentParams } from "./draw";
import { documentCode, partContext, problemEnvironment, variantInstance } from "./environment";
import { DocumentError, DocumentErrorCode, type DocumentPath } from "./errors";
import { DOCUMENT_LIMITS } from "./limits";
import { resolveNetwork } from "./networks";
import { parseDocument } from "./parse";
import { parseTemplate, renderTemplate, type TemplateScope, type TemplateSegment, type TemplateValues } from "./placeholders";
import type { DocumentPart, DocumentSample, ProblemDocument, SampleLiteral } from "./schema";

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
  const compiler = new DocumentCompiler(document, environment, costCaps);
  return compiler.problem();
}

// ------------------------------------------------------------------ declarations

/** Names in shapes, constraints, networks and the handout must be declared; sizes must stay within the caps. */
function checkDeclarations(document: ProblemDocument): void {
  const isDimension = (name: string) => Object.hasOwn(document.dimensions, name);
  const requireDimension = (name: string | number, path: DocumentPath) => {
    if (typeof name === "string" && !isDimension(name)) throw new DocumentError(DocumentErrorCode.UnknownName, path, `${name} is not a dimension of this problem`);
  };
  const largest = Object.fromEntries(Object.entries(document.dimensions).map(([name, dimension]) => [name, dimensionBounds(dimension).max]));

  document.constraints.forEach((constraint, i) => constraint.dimensions.forEach((name, j) => requireDimension(name, ["constraints", i, "dimensions", j])));

  for (const [name, variable] of Object.entries(document.variables)) {
    variable.shape.forEach((entry, j) => requireDimension(entry, ["variables", name, "shape", j]));
    const [rows, cols] = concreteShape(variable.shape, largest);
    if (rows * cols > DOCUMENT_LIMITS.maxVariableEntries) {
      throw new DocumentError(DocumentErrorCode.TooLarge, ["variables", name, "shape"], `up to ${rows}×${cols} entries; at most ${DOCUMENT_LIMITS.maxVariableEntries} are allowed`);
    }
    checkDistribution(name, variable);
  }

  for (const [name, network] of Object.entries(document.networks)) {
    // The batch (first) size may be a symbol such as N; every other name is a dimension.
    network.input.forEach((entry, d) => d > 0 && requireDimension(entry, ["networks", name, "input", d]));
    network.layers.forEach((layer, i) => {
      for (const [field, value] of Object.entries(layer)) {
        if (field !== "type" && typeof value === "string" && value !== "auto") requireDimension(value, ["networks", name, "layers", i, field]);
      }
    });
  }

  const handout = document.handout;
  if (handout) {
    for (const name of Object.keys(handout.dimensions)) if (!isDimension(name)) throw new DocumentError(DocumentErrorCode.UnknownName, ["handout", "dimensions", name], `${name} is not a dimension of this problem`);
    for (const name of Object.keys(handout.variables)) {
      if (!Object.hasOwn(document.variables, name)) throw new DocumentError(DocumentErrorCode.UnknownName, ["handout", "variables", name], `${name} is not a variable of this problem`);
    }
  }
}

/** A distribution that can never give a nonzero entry would make every draw fail: say so now. */
function checkDistribution(name: string, variable: ProblemDocument["variables"][string]): void {
  if (!variable.nonzero) return;
  const distribution = variable.distribution;
  const half = variable.round === undefined ? 0 : 0.5 / 10 ** variable.round;
  const onlyZero =
    (distribution?.kind === "integers" && distribution.min === 0 && distribution.max === 0) ||
    (distribution?.kind === "uniform" && Math.max(Math.abs(distribution.low), Math.abs(distribution.high)) < half);
  if (onlyZero) {
    throw new DocumentError(DocumentErrorCode.InvalidDistribution, ["variables", name, "distribution"], "every entry it gives is 0 (after rounding), but the variable is nonzero");
  }
}

// ------------------------------------------------------------------ the compiler

type ValueKind = "number" | "integer" | "matrix";
const VALUE_KINDS: readonly string[] = ["number", "integer", "matrix"];

/** How a part gets a value on a variant: an expression, a literal, or a network's output shape. */
type ValueSource = { type: "expression"; typed: TypedExpression; path: DocumentPath } | { type: "literal"; value: Json } | { type: "outputShape"; network: string; layer: number };

class DocumentCompiler {
  private readonly scope: TemplateScope;
  private readonly largestDimensions: Record<string, number>;
  private readonly ledger: CostLedger;

  constructor(
    private readonly document: ProblemDocument,
    private readonly environment: Environment,
    costCaps: Readonly<CostCaps>,
  ) {
    this.ledger = new CostLedger(costCaps);
    this.scope = {
      kindOf: (name) => {
        if (Object.hasOwn(document.dimensions, name)) return "dimension";
        if (Object.hasOwn(document.variables, name) || Object.hasOwn(document.definitions, name)) return "quantity";
        if (Object.hasOwn(document.networks, name)) return "network";
        return undefined;
      },
      networkLayers: (name) => document.networks[name].layers.length,
    };
    this.largestDimensions = Object.fromEntries(Object.entries(document.dimensions).map(([name, dimension]) => [name, dimensionBounds(dimension).max]));
  }

  problem(): DocumentProblem {
    const document = this.document;
    this.chargeDraws();
    const statement = parseTemplate(document.statement, ["statement"], this.scope);
    this.chargeTemplate(statement, ["statement"]);
    const seen = new Map<string, number>();
    const parts = document.parts.map((part, index) => {
      const other = seen.get(part.id);
      if (other !== undefined) throw new DocumentError(DocumentErrorCode.DuplicateName, ["parts", index, "id"], `parts[${other}] has the id ${part.id} already`);
      seen.set(part.id, index);
      return this.part(part, index);
    });
    const cost = this.ledger.check();
    return {
      document,
      cost,
      slug: document.slug,
      version: document.version,
      title: document.title,
      ...(document.source ? { source: document.source } : {}),
      draw: (rng, seed) => drawParams(document, rng, seed),
      statement: (params) => this.render(statement, params),
      displayParams: (params) => this.displayParams(params),
      parts,
    };
  }

  // -------------------------------------------------------------- values on a variant

  private templateValues(params: DocumentParams): TemplateValues {
    return {
      dimension: (name) => params.dimensions[name],
      rows: (name) => {
        if (Object.hasOwn(params.variables, name)) return params.variables[name];
        return this.evaluateOn(this.environment.definitions.get(name)!, params).toArray() as number[][];
      },
      network: (name) => resolveNetwork(this.document.networks[name], params.dimensions),
    };
  }

  private render(segments: readonly TemplateSegment[], params: DocumentParams): string {
    return renderTemplate(segments, this.templateValues(params), this.scope);
  }

  private evaluateOn(typed: TypedExpression, params: DocumentParams): Tensor {
    return evaluate(typed, this.environment, variantInstance(this.document, params));
  }

  private displayParams(params: DocumentParams): DisplayedParam[] {
    const document = this.document;
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
          display: { kind: "text", value: this.render([{ name, member: i + 1, format: "latex" }], params) },
        })),
      ];
    });
    return [...dimensions, ...variables, ...networks];
  }

  // -------------------------------------------------------------- expressions

  /** An expression of the problem's own numbers, shape-checked, within the cost cap at the largest sizes. */
  private typed(source: string, path: DocumentPath): TypedExpression {
    const analysis = analyzeExpression(source, this.environment, { allowGrad: true });
    if (!analysis.ok) throw new DocumentError(documentCode(analysis.error.code), path, `${analysis.error.message} (in “${source}”)`);
    const cost = evaluationCost(analysis.typed, this.environment, this.largestDimensions);
    if (cost > this.environment.limits.maxCost) {
      throw new DocumentError(DocumentErrorCode.TooLarge, path, `computing “${source}” at the largest sizes would cost ${cost.toExponential(2)} units; at most ${this.environment.limits.maxCost.toExponential(2)} are allowed`);
    }
    return analysis.typed;
  }

  // -------------------------------------------------------------- costs (cost.ts)

  /** Entries of an expression's value at the largest sizes. */
  private entriesOf(typed: TypedExpression, dims: Readonly<Record<string, number>> = this.largestDimensions): number {
    const [rows, cols] = concreteExprShape(typed.shape, dims);
    return rows * cols;
  }

  /** One evaluation on a variant's draws (a fresh evaluator: every definition it reads is computed again), and reading its value. */
  private chargeEvaluation(typed: TypedExpression, path: DocumentPath, stage: CostStage, times = 1): void {
    const once = evaluationCost(typed, this.environment, this.largestDimensions) + DOCUMENT_COST.readEntry * this.entriesOf(typed);
    this.ledger.add(path, stage, times * once);
  }

  /** Drawing each variable, and turning it into a tensor for evaluation, on every variant. */
  private chargeDraws(): void {
    for (const [name, variable] of Object.entries(this.document.variables)) {
      const [rows, cols] = concreteShape(variable.shape, this.largestDimensions);
      this.ledger.add(["variables", name], "variant", (DOCUMENT_COST.drawEntry + COST.copy) * rows * cols);
    }
  }

  /** Rendering a template on a variant: each quantity written out, and each definition computed for it. */
  private chargeTemplate(segments: readonly TemplateSegment[], path: DocumentPath): void {
    for (const segment of segments) {
      if (typeof segment === "string") continue;
      const definition = this.environment.definitions.get(segment.name);
      if (definition) {
        this.chargeEvaluation(definition, path, "variant");
        this.ledger.add(path, "variant", DOCUMENT_COST.renderEntry * this.entriesOf(definition));
      } else if (Object.hasOwn(this.document.variables, segment.name)) {
        const [rows, cols] = concreteShape(this.document.variables[segment.name].shape, this.largestDimensions);
        this.ledger.add(path, "variant", DOCUMENT_COST.renderEntry * rows * cols);
      } else {
        this.ledger.add(path, "variant", DOCUMENT_COST.renderEntry);
      }
    }
  }

  private source(reference: DocumentPart["reference"], path: DocumentPath): ValueSource {
    if (typeof reference === "string") return { type: "expression", typed: this.typed(reference, path), path };
    if ("value" in reference) return { type: "literal", value: reference.value };
    const { network, layer } = reference.outputShape;
    if (!Object.hasOwn(this.document.networks, network)) throw new DocumentError(DocumentErrorCode.UnknownName, [...path, "outputShape", "network"], `${network} is not a network of this problem`);
    const layers = this.document.networks[network].layers.length;
    if (layer > layers) throw new DocumentError(DocumentErrorCode.InvalidReference, [...path, "outputShape", "layer"], `${network} has layers 1 to ${layers}`);
    return { type: "outputShape", network, layer };
  }

  /** A value kind's value on a variant, in the kind's reference form; throws DocumentError at `path` for a value that does not fit. */
  private valueOf(kind: ValueKind, source: ValueSource, params: DocumentParams, path: DocumentPath): Json {
    if (source.type === "literal") return source.value;
    if (source.type === "outputShape") throw new DocumentError(DocumentErrorCode.InvalidReference, path, `a ${kind} part cannot be graded against an output shape`);
    const value = this.evaluateOn(source.typed, params);
    const rows = value.toArray() as number[][];
    if (!Array.from(value.data).every(Number.isFinite)) {
      throw new DocumentError(DocumentErrorCode.InvalidReference, path, `is not finite on this variant: ${JSON.stringify(rows)}`);
    }
    if (kind === "matrix") return rows;
    const number = rows[0][0];
    if (kind === "number") return number;
    const whole = Math.round(number);
    // Sums and products of whole numbers stay exact in float64 up to 2^53; a fraction means the formula is wrong.
    if (Math.abs(number - whole) > 1e-9 * Math.max(1, Math.abs(number))) {
      throw new DocumentError(DocumentErrorCode.InvalidReference, path, `is ${number} on this variant, not a whole number`);
    }
    return whole;
  }

  private shapeValue(source: ValueSource, params: DocumentParams): Json {
    if (source.type === "literal") return source.value;
    const { network, layer } = source as Extract<ValueSource, { type: "outputShape" }>;
    return resolveNetwork(this.document.networks[network], params.dimensions).table[layer - 1].outputShape;
  }

  // -------------------------------------------------------------- parts

  private part(part: DocumentPart, index: number): PartDefinition<DocumentParams> {
    const path: DocumentPath = ["parts", index];
    const prompt = parseTemplate(part.prompt, [...path, "prompt"], this.scope);
    this.chargeTemplate(prompt, [...path, "prompt"]);
    const common = {
      id: part.id,
      points: part.points,
      prompt: (params: DocumentParams) => this.render(prompt, params),
      hints: part.hints,
    };
    if (part.answer.kind === "expression") return { ...common, ...this.expressionPart(part, path) };
    if (VALUE_KINDS.includes(part.answer.kind)) return { ...common, ...this.valuePart(part, part.answer.kind as ValueKind, path) };
    return { ...common, ...this.literalPart(part, path) };
  }

  /** An expression part: graded by grader/expr on random instances, as the bank's are. */
  private expressionPart(part: DocumentPart, path: DocumentPath): Pick<PartDefinition<DocumentParams>, "answer" | "reference" | "examples"> {
    const answer = part.answer as Extract<DocumentPart["answer"], { kind: "expression" }>;
    if (typeof part.reference !== "string") throw new DocumentError(DocumentErrorCode.InvalidReference, [...path, "reference"], "an expression part's reference is an expression");
    answer.hide.forEach((name, j) => {
      if (!Object.hasOwn(this.document.definitions, name)) throw new DocumentError(DocumentErrorCode.UnknownName, [...path, "answer", "hide", j], `${name} is not a definition of this problem`);
    });
    const knownMistakes = part.knownMistakes.map((mistake, k) => {
      if (mistake.expression === undefined) throw new DocumentError(DocumentErrorCode.InvalidField, [...path, "knownMistakes", k], "an expression part's known mistakes are expressions");
      return { ...(mistake.id ? { id: mistake.id } : {}), expression: mistake.expression, message: mistake.message };
    });
    const samples = (list: DocumentSample[], which: "correct" | "wrong") =>
      list.map((sample, j) => {
        if (typeof sample !== "string") throw new DocumentError(DocumentErrorCode.InvalidField, [...path, "samples", which, j], "an expression part's samples are formulas, written as text");
        return sample;
      });
    const correct = samples(part.samples.correct, "correct");
    const wrong = samples(part.samples.wrong, "wrong");
    if (correct.length === 0) throw new DocumentError(DocumentErrorCode.InvalidField, [...path, "samples", "correct"], "an expression part needs at least one correct sample");

    const { context, environment } = partContext(this.document, new Set(answer.hide), [...path, "answer", "hide"]);
    const { kind, hide: _hide, ...options } = answer;
    const spec = { kind, ...options, context, knownMistakes };
    const reference = part.reference;
    this.chargeExpressionPart(path, environment, answer.instances, reference, knownMistakes, [
      ...correct.map((sample, j) => ({ sample, where: [...path, "samples", "correct", j] as DocumentPath })),
      ...wrong.map((sample, j) => ({ sample, where: [...path, "samples", "wrong", j] as DocumentPath })),
    ]);
    this.ledger.check(["compile"]); // before compileCheck computes anything
    try {
      compileCheck({ ...options, context, knownMistakes }, reference); // what grading will do, once per process
    } catch (error) {
      if (!(error instanceof SpecError)) throw error;
      const [field, k, rest] = error.path.split(".");
      const where: DocumentPath = field === "reference" ? [...path, "reference"] : field === "knownMistakes" ? [...path, "knownMistakes", Number(k), rest] : [...path, "answer"];
      throw new DocumentError(error.exprCode !== undefined ? documentCode(error.exprCode) : expressionCheckCode(error.message), where, error.message.slice(error.path.length + 2));
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
  private chargeExpressionPart(
    path: DocumentPath,
    environment: Environment,
    instances: number,
    reference: string,
    mistakes: { expression: string }[],
    samples: { sample: string; where: DocumentPath }[],
  ): void {
    const dims = this.largestDimensions;
    const costOn = (typed: TypedExpression) => instances * evaluationCost(typed, environment, dims);
    const drawn = [...environment.variables.values()].reduce((total, variable) => {
      const [rows, cols] = concreteExprShape(variable.shape, dims);
      return total + rows * cols;
    }, 0);
    this.ledger.add([...path, "answer", "instances"], "compile", instances * drawn * DOCUMENT_COST.drawEntry);
    const referenceAnalysis = analyzeExpression(reference, environment, { allowGrad: true });
    if (referenceAnalysis.ok) this.ledger.add([...path, "reference"], "compile", costOn(referenceAnalysis.typed));
    const compared = referenceAnalysis.ok ? instances * this.entriesOf(referenceAnalysis.typed) : 0;
    mistakes.forEach((mistake, k) => {
      const analysis = analyzeExpression(mistake.expression, environment, { allowGrad: true });
      if (analysis.ok) this.ledger.add([...path, "knownMistakes", k, "expression"], "compile", costOn(analysis.typed));
    });
    for (const { sample, where } of samples) {
      const analysis = analyzeExpression(sample, environment);
      const evaluated = analysis.ok ? Math.min(costOn(analysis.typed), environment.limits.maxCost) : 0;
      this.ledger.add(where, "seed", COST.node * sample.length + evaluated + compared * DOCUMENT_COST.compareEntry * (1 + mistakes.length));
    }
  }

  /** A number, integer or matrix part: its reference and known mistakes are computed on the variant. */
  private valuePart(part: DocumentPart, kind: ValueKind, path: DocumentPath): Pick<PartDefinition<DocumentParams>, "answer" | "reference" | "knownMistakes" | "examples"> {
    const referencePath: DocumentPath = [...path, "reference"];
    const reference = this.source(part.reference, referencePath);
    const requireScalar = (source: ValueSource, where: DocumentPath) => {
      if (kind !== "matrix" && source.type === "expression" && !isScalarShape(source.typed.shape)) {
        throw new DocumentError(DocumentErrorCode.ShapeMismatch, where, `a ${kind} part needs a scalar, but this is ${source.typed.shape.join("×")}`);
      }
      if (source.type === "outputShape") throw new DocumentError(DocumentErrorCode.InvalidReference, where, `a ${kind} part cannot be graded against an output shape`);
    };
    requireScalar(reference, referencePath);
    const mistakes = part.knownMistakes.map((mistake, k) => {
      const where: DocumentPath = [...path, "knownMistakes", k, mistake.expression !== undefined ? "expression" : "value"];
      const source: ValueSource = mistake.expression !== undefined ? { type: "expression", typed: this.typed(mistake.expression, where), path: where } : { type: "literal", value: mistake.value as Json };
      requireScalar(source, where);
      return { id: mistake.id, message: mistake.message, source, where };
    });
    const samples = (list: DocumentSample[], which: "correct" | "wrong") =>
      list.map((sample, j) => {
        const where: DocumentPath = [...path, "samples", which, j];
        if (typeof sample !== "object" || Array.isArray(sample)) return { literal: sample as RawAnswer };
        const typed = this.typed(sample.expression, [...where, "expression"]);
        return { typed, as: sample.as, where };
      });
    const correct = samples(part.samples.correct, "correct");
    const wrong = samples(part.samples.wrong, "wrong");
    this.chargeValuePart(path, reference, mistakes, [...correct, ...wrong]);

    const referenceOn = (params: DocumentParams) => this.valueOf(kind, reference, params, referencePath);
    const sampleOn = (sample: (typeof correct)[number], params: DocumentParams): RawAnswer => {
      if ("literal" in sample) return sample.literal;
      const value = this.valueOf(kind === "matrix" ? "matrix" : "number", { type: "expression", typed: sample.typed, path: sample.where }, params, sample.where);
      return formatSample(value, sample.as);
    };
    return {
      answer: part.answer as AnswerSpecInput,
      reference: referenceOn,
      knownMistakes: (params): KnownMistakeValue[] =>
        mistakes.map(({ id, message, source, where }) => ({ ...(id ? { id } : {}), message, value: this.valueOf(kind, source, params, where) })),
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
  private chargeValuePart(
    path: DocumentPath,
    reference: ValueSource,
    mistakes: { source: ValueSource; where: DocumentPath }[],
    samples: ({ literal: RawAnswer } | { typed: TypedExpression; where: DocumentPath })[],
  ): void {
    const referencePath: DocumentPath = [...path, "reference"];
    if (reference.type === "expression") {
      this.chargeEvaluation(reference.typed, referencePath, "variant");
      this.chargeEvaluation(reference.typed, referencePath, "seed");
    }
    for (const { source, where } of mistakes) if (source.type === "expression") this.chargeEvaluation(source.typed, where, "variant");
    const entries = reference.type === "expression" ? this.entriesOf(reference.typed) : numbersIn(reference.type === "literal" ? reference.value : null);
    for (const sample of samples) {
      if ("typed" in sample) {
        this.chargeEvaluation(sample.typed, sample.where, "seed");
        this.ledger.add(sample.where, "seed", DOCUMENT_COST.renderEntry * this.entriesOf(sample.typed));
      }
    }
    // Each answer validation grades (the reference, its perturbed copy, the samples) is read and compared with the reference and every known mistake.
    const answers = samples.length + 2;
    this.ledger.add([...path, "samples"], "seed", answers * entries * (DOCUMENT_COST.renderEntry + DOCUMENT_COST.compareEntry * (1 + mistakes.length)));
  }

  /** Shape, dimensions and choice parts: literal references, or a network's output shape. */
  private literalPart(part: DocumentPart, path: DocumentPath): Pick<PartDefinition<DocumentParams>, "answer" | "reference" | "knownMistakes" | "examples"> {
    const answer = part.answer;
    const referencePath: DocumentPath = [...path, "reference"];
    if (typeof part.reference === "string") {
      throw new DocumentError(DocumentErrorCode.InvalidReference, referencePath, `a ${answer.kind} part's reference is ${answer.kind === "shape" ? "{ outputShape } or { value }" : "{ value }"}, not an expression`);
    }
    const reference = this.source(part.reference, referencePath);
    if (reference.type === "outputShape") {
      if (answer.kind !== "shape") throw new DocumentError(DocumentErrorCode.InvalidReference, referencePath, `a ${answer.kind} part cannot be graded against an output shape`);
      const batch = this.document.networks[reference.network].input[0];
      if (typeof batch === "string" && !Object.hasOwn(this.document.dimensions, batch) && !answer.symbols.includes(batch)) {
        throw new DocumentError(DocumentErrorCode.InvalidReference, [...path, "answer", "symbols"], `the output shape has the batch symbol ${batch}: list it in symbols`);
      }
    }
    if (answer.kind === "choice") checkChoiceReference(answer.options.map((option) => option.id), reference, referencePath);
    const mistakes = part.knownMistakes.map((mistake, k) => {
      if (mistake.value === undefined) throw new DocumentError(DocumentErrorCode.InvalidField, [...path, "knownMistakes", k], `a ${answer.kind} part's known mistakes are values`);
      return { ...(mistake.id ? { id: mistake.id } : {}), message: mistake.message, value: mistake.value as Json };
    });
    const samples = (list: DocumentSample[], which: "correct" | "wrong") =>
      list.map((sample, j) => {
        if (typeof sample === "object" && !Array.isArray(sample)) throw new DocumentError(DocumentErrorCode.InvalidField, [...path, "samples", which, j], `a ${answer.kind} part's samples are written as a student would`);
        return sample as RawAnswer;
      });
    const correct = samples(part.samples.correct, "correct");
    const wrong = samples(part.samples.wrong, "wrong");
    const referenceOn = (params: DocumentParams) => this.shapeValue(reference, params);
    return {
      answer: answer as AnswerSpecInput,
      reference: referenceOn,
      knownMistakes: () => mistakes,
      examples: (params) => ({ correct: [referenceOn(params) as RawAnswer, ...correct], wrong }),
    };
  }
}

/** Numbers in a literal value: the entries a grading compares. */
function numbersIn(value: Json | null): number {
  if (typeof value === "number") return 1;
  return Array.isArray(value) ? value.reduce((total: number, entry) => total + numbersIn(entry as Json), 0) : 1;
}

function expressionCheckCode(message: string): DocumentErrorCode {
  return /cannot draw a size distinct/.test(message) ? DocumentErrorCode.Unsatisfiable : DocumentErrorCode.InvalidField;
}

function checkChoiceReference(ids: string[], reference: ValueSource, path: DocumentPath): void {
  const value = reference.type === "literal" ? reference.value : null;
  const chosen = typeof value === "string" ? [value] : Array.isArray(value) && value.every((id) => typeof id === "string") ? (value as string[]) : null;
  if (chosen === null || chosen.length === 0) throw new DocumentError(DocumentErrorCode.InvalidReference, path, "a choice part's reference is an option id or a list of them");
  const unknown = chosen.find((id) => !ids.includes(id));
  if (unknown !== undefined) throw new DocumentError(DocumentErrorCode.UnknownName, path, `“${unknown}” is not one of the options`);
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

export type { DocumentParams, SampleLiteral };
