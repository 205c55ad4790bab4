/**
 * The syntax tree. Every node carries an `id` (its index in parse order,
 * stable for one input, used to key shapes and previews) and the span of
 * the text it came from (`start` inclusive, `end` exclusive, in UTF-16 code
 * units; parentheses around a node are not part of its span).
 */
export interface Span {
  start: number;
  end: number;
}

interface NodeBase extends Span {
  id: number;
}

export interface NumberNode extends NodeBase {
  type: "number";
  value: number;
}

/** A quantity (`W0`, `z`) or a dimension used as an integer (`h`). */
export interface NameNode extends NodeBase {
  type: "name";
  name: string;
}

export interface NegateNode extends NodeBase {
  type: "negate";
  operand: ExprNode;
}

export type BinaryOperator = "+" | "-" | "*" | "/" | "@";

export interface BinaryNode extends NodeBase {
  type: "binary";
  operator: BinaryOperator;
  left: ExprNode;
  right: ExprNode;
  /** Where the operator itself was typed, and how (`∘` for a `*`). */
  operatorSpan: Span;
  operatorTyped: string;
}

/** `base ** exponent` with a constant exponent, folded to a number at parse time. */
export interface PowerNode extends NodeBase {
  type: "power";
  base: ExprNode;
  exponent: number;
  exponentSpan: Span;
}

export interface TransposeNode extends NodeBase {
  type: "transpose";
  operand: ExprNode;
}

export interface CallNode extends NodeBase {
  type: "call";
  callee: string;
  calleeSpan: Span;
  args: ExprNode[];
}

export type ExprNode = NumberNode | NameNode | NegateNode | BinaryNode | PowerNode | TransposeNode | CallNode;

/** Children in evaluation order. */
export function childrenOf(node: ExprNode): ExprNode[] {
  switch (node.type) {
    case "number":
    case "name":
      return [];
    case "negate":
    case "transpose":
      return [node.operand];
    case "power":
      return [node.base];
    case "binary":
      return [node.left, node.right];
    case "call":
      return node.args;
  }
}

/** Every node of the tree, children before parents. */
export function postOrder(root: ExprNode): ExprNode[] {
  const out: ExprNode[] = [];
  const visit = (node: ExprNode) => {
    for (const child of childrenOf(node)) visit(child);
    out.push(node);
  };
  visit(root);
  return out;
}

/** Names the expression reads, in order of first use. */
export function namesUsed(root: ExprNode): string[] {
  const names = new Set<string>();
  for (const node of postOrder(root)) if (node.type === "name") names.add(node.name);
  return [...names];
}
