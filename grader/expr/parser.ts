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
 * that show the explicit form. Other accepted spellings (`a.dot(b)`,
 * `np.exp`, `transpose(A)`, `W_0`) are read as notation.ts says. Input
 * length, nesting depth and tree size are capped (limits.ts) before any
 * shape or value is computed.
 */
import type { BinaryOperator, ExprNode, Span } from "./ast";
import { evaluateArithmetic, floatArithmetic } from "./constant";
import { ExprError, ExprErrorCode } from "./errors";
import { FUNCTIONS, isFunctionName } from "./functions";
import { resolveLimits, type ExprLimits } from "./limits";
import { FUNCTION_ALIASES, METHODS, MODULE_PREFIXES, OPERATOR_FUNCTIONS, resolveIndexedName } from "./notation";
import { tokenize, type Token } from "./tokenizer";

export interface ParsedExpression {
  source: string;
  root: ExprNode;
  /** Number of nodes; ids run from 0 to nodeCount - 1. */
  nodeCount: number;
}

export interface ParseOptions {
  limits?: Partial<ExprLimits>;
  /** The problem's names: an indexed spelling (`W_0`, `W^{(0)}`) is read as one of them (notation.ts). */
  names?: ReadonlySet<string>;
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
  const parser = new Parser(source, tokenize(source), limits, options.names);
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
    private readonly names: ReadonlySet<string> | undefined,
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
        throw this.missingOperator(left, next);
      } else {
        return left;
      }
    }
  }

  /**
   * Two operands side by side (`W0 x`, `2 z`): there is no implicit
   * product, so the hint shows the student's own operands joined both ways.
   */
  private missingOperator(left: ExprNode, next: Token): ExprError {
    const typed = (span: Span) => {
      const text = this.source.slice(span.start, span.end).replace(/\\(?:left|right)(?![A-Za-z])/g, "");
      return text.length <= 24 ? text : "…";
    };
    const right = next.kind === "lparen" ? "(…)" : typed({ start: next.offset, end: next.offset + next.length });
    const leftText = typed(this.outer(left));
    const hint =
      left.type === "number" || next.kind === "number"
        ? `write ${leftText} * ${right}`
        : `write ${leftText} @ ${right} for the matrix product or ${leftText} * ${right} for the elementwise one`;
    return new ExprError(
      ExprErrorCode.MissingOperator,
      `missing operator before “${this.source.slice(next.offset, next.offset + next.length)}”`,
      next,
      { hint },
    );
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
    if (base.type === "name" && base.name === "e" && !this.names?.has("e")) {
      throw new ExprError(
        ExprErrorCode.ExponentNotConstant,
        "e^… is not read as the exponential here",
        { offset: base.start, length: next.offset + next.length - base.start },
        {
          hint: "write exp(…): e^(-a) is exp(-a)",
        },
      );
    }
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
    for (;;) {
      const mark = this.peek();
      if (mark.kind === "transpose") {
        this.advance();
        operand = this.node({ type: "transpose", operand, start: this.outer(operand).start, end: mark.offset + mark.length });
      } else if (mark.kind === "member") {
        operand = this.parseMethod(operand, this.advance());
      } else {
        return operand;
      }
    }
  }

  /** `a.dot(b)`, `a.matmul(b)` → a @ b; `a.transpose()`, `a.t()` → a.T (notation.ts). */
  private parseMethod(operand: ExprNode, member: Token): ExprNode {
    const method = Object.hasOwn(METHODS, member.text) ? METHODS[member.text] : undefined;
    if (method === undefined) {
      throw new ExprError(ExprErrorCode.UnknownFunction, `unknown method .${member.text}`, member, {
        hint: "write .T for the transpose and a @ b for a.dot(b)",
      });
    }
    const open = this.peek();
    if (open.kind !== "lparen") {
      throw new ExprError(
        ExprErrorCode.UnexpectedToken,
        `.${member.text} is a method: write .${member.text}(${method.arguments === 0 ? "" : "…"})`,
        member,
      );
    }
    const args = this.parseArguments();
    const end = this.tokens[this.position - 1];
    if (args.length !== method.arguments) {
      throw new ExprError(
        ExprErrorCode.WrongArgumentCount,
        `.${member.text}(…) takes ${method.arguments} argument${method.arguments === 1 ? "" : "s"}, but got ${args.length}`,
        { offset: member.offset, length: end.offset + 1 - member.offset },
      );
    }
    const start = this.outer(operand).start;
    if (method.operator === "transpose") return this.node({ type: "transpose", operand, start, end: end.offset + 1 });
    return this.node({
      type: "binary",
      operator: method.operator,
      left: operand,
      right: args[0],
      start,
      end: end.offset + 1,
      operatorSpan: { start: member.offset, end: member.offset + member.length },
      operatorTyped: method.operator,
    });
  }

  /** `(a, b, …)` after a callee or a method; the "(" is next. */
  private parseArguments(): ExprNode[] {
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
    this.expectClosing(open);
    return args;
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

  private parseNameOrCall(first: Token): ExprNode {
    const token = this.withoutModulePrefix(first);
    const span: Span = { start: first.offset, end: token.offset + token.length };
    const typed = this.source.slice(span.start, span.end);
    const next = this.peek();
    if (next.kind !== "lparen") {
      if (token.text === "sigmoid" && next.kind === "transpose" && this.source[next.offset] !== ".") {
        throw new ExprError(
          ExprErrorCode.UnknownFunction,
          `${typed}′ is not a function of this language`,
          { offset: span.start, length: next.offset + next.length - span.start },
          {
            hint: "write σ′(a) as sigmoid(a) * (1 - sigmoid(a))",
          },
        );
      }
      if (isFunctionName(token.text) || (token !== first && this.calleeOf(token.text) !== undefined)) {
        throw new ExprError(
          ExprErrorCode.InvalidArgument,
          `${typed} is a function: write ${this.calleeOf(token.text) ?? token.text}(…)`,
          token,
        );
      }
      return this.node({ type: "name", name: resolveIndexedName(token.text, this.names), ...span });
    }
    const callee = this.calleeOf(token.text);
    if (callee === undefined) {
      if (token !== first)
        throw new ExprError(ExprErrorCode.UnknownFunction, `unknown function ${typed}`, {
          offset: span.start,
          length: span.end - span.start,
        });
      throw new ExprError(ExprErrorCode.MissingOperator, `${typed} is not a function`, token, {
        hint: `write ${typed} @ (…) for a matrix product or ${typed} * (…) for an elementwise one`,
      });
    }
    const args = this.parseArguments();
    const end = this.tokens[this.position - 1].offset + 1;
    if (Object.hasOwn(OPERATOR_FUNCTIONS, callee)) return this.operatorCall(callee, args, span, end, typed);
    return this.node({ type: "call", callee, calleeSpan: span, args, start: span.start, end });
  }

  /**
   * The function a called name means: one of the language's, an alias (`ln`, `sigma`) or an operator spelling (`transpose`);
   * undefined if none.
   */
  private calleeOf(name: string): string | undefined {
    if (isFunctionName(name) || Object.hasOwn(OPERATOR_FUNCTIONS, name)) return name;
    if (this.names?.has(name)) return undefined;
    const lower = name.toLowerCase();
    if (FUNCTIONS.has(lower)) return lower;
    return Object.hasOwn(FUNCTION_ALIASES, lower) ? FUNCTION_ALIASES[lower] : undefined;
  }

  /** `np.exp` → the token `exp`: module prefixes are dropped before a member (torch.nn.functional.relu too). */
  private withoutModulePrefix(token: Token): Token {
    let current = token;
    while (MODULE_PREFIXES.has(current.text) && !this.names?.has(current.text) && this.peek().kind === "member") {
      current = this.advance();
    }
    return current;
  }

  /** `transpose(A)` → A.T, `dot(a, b)` → a @ b, `multiply(a, b)` → a * b. */
  private operatorCall(callee: string, args: ExprNode[], span: Span, end: number, typed: string): ExprNode {
    const meaning = OPERATOR_FUNCTIONS[callee];
    if (args.length !== meaning.arguments) {
      throw new ExprError(
        ExprErrorCode.WrongArgumentCount,
        `${typed} takes ${meaning.arguments} argument${meaning.arguments === 1 ? "" : "s"}, but got ${args.length}`,
        { offset: span.start, length: end - span.start },
      );
    }
    if (meaning.operator === "transpose") return this.node({ type: "transpose", operand: args[0], start: span.start, end });
    return this.node({
      type: "binary",
      operator: meaning.operator,
      left: args[0],
      right: args[1],
      start: span.start,
      end,
      operatorSpan: span,
      operatorTyped: meaning.operator,
    });
  }

  private expectClosing(open: Token): Token {
    const next = this.peek();
    if (next.kind === "rparen") return this.advance();
    if (next.kind === "end") {
      throw new ExprError(ExprErrorCode.UnclosedParenthesis, "this “(” is never closed", open);
    }
    if (next.kind === "comma") {
      throw new ExprError(ExprErrorCode.UnexpectedToken, "unexpected “,” outside a function's arguments", next);
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
