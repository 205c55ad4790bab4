/**
 * A recursive-descent parser with Python's precedence, from loosest to
 * tightest:
 *
 *   a + b, a - b          left-associative
 *   a * b, a / b, a @ b   left-associative, one level (as in Python)
 *   -a                    prefix minus (so -x**2 is -(x**2))
 *   a ** p, a ^ p         right-associative; p is a constant number
 *   a.T, f(args)          postfix
 *
 * There is no `eval` and no implicit product: `2 z` and `W1(x)` are errors
 * that say which operator is missing. Input length, nesting depth and tree
 * size are capped (limits.ts) before any shape or value is computed.
 */
import type { BinaryOperator, ExprNode, Span } from "./ast";
import { evaluateArithmetic, floatArithmetic } from "./constant";
import { ExprError, ExprErrorCode } from "./errors";
import { FUNCTIONS, isFunctionName } from "./functions";
import { resolveLimits, type ExprLimits } from "./limits";
import { tokenize, type Token } from "./tokenizer";

export interface ParsedExpression {
  source: string;
  root: ExprNode;
  /** Number of nodes; ids run from 0 to nodeCount - 1. */
  nodeCount: number;
}

export interface ParseOptions {
  limits?: Partial<ExprLimits>;
}

/** Parses `source`, or throws an ExprError located in it. Never throws anything else. */
export function parseExpression(source: string, options: ParseOptions = {}): ParsedExpression {
  const limits = resolveLimits(options.limits);
  if (source.length > limits.maxLength) {
    throw new ExprError(
      ExprErrorCode.InputTooLong,
      `the expression is ${source.length} characters long; at most ${limits.maxLength} are allowed`,
      { offset: limits.maxLength, length: source.length - limits.maxLength },
    );
  }
  if (source.trim() === "") {
    throw new ExprError(ExprErrorCode.EmptyInput, "the expression is empty", { offset: 0, length: source.length });
  }
  const parser = new Parser(source, tokenize(source), limits);
  const root = parser.parseAll();
  return { source, root, nodeCount: parser.nodeCount };
}

const ADDITIVE = new Set(["+", "-"]);
const MULTIPLICATIVE = new Set(["*", "/", "@"]);

class Parser {
  private position = 0;
  private depth = 0;
  nodeCount = 0;
  /** The span of a parenthesised node with its parentheses, so that `(a) @ b` starts at the "(". */
  private readonly withParentheses = new WeakMap<ExprNode, Span>();

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
    private readonly limits: ExprLimits,
  ) {}

  parseAll(): ExprNode {
    const root = this.parseAdditive();
    const next = this.peek();
    if (next.kind === "rparen") {
      throw new ExprError(ExprErrorCode.UnexpectedToken, "this “)” closes no “(”", next);
    }
    if (next.kind !== "end") throw this.unexpected(next);
    return root;
  }

  private outer(node: ExprNode): Span {
    return this.withParentheses.get(node) ?? node;
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private advance(): Token {
    return this.tokens[this.position++];
  }

  private node<T extends Omit<ExprNode, "id">>(fields: T): T & { id: number } {
    if (this.nodeCount >= this.limits.maxNodes) {
      throw new ExprError(ExprErrorCode.TooLarge, `the expression has more than ${this.limits.maxNodes} parts`, {
        offset: fields.start,
        length: fields.end - fields.start,
      });
    }
    return { ...fields, id: this.nodeCount++ };
  }

  private enter(at: Token): void {
    if (++this.depth > this.limits.maxDepth) {
      throw new ExprError(ExprErrorCode.TooDeep, `the expression nests deeper than ${this.limits.maxDepth} levels`, at);
    }
  }

  private leave(): void {
    this.depth--;
  }

  private parseAdditive(): ExprNode {
    let left = this.parseMultiplicative();
    while (this.peek().kind === "op" && ADDITIVE.has(this.peek().text)) {
      left = this.binary(left, this.advance(), this.parseMultiplicative());
    }
    return left;
  }

  private parseMultiplicative(): ExprNode {
    let left = this.parseUnary();
    for (;;) {
      const next = this.peek();
      if (next.kind === "op" && MULTIPLICATIVE.has(next.text)) {
        this.advance();
        left = this.binary(left, next, this.parseUnary());
      } else if (next.kind === "number" || next.kind === "name" || next.kind === "lparen") {
        throw new ExprError(
          ExprErrorCode.MissingOperator,
          `missing operator before “${this.source.slice(next.offset, next.offset + next.length)}”`,
          next,
          { hint: "write @ for the matrix product or * for the elementwise product" },
        );
      } else {
        return left;
      }
    }
  }

  private binary(left: ExprNode, operator: Token, right: ExprNode): ExprNode {
    return this.node({
      type: "binary",
      operator: operator.text as BinaryOperator,
      left,
      right,
      start: this.outer(left).start,
      end: this.outer(right).end,
      operatorSpan: { start: operator.offset, end: operator.offset + operator.length },
      operatorTyped: operator.typed ?? operator.text,
    });
  }

  private parseUnary(): ExprNode {
    const next = this.peek();
    if (next.kind === "op" && (next.text === "-" || next.text === "+")) {
      this.advance();
      this.enter(next);
      const operand = this.parseUnary();
      this.leave();
      if (next.text === "+") return operand;
      return this.node({ type: "negate", operand, start: next.offset, end: this.outer(operand).end });
    }
    return this.parsePower();
  }

  private parsePower(): ExprNode {
    const base = this.parsePostfix();
    const next = this.peek();
    if (next.kind !== "op" || next.text !== "**") return base;
    this.advance();
    this.enter(next);
    const exponentNode = this.parseUnary();
    this.leave();
    const exponent = foldConstant(exponentNode);
    if (exponent === null) {
      throw new ExprError(ExprErrorCode.ExponentNotConstant, "an exponent must be a constant number", {
        offset: exponentNode.start,
        length: exponentNode.end - exponentNode.start,
      });
    }
    return this.node({
      type: "power",
      base,
      exponent,
      exponentSpan: { start: exponentNode.start, end: exponentNode.end },
      start: this.outer(base).start,
      end: this.outer(exponentNode).end,
    });
  }

  private parsePostfix(): ExprNode {
    let operand = this.parsePrimary();
    while (this.peek().kind === "transpose") {
      const mark = this.advance();
      operand = this.node({ type: "transpose", operand, start: this.outer(operand).start, end: mark.offset + mark.length });
    }
    return operand;
  }

  private parsePrimary(): ExprNode {
    const token = this.advance();
    switch (token.kind) {
      case "number":
        return this.node({ type: "number", value: Number(token.text), start: token.offset, end: token.offset + token.length });
      case "name":
        return this.parseNameOrCall(token);
      case "lparen": {
        this.enter(token);
        const inner = this.parseAdditive();
        this.leave();
        const close = this.expectClosing(token);
        this.withParentheses.set(inner, { start: token.offset, end: close.offset + 1 });
        return inner;
      }
      case "end":
        throw new ExprError(ExprErrorCode.UnexpectedEnd, "the expression ends where an operand is expected", token);
      default:
        throw this.unexpected(token);
    }
  }

  private parseNameOrCall(token: Token): ExprNode {
    const span: Span = { start: token.offset, end: token.offset + token.length };
    const typed = this.source.slice(span.start, span.end);
    const isFunction = isFunctionName(token.text);
    if (this.peek().kind !== "lparen") {
      if (isFunction) {
        throw new ExprError(ExprErrorCode.InvalidArgument, `${typed} is a function: write ${token.text}(…)`, token);
      }
      return this.node({ type: "name", name: token.text, ...span });
    }
    if (!isFunction) {
      const suggestion = suggestFunction(token.text);
      if (suggestion) {
        throw new ExprError(ExprErrorCode.UnknownFunction, `unknown function ${typed}`, token, { hint: `did you mean ${suggestion}?` });
      }
      throw new ExprError(ExprErrorCode.MissingOperator, `${typed} is not a function`, token, {
        hint: `write ${typed} @ (…) for a matrix product or ${typed} * (…) for an elementwise one`,
      });
    }
    const open = this.advance();
    this.enter(open);
    const args: ExprNode[] = [];
    if (this.peek().kind !== "rparen") {
      for (;;) {
        args.push(this.parseAdditive());
        if (this.peek().kind !== "comma") break;
        this.advance();
      }
    }
    this.leave();
    const close = this.expectClosing(open);
    return this.node({ type: "call", callee: token.text, calleeSpan: span, args, start: span.start, end: close.offset + 1 });
  }

  private expectClosing(open: Token): Token {
    const next = this.peek();
    if (next.kind === "rparen") return this.advance();
    if (next.kind === "end") {
      throw new ExprError(ExprErrorCode.UnclosedParenthesis, "this “(” is never closed", open);
    }
    if (next.kind === "number" || next.kind === "name" || next.kind === "lparen") {
      throw new ExprError(
        ExprErrorCode.MissingOperator,
        `missing operator before “${this.source.slice(next.offset, next.offset + next.length)}”`,
        next,
        { hint: "write @ for the matrix product or * for the elementwise product" },
      );
    }
    throw this.unexpected(next);
  }

  private unexpected(token: Token): ExprError {
    if (token.kind === "end") {
      return new ExprError(ExprErrorCode.UnexpectedEnd, "the expression ends where an operand is expected", token);
    }
    const text = this.source.slice(token.offset, token.offset + token.length);
    return new ExprError(ExprErrorCode.UnexpectedToken, `unexpected “${text}”`, token);
  }
}

/** The value of an exponent made only of numbers and arithmetic, or null. */
function foldConstant(node: ExprNode): number | null {
  const NOT_CONSTANT = Symbol("not constant");
  try {
    return evaluateArithmetic(
      node,
      floatArithmetic(() => {
        throw NOT_CONSTANT;
      }),
    );
  } catch (error) {
    if (error === NOT_CONSTANT) return null;
    throw error;
  }
}

/** Other names students give the language's functions. */
const FUNCTION_ALIASES: Record<string, string> = {
  sigma: "sigmoid",
  sig: "sigmoid",
  logistic: "sigmoid",
  ln: "log",
  tr: "trace",
  diagonal: "diag",
  identity: "eye",
  transpose: "x.T",
};

/** The function a mistyped call most likely meant (`Sigmoid`, `sigma`, `ln`), if any. */
function suggestFunction(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (FUNCTIONS.has(lower)) return lower;
  return FUNCTION_ALIASES[lower];
}
