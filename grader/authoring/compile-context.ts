/**
 * What compiling one document shares between the problem and its parts: the
 * document and its environment, the cost ledger, and the helpers that type
 * an expression, charge its cost and compute its value on a variant.
 */
import type { Tensor } from "../autograd";
import { analyzeExpression, evaluate, evaluationCost, type Environment, type TypedExpression } from "../expr";
import { COST } from "../expr/cost";
import { concreteShape as concreteExprShape } from "../expr/shape";
import type { Json } from "../problems/types";
import { CostLedger, DOCUMENT_COST, type CostCaps, type CostStage } from "./cost";
import { concreteShape, dimensionBounds, type DocumentParams } from "./draw";
import { documentCode, variantInstance } from "./environment";
import { DocumentError, DocumentErrorCode, type DocumentPath } from "./errors";
import { resolveNetwork } from "./networks";
import { renderTemplate, type TemplateScope, type TemplateSegment, type TemplateValues } from "./placeholders";
import type { DocumentPart, ProblemDocument } from "./schema";

export type ValueKind = "number" | "integer" | "matrix";
export const VALUE_KINDS: readonly string[] = ["number", "integer", "matrix"];

/** How a part gets a value on a variant: an expression, a literal, or a network's output shape. */
export type ValueSource =
  | { type: "expression"; typed: TypedExpression; path: DocumentPath }
  | { type: "literal"; value: Json }
  | { type: "outputShape"; network: string; layer: number };

export class CompileContext {
  readonly scope: TemplateScope;
  readonly largestDimensions: Record<string, number>;
  readonly ledger: CostLedger;

  constructor(
    readonly document: ProblemDocument,
    readonly environment: Environment,
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
    this.largestDimensions = Object.fromEntries(
      Object.entries(document.dimensions).map(([name, dimension]) => [name, dimensionBounds(dimension).max]),
    );
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

  render(segments: readonly TemplateSegment[], params: DocumentParams): string {
    return renderTemplate(segments, this.templateValues(params), this.scope);
  }

  private evaluateOn(typed: TypedExpression, params: DocumentParams): Tensor {
    return evaluate(typed, this.environment, variantInstance(this.document, params));
  }

  // -------------------------------------------------------------- expressions

  /** An expression of the problem's own numbers, shape-checked, within the cost cap at the largest sizes. */
  typed(source: string, path: DocumentPath): TypedExpression {
    const analysis = analyzeExpression(source, this.environment, { allowGrad: true });
    if (!analysis.ok) throw new DocumentError(documentCode(analysis.error.code), path, `${analysis.error.message} (in “${source}”)`);
    const cost = evaluationCost(analysis.typed, this.environment, this.largestDimensions);
    if (cost > this.environment.limits.maxCost) {
      throw new DocumentError(
        DocumentErrorCode.TooLarge,
        path,
        `computing “${source}” at the largest sizes would cost ${cost.toExponential(2)} ` +
          `units; at most ${this.environment.limits.maxCost.toExponential(2)} are allowed`,
      );
    }
    return analysis.typed;
  }

  // -------------------------------------------------------------- costs (cost.ts)

  /** Entries of an expression's value at the largest sizes. */
  entriesOf(typed: TypedExpression, dims: Readonly<Record<string, number>> = this.largestDimensions): number {
    const [rows, cols] = concreteExprShape(typed.shape, dims);
    return rows * cols;
  }

  /** One evaluation on a variant's draws (a fresh evaluator: every definition it reads is computed again), and reading its value. */
  chargeEvaluation(typed: TypedExpression, path: DocumentPath, stage: CostStage, times = 1): void {
    const once = evaluationCost(typed, this.environment, this.largestDimensions) + DOCUMENT_COST.readEntry * this.entriesOf(typed);
    this.ledger.add(path, stage, times * once);
  }

  /** Drawing each variable, and turning it into a tensor for evaluation, on every variant. */
  chargeDraws(): void {
    for (const [name, variable] of Object.entries(this.document.variables)) {
      const [rows, cols] = concreteShape(variable.shape, this.largestDimensions);
      this.ledger.add(["variables", name], "variant", (DOCUMENT_COST.drawEntry + COST.copy) * rows * cols);
    }
  }

  /** Rendering a template on a variant: each quantity written out, and each definition computed for it. */
  chargeTemplate(segments: readonly TemplateSegment[], path: DocumentPath): void {
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

  // -------------------------------------------------------------- references

  source(reference: DocumentPart["reference"], path: DocumentPath): ValueSource {
    // Optional in the schema only because a free-text part has none; every graded kind needs one.
    if (reference === undefined) throw new DocumentError(DocumentErrorCode.InvalidField, path, "this part needs a reference");
    if (typeof reference === "string") return { type: "expression", typed: this.typed(reference, path), path };
    if ("value" in reference) return { type: "literal", value: reference.value };
    const { network, layer } = reference.outputShape;
    if (!Object.hasOwn(this.document.networks, network))
      throw new DocumentError(
        DocumentErrorCode.UnknownName,
        [...path, "outputShape", "network"],
        `${network} is not a network of this problem`,
      );
    const layers = this.document.networks[network].layers.length;
    if (layer > layers)
      throw new DocumentError(
        DocumentErrorCode.InvalidReference,
        [...path, "outputShape", "layer"],
        `${network} has layers 1 to ${layers}`,
      );
    return { type: "outputShape", network, layer };
  }

  /** A value kind's value on a variant, in the kind's reference form; throws DocumentError at `path` for a value that does not fit. */
  valueOf(kind: ValueKind, source: ValueSource, params: DocumentParams, path: DocumentPath): Json {
    if (source.type === "literal") return source.value;
    if (source.type === "outputShape")
      throw new DocumentError(DocumentErrorCode.InvalidReference, path, `a ${kind} part cannot be graded against an output shape`);
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

  shapeValue(source: ValueSource, params: DocumentParams): Json {
    if (source.type === "literal") return source.value;
    const { network, layer } = source as Extract<ValueSource, { type: "outputShape" }>;
    return resolveNetwork(this.document.networks[network], params.dimensions).table[layer - 1].outputShape;
  }
}
