/**
 * Shape inference: every node's shape from the part's declared shapes,
 * before any number is computed. Dimensions stay symbolic (h×d), so a
 * missing transpose is caught whatever sizes are later drawn. There is no
 * broadcasting between non-scalar operands of different shapes: that is the
 * mistake this check exists to catch, and its message names both shapes and,
 * where one fits, the fix.
 */
import type { BinaryNode, CallNode, ExprNode } from "./ast";
import { ExprError, ExprErrorCode } from "./errors";
import { FUNCTIONS, GRAD, isNetworkFunction, JACOBIAN, NETWORK_FUNCTIONS, type ShapeArguments } from "./functions";
import { DOT_SPELLINGS } from "./notation";
import { parseExpression, type ParsedExpression } from "./parser";
import { toCanonical } from "./render";
import { formatShape, isScalarShape, sameShape, transposeShape, type Dim, type Shape } from "./shape";

export interface ShapeScope {
  /** Shape of each quantity the expression may use (variables and definitions). */
  quantityShape(name: string): Shape | undefined;
  /** True for the part's dimension names, usable as integers. */
  isDimension(name: string): boolean;
  /** Every name in scope, for "did you mean" suggestions. */
  names(): Iterable<string>;
  /** Layer stacks usable in layerParams(…), denseParams(…) and outputSize(…), with their number of layers. */
  networkLayers?(name: string): number | undefined;
  /** `grad(f, X)`, `jacobian(f, X)` and the layer-table lookups are for references only. */
  allowGrad: boolean;
}

export interface TypedExpression {
  parsed: ParsedExpression;
  /** Shape of each node, by node id (undefined for size and axis arguments, which are not matrices). */
  shapes: (Shape | undefined)[];
  shape: Shape;
}

/**
 * Shapes of every node, or an ExprError on the first sub-expression (in
 * evaluation order) that does not fit. `shapes` may be passed in to keep the
 * shapes found before an error, for a live preview.
 */
export function inferShapes(
  parsed: ParsedExpression,
  scope: ShapeScope,
  shapes: (Shape | undefined)[] = new Array(parsed.nodeCount),
): TypedExpression {
  const shape = new ShapeChecker(scope, shapes, parsed.source, true).check(parsed.root, false);
  return { parsed, shapes, shape };
}

const OPERATOR_NAMES: Record<BinaryNode["operator"], string> = {
  "+": "+",
  "-": "−",
  "*": "∘",
  "/": "/",
  "@": "@",
};

class ShapeChecker {
  constructor(
    private readonly scope: ShapeScope,
    private readonly shapes: (Shape | undefined)[],
    private readonly source: string,
    /** False while checking a suggestion itself: a suggestion's own hints are never needed. */
    private readonly suggesting: boolean,
  ) {}

  check(node: ExprNode, insideGrad: boolean): Shape {
    const shape = this.shapeOf(node, insideGrad);
    this.shapes[node.id] = shape;
    return shape;
  }

  private shapeOf(node: ExprNode, insideGrad: boolean): Shape {
    switch (node.type) {
      case "number":
        return [1, 1];
      case "name":
        return this.nameShape(node.name, node);
      case "negate":
        return this.check(node.operand, insideGrad);
      case "power":
        return this.check(node.base, insideGrad);
      case "transpose":
        return transposeShape(this.check(node.operand, insideGrad));
      case "binary":
        return this.binaryShape(node, this.check(node.left, insideGrad), this.check(node.right, insideGrad));
      case "call":
        if (node.callee === GRAD) return this.gradShape(node, insideGrad);
        if (node.callee === JACOBIAN) return this.jacobianShape(node, insideGrad);
        if (isNetworkFunction(node.callee)) return this.networkShape(node);
        return this.callShape(node, insideGrad);
    }
  }

  private nameShape(name: string, node: ExprNode): Shape {
    const declared = this.scope.quantityShape(name);
    if (declared) return declared;
    if (this.scope.isDimension(name)) return [1, 1];
    const suggestion = closestName(name, this.scope.names());
    throw new ExprError(
      ExprErrorCode.UnknownName,
      `unknown name ${name}`,
      spanOf(node),
      suggestion ? { hint: `did you mean ${suggestion}?` } : {},
    );
  }

  private binaryShape(node: BinaryNode, left: Shape, right: Shape): Shape {
    if (node.operator === "@" && DOT_SPELLINGS.has(node.operatorTyped) && (isScalarShape(left) || isScalarShape(right))) {
      // A dot with a 1×1 side is a scalar multiple (notation.ts): the node becomes the product it denotes.
      node.operator = "*";
    }
    if (node.operator === "@") {
      if (left[1] === right[0]) return [left[0], right[1]];
      return this.mismatch(
        node,
        left,
        right,
        `@ needs the columns of the left (${left[1]}) to equal the rows of the right (${right[0]})`,
        this.matmulHint(node, left, right),
      );
    }
    if (sameShape(left, right)) return left;
    if (isScalarShape(left)) return right;
    if (isScalarShape(right)) return left;
    return this.mismatch(node, left, right, `${OPERATOR_NAMES[node.operator]} needs equal shapes`, this.elementwiseHint(node, left, right));
  }

  private mismatch(node: BinaryNode, left: Shape, right: Shape, rule: string, hint: string | undefined): never {
    const message =
      `${this.describe(node.left)} is ${formatShape(left)} and ` + `${this.describe(node.right)} is ${formatShape(right)}: ${rule}`;
    throw new ExprError(ExprErrorCode.ShapeMismatch, message, spanOf(node), {
      hint,
      shapes: { operator: node.operatorTyped, left, right },
    });
  }

  /**
   * For an elementwise op: a transpose that makes the shapes equal (the one
   * that turns a row into a column first, since vectors are columns), else
   * the matrix product if it fits.
   */
  private elementwiseHint(node: BinaryNode, left: Shape, right: Shape): string | undefined {
    const candidates: { node: ExprNode; shape: Shape }[] = [];
    if (sameShape(transposeShape(left), right)) candidates.push({ node: node.left, shape: transposeShape(left) });
    if (sameShape(transposeShape(right), left)) candidates.push({ node: node.right, shape: transposeShape(right) });
    candidates.sort((a, b) => Number(b.shape[1] === 1) - Number(a.shape[1] === 1));
    for (const candidate of candidates) {
      const fix = this.transposed(candidate.node);
      if (this.typeChecks(candidate.node, fix)) return `did you mean ${fix}?`;
    }
    if (left[1] === right[0] && this.typeChecks(node, `${this.operand(node.left)} @ ${this.operand(node.right)}`))
      return "did you mean @ (the matrix product)?";
    return undefined;
  }

  private matmulHint(node: BinaryNode, left: Shape, right: Shape): string | undefined {
    if (isScalarShape(left) || isScalarShape(right)) return "use * to multiply by a scalar";
    // Undoing a transpose the student wrote comes before adding one.
    const candidates = [
      left[0] === right[0]
        ? { undoes: node.left.type === "transpose", fix: `${this.transposed(node.left)} @ ${this.operand(node.right)}` }
        : null,
      left[1] === right[1]
        ? { undoes: node.right.type === "transpose", fix: `${this.operand(node.left)} @ ${this.transposed(node.right)}` }
        : null,
    ].filter((candidate) => candidate !== null);
    candidates.sort((a, b) => Number(b.undoes) - Number(a.undoes));
    for (const { fix } of candidates) if (this.typeChecks(node, fix)) return `did you mean ${fix}?`;
    if (sameShape(left, right) && this.typeChecks(node, `${this.operand(node.left)} * ${this.operand(node.right)}`))
      return "did you mean * (the elementwise product)?";
    return undefined;
  }

  /**
   * True when the whole input, with `node` replaced by `replacement`,
   * differs from it, parses and shape-checks in the same scope (or fails
   * only after the replacement): a suggestion is offered only then.
   */
  private typeChecks(node: ExprNode, replacement: string): boolean {
    if (!this.suggesting) return false;
    const original = this.source.slice(node.start, node.end);
    if (replacement.replace(/\s+/g, "") === original.replace(/\s+/g, "")) return false;
    const text = `${this.source.slice(0, node.start)}${replacement}${this.source.slice(node.end)}`;
    try {
      const parsed = parseExpression(text, { names: new Set(this.scope.names()) });
      new ShapeChecker(this.scope, new Array(parsed.nodeCount), text, false).check(parsed.root, false);
      return true;
    } catch (error) {
      if (error instanceof ExprError) return error.offset >= node.start + replacement.length;
      throw error;
    }
  }

  private gradShape(node: CallNode, insideGrad: boolean): Shape {
    const { output, outputShape, variableShape } = this.derivativeArguments(node, insideGrad);
    if (!isScalarShape(outputShape)) {
      throw new ExprError(
        ExprErrorCode.ShapeMismatch,
        `grad(f, X) needs a scalar f, but ${this.describe(output)} is ${formatShape(outputShape)}`,
        spanOf(output),
      );
    }
    return variableShape;
  }

  /** len(f)×len(X): vectors and scalars only (see JACOBIAN). */
  private jacobianShape(node: CallNode, insideGrad: boolean): Shape {
    const { output, outputShape, variable, variableShape } = this.derivativeArguments(node, insideGrad);
    const length = (shape: Shape, argument: ExprNode, role: string): Dim => {
      if (shape[1] === 1) return shape[0];
      if (shape[0] === 1) return shape[1];
      throw new ExprError(
        ExprErrorCode.ShapeMismatch,
        `jacobian(f, X) needs a vector or scalar ${role}, but ${this.describe(argument)} ` +
          `is ${formatShape(shape)}; for a matrix take grad of a scalar`,
        spanOf(argument),
      );
    };
    return [length(outputShape, output, "f"), length(variableShape, variable, "X")];
  }

  /** The arguments of grad(f, X) and jacobian(f, X): a reference-only call, not nested, with X the name of a quantity. */
  private derivativeArguments(
    node: CallNode,
    insideGrad: boolean,
  ): { output: ExprNode; outputShape: Shape; variable: ExprNode; variableShape: Shape } {
    const callee = node.callee;
    if (!this.scope.allowGrad || insideGrad) {
      throw new ExprError(
        ExprErrorCode.GradNotAllowed,
        insideGrad ? `${callee}(…) cannot be nested in grad(…) or jacobian(…)` : `${callee}(…) is available in references only`,
        { offset: node.calleeSpan.start, length: node.calleeSpan.end - node.calleeSpan.start },
      );
    }
    this.expectArity(node, 2, 2);
    const [output, variable] = node.args;
    const outputShape = this.check(output, true);
    const variableShape = variable.type === "name" ? this.scope.quantityShape(variable.name) : undefined;
    if (variable.type !== "name" || variableShape === undefined) {
      throw new ExprError(ExprErrorCode.InvalidArgument, `${callee}(f, X) needs the name of a quantity as X`, spanOf(variable));
    }
    this.shapes[variable.id] = variableShape;
    return { output, outputShape, variable, variableShape };
  }

  /**
   * layerParams(net, i), denseParams(net, i), outputSize(net, i, d): a
   * scalar read from a layer table, wherever the environment declares
   * networks (a problem's own numbers: its definitions and references;
   * never a student's answer, whose environment has none, so that no
   * answer can read a table). The network is a declared name, the
   * layer a whole number from 1 to its number of layers, the size index a
   * whole number (checked against the table's rank when it is evaluated,
   * since Flatten changes the rank).
   */
  private networkShape(node: CallNode): Shape {
    const callee = node.callee as keyof typeof NETWORK_FUNCTIONS;
    const count = NETWORK_FUNCTIONS[callee].arguments;
    this.expectArity(node, count, count);
    const [network, layer, size] = node.args;
    const layers = network.type === "name" ? this.scope.networkLayers?.(network.name) : undefined;
    if (network.type !== "name" || layers === undefined) {
      throw new ExprError(
        ExprErrorCode.InvalidArgument,
        `the first argument of ${callee}(…) must name a network of the problem`,
        spanOf(network),
      );
    }
    if (layer.type !== "number" || !Number.isInteger(layer.value) || layer.value < 1 || layer.value > layers) {
      throw new ExprError(
        ExprErrorCode.InvalidArgument,
        `the layer of ${callee}(…) must be a whole number from 1 to ${layers}`,
        spanOf(layer),
      );
    }
    if (size !== undefined && (size.type !== "number" || !Number.isInteger(size.value) || size.value < 0)) {
      throw new ExprError(
        ExprErrorCode.InvalidArgument,
        `the size index of ${callee}(…) must be a whole number from 0 (the batch) up`,
        spanOf(size),
      );
    }
    return [1, 1];
  }

  private callShape(node: CallNode, insideGrad: boolean): Shape {
    const definition = FUNCTIONS.get(node.callee);
    if (!definition) {
      throw new ExprError(ExprErrorCode.UnknownFunction, `unknown function ${node.callee}`, spanOf(node));
    }
    this.expectArity(node, definition.required, definition.parameters.length);
    const args: ShapeArguments = { shapes: [], sizes: [], axis: null };
    node.args.forEach((arg, i) => {
      const kind = definition.parameters[i];
      if (kind === "matrix") args.shapes.push(this.check(arg, insideGrad));
      else if (kind === "size") args.sizes.push(this.sizeArgument(arg, node.callee));
      else args.axis = this.axisArgument(arg, node.callee);
    });
    const result = definition.shape(args);
    if ("problem" in result) {
      const shown = args.shapes.map(formatShape).join(" and ");
      throw new ExprError(ExprErrorCode.ShapeMismatch, `${result.problem}, but got ${shown}`, spanOf(node));
    }
    return result;
  }

  private expectArity(node: CallNode, min: number, max: number): void {
    if (node.args.length >= min && node.args.length <= max) return;
    const expected = min === max ? `${min}` : `${min} or ${max}`;
    throw new ExprError(
      ExprErrorCode.WrongArgumentCount,
      `${node.callee} takes ${expected} argument${max === 1 ? "" : "s"}, but got ${node.args.length}`,
      spanOf(node),
    );
  }

  /** A size is a dimension name or a positive whole number. */
  private sizeArgument(arg: ExprNode, callee: string): Dim {
    if (arg.type === "number" && Number.isInteger(arg.value) && arg.value >= 1) return arg.value;
    if (arg.type === "name" && this.scope.isDimension(arg.name)) return arg.name;
    throw new ExprError(
      ExprErrorCode.InvalidArgument,
      `the sizes of ${callee}(…) must be dimension names or positive whole numbers`,
      spanOf(arg),
    );
  }

  private axisArgument(arg: ExprNode, callee: string): 0 | 1 {
    if (arg.type === "number" && (arg.value === 0 || arg.value === 1)) return arg.value;
    throw new ExprError(
      ExprErrorCode.InvalidArgument,
      `the axis of ${callee}(…) must be 0 (down the rows) or 1 (along the columns)`,
      spanOf(arg),
    );
  }

  /** How a message names a sub-expression: its canonical text while short, its source text otherwise. */
  private describe(node: ExprNode): string {
    const text = toCanonical(node);
    if (text.length <= 32) return text;
    const typed = this.source.slice(node.start, node.end);
    return typed.length <= 32 ? typed : `${typed.slice(0, 29)}…`;
  }

  /** The node transposed, as a student would write it: a transpose undone rather than doubled (W1.T → W1, not W1.T.T). */
  private transposed(node: ExprNode): string {
    if (node.type === "transpose") return this.operand(node.operand);
    const text = this.describe(node);
    return node.type === "name" || node.type === "call" ? `${text}.T` : `(${text}).T`;
  }

  /** The node as an operand of a product: in parentheses unless it binds tighter. */
  private operand(node: ExprNode): string {
    const text = this.describe(node);
    return node.type === "binary" || node.type === "negate" ? `(${text})` : text;
  }
}

function spanOf(node: ExprNode): { offset: number; length: number } {
  return { offset: node.start, length: node.end - node.start };
}

/**
 * The name in scope closest to a mistyped one (`w_0` → `W0`, `sigmiod` is
 * not a name but `hiden` → `hidden`), if any is close. One edit is allowed
 * only between names of three letters or more: any one-letter name is one
 * edit from any other, and "unknown name z; did you mean d?" helps no one.
 */
export function closestName(typed: string, names: Iterable<string>): string | undefined {
  const normal = (name: string) => name.toLowerCase().replace(/[_{}()^]/g, "");
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    if (name === typed) continue;
    const distance = normal(typed) === normal(name) ? 0 : Math.min(typed.length, name.length) >= 3 ? editDistance(typed, name) : 2;
    if (distance <= 1 && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 1) return 2;
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}
