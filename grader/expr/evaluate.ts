/**
 * Evaluation with the engine's float64 tensors, and its cost, counted from
 * the shapes before anything is computed so that the cost cap holds.
 *
 * Every value is a 2-D tensor (a scalar is 1×1); the engine's broadcasting
 * only ever meets a 1×1 operand here, because shape checking has already
 * refused every other mismatch.
 */
import { gradients, jacobian, Tensor } from "../autograd";
import type { BinaryNode, CallNode, ExprNode } from "./ast";
import type { Environment } from "./environment";
import { ExprError, ExprErrorCode } from "./errors";
import { FUNCTIONS, GRAD, isNetworkFunction, JACOBIAN, type EvaluationArguments, type NetworkFunctionName } from "./functions";
import type { Instance } from "./instances";
import { COST, matrixProductCost } from "./cost";
import { concreteShape, SCALAR_SHAPE } from "./shape";
import type { TypedExpression } from "./shapes";

/**
 * `definitionValues` may be passed to share the definitions' values between
 * evaluations on the same instance of the same environment (grading
 * evaluates every answer on the same K instances, and a definition such as
 * z = σ(W0 x + b0) depends on the instance only); it is filled as they are
 * read. Values are never changed once computed, so sharing them is safe.
 */
export function evaluate(
  typed: TypedExpression,
  environment: Environment,
  instance: Instance,
  definitionValues: Map<string, Tensor> = new Map(),
): Tensor {
  return new Evaluator(environment, instance, new Map(), definitionValues).evaluate(typed.parsed.root);
}

class Evaluator {
  constructor(
    private readonly environment: Environment,
    private readonly instance: Instance,
    /** Quantities replaced by leaves that require grad, inside grad(…). */
    private readonly overrides: ReadonlyMap<string, Tensor>,
    /** Definitions' values computed so far; a fresh map wherever `overrides` differ, as they depend on them. */
    private readonly definitionValues: Map<string, Tensor> = new Map(),
  ) {}

  evaluate(node: ExprNode): Tensor {
    switch (node.type) {
      case "number":
        return scalar(node.value);
      case "name":
        return this.value(node.name);
      case "negate":
        return this.evaluate(node.operand).neg();
      case "power":
        return this.evaluate(node.base).pow(node.exponent);
      case "transpose":
        return this.evaluate(node.operand).transpose(0, 1);
      case "binary":
        return this.binary(node);
      case "call":
        if (node.callee === GRAD) return this.gradient(node.args[0], node.args[1]);
        if (node.callee === JACOBIAN) return this.jacobian(node.args[0], node.args[1]);
        if (isNetworkFunction(node.callee)) return this.tableEntry(node, node.callee);
        return this.call(node);
    }
  }

  private binary(node: BinaryNode): Tensor {
    const left = this.evaluate(node.left);
    const right = this.evaluate(node.right);
    switch (node.operator) {
      case "+":
        return left.add(right);
      case "-":
        return left.sub(right);
      case "*":
        return left.mul(right);
      case "/":
        return left.div(right);
      case "@":
        return left.matmul(right);
    }
  }

  private value(name: string): Tensor {
    const override = this.overrides.get(name) ?? this.instance.values.get(name);
    if (override) return override;
    const cached = this.definitionValues.get(name);
    if (cached) return cached;
    const definition = this.environment.definitions.get(name);
    if (definition) {
      const value = this.evaluate(definition.parsed.root);
      this.definitionValues.set(name, value);
      return value;
    }
    return scalar(this.instance.dims[name]);
  }

  private call(node: CallNode): Tensor {
    const definition = FUNCTIONS.get(node.callee);
    if (!definition)
      throw new ExprError(ExprErrorCode.UnknownFunction, `unknown function ${node.callee}`, {
        offset: node.start,
        length: node.end - node.start,
      });
    const args: EvaluationArguments = { tensors: [], sizes: [], axis: null };
    node.args.forEach((arg, i) => {
      const kind = definition.parameters[i];
      if (kind === "matrix") args.tensors.push(this.evaluate(arg));
      else if (kind === "size") args.sizes.push(arg.type === "number" ? arg.value : this.instance.dims[(arg as { name: string }).name]);
      else args.axis = (arg as { value: 0 | 1 }).value;
    });
    return definition.evaluate(args);
  }

  /**
   * ∂f/∂X in X's shape (PyTorch's .grad layout), through the engine's
   * backward: X becomes a leaf that requires grad and f is recomputed from
   * it, definitions included, so grad(y, W0) follows y through z to W0,
   * while grad(y, z) holds z fixed as the handout's ∂y/∂z does.
   */
  private gradient(output: ExprNode, variable: ExprNode): Tensor {
    const name = (variable as { name: string }).name;
    const current = this.value(name);
    const leaf = new Tensor(current.data, current.shape, { requiresGrad: true });
    const inner = new Evaluator(this.environment, this.instance, new Map([...this.overrides, [name, leaf]]));
    const result = inner.evaluate(output);
    if (!result.requiresGrad) return new Tensor(new Float64Array(leaf.numel), leaf.shape);
    const [grad] = gradients(result, new Float64Array([1]), [leaf]);
    return new Tensor(grad, leaf.shape);
  }

  /**
   * J[i, j] = ∂fᵢ/∂Xⱼ for vectors f and X (shape checking refused the
   * rest), through the engine's reverse-mode jacobian: one backward pass
   * per entry of f, with X a leaf as in gradient().
   */
  private jacobian(output: ExprNode, variable: ExprNode): Tensor {
    const name = (variable as { name: string }).name;
    const current = this.value(name);
    const full = jacobian(
      (leaf) => new Evaluator(this.environment, this.instance, new Map([...this.overrides, [name, leaf]])).evaluate(output),
      current,
    );
    // full is [f rows, f cols, X rows, X cols]; one of each pair is 1.
    const fLength = full.shape[0] * full.shape[1];
    return new Tensor(full.data, [fLength, current.numel]);
  }

  /** A scalar from a layer table (shape checking has checked the network's name and the layer's range). */
  private tableEntry(node: CallNode, callee: NetworkFunctionName): Tensor {
    const [network, layer, size] = node.args as unknown as [{ name: string }, { value: number }, { value: number } | undefined];
    const rows = this.instance.networks?.get(network.name);
    const row = rows?.[layer.value - 1];
    const fail = (message: string) =>
      new ExprError(ExprErrorCode.InvalidArgument, message, { offset: node.start, length: node.end - node.start });
    if (!row) throw fail(`no table for layer ${layer.value} of ${network.name} in this instance`);
    if (callee === "layerParams") return scalar(row.params);
    if (callee === "layerBuffers") return scalar(row.buffers);
    if (callee === "denseParams") {
      if (row.denseParams === null) throw fail(`layer ${layer.value} of ${network.name} is not a convolution: it has no dense equivalent`);
      return scalar(row.denseParams);
    }
    const entry = row.outputShape[size!.value];
    if (typeof entry !== "number") {
      throw fail(
        `size ${size!.value} of layer ${layer.value}'s output ` +
          `${entry === undefined ? "does not exist" : `is the symbol ${entry}`} (shape (${row.outputShape.join(", ")}))`,
      );
    }
    return scalar(entry);
  }
}

function scalar(value: number): Tensor {
  return new Tensor(new Float64Array([value]), [1, 1]);
}

/**
 * Estimated cost (cost.ts) of evaluating `typed` on an instance with these
 * sizes: each node by its kind and shapes, plus each definition the
 * expression reads (once), and three times the inner cost of a grad(…)
 * (a forward and a backward that recompute it).
 */
export function evaluationCost(typed: TypedExpression, environment: Environment, dims: Readonly<Record<string, number>>): number {
  return new CostCounter(environment, dims).costOf(typed, typed.parsed.root);
}

/**
 * The walk behind evaluationCost. A class rather than closures made per
 * call: every answer is costed on each of its K instances, and the worker
 * threads run the grader through tsx, whose esbuild `keepNames` wraps each
 * closure made in a call with a property definition, half of a
 * grading's CPU before this was a class (BENCHMARKS.md, "Grading pool").
 */
class CostCounter {
  /** Definitions already counted: a definition is evaluated once per evaluator, so counted the first time it is read. */
  private readonly counted = new Set<string>();

  constructor(
    private readonly environment: Environment,
    private readonly dims: Readonly<Record<string, number>>,
  ) {}

  costOf(expression: TypedExpression, node: ExprNode): number {
    const [rows, cols] = this.shapeOf(expression, node);
    const entries = rows * cols;
    switch (node.type) {
      case "number":
        return COST.node;
      case "name":
        return COST.node + this.definitionCost(node.name);
      case "negate":
        return COST.node + COST.arithmetic * entries + this.costOf(expression, node.operand);
      case "transpose":
        return COST.node + COST.copy * entries + this.costOf(expression, node.operand);
      case "power":
        return COST.node + COST.transcendental * entries + this.costOf(expression, node.base);
      case "binary": {
        const [m, k] = this.shapeOf(expression, node.left);
        const own = node.operator === "@" ? matrixProductCost(m, k, this.shapeOf(expression, node.right)[1]) : COST.arithmetic * entries;
        return COST.node + own + (this.costOf(expression, node.left) + this.costOf(expression, node.right));
      }
      case "call": {
        if (node.callee === GRAD) return COST.node + 3 * this.gradInnerCost(expression, node.args[0]);
        // A forward, then one backward (about twice a forward) per entry of f.
        if (node.callee === JACOBIAN) {
          const [fRows, fCols] = this.shapeOf(expression, node.args[0]);
          return COST.node + (1 + 2 * fRows * fCols) * this.gradInnerCost(expression, node.args[0]);
        }
        if (isNetworkFunction(node.callee)) return COST.node;
        const definition = FUNCTIONS.get(node.callee);
        const matrixArgs = node.args.filter((_, i) => definition?.parameters[i] === "matrix");
        const own = definition
          ? definition.cost(
              matrixArgs.map((arg) => this.shapeOf(expression, arg)),
              [rows, cols],
            )
          : 0;
        let children = 0;
        for (const arg of matrixArgs) children += this.costOf(expression, arg);
        return COST.node + own + children;
      }
    }
  }

  private shapeOf(expression: TypedExpression, node: ExprNode): [number, number] {
    return concreteShape(expression.shapes[node.id] ?? SCALAR_SHAPE, this.dims);
  }

  private definitionCost(name: string): number {
    const definition = this.environment.definitions.get(name);
    if (!definition || this.counted.has(name)) return 0;
    this.counted.add(name);
    return this.costOf(definition, definition.parsed.root);
  }

  /** grad(…) evaluates f in a fresh evaluator, which recomputes every definition it reads. */
  private gradInnerCost(expression: TypedExpression, output: ExprNode): number {
    const outside = [...this.counted];
    this.counted.clear();
    const inner = this.costOf(expression, output);
    this.counted.clear();
    for (const name of outside) this.counted.add(name);
    return inner;
  }
}
