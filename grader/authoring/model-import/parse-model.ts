/**
 * Reads a pasted PyTorch model: the text of an `nn.Sequential(...)`
 * expression, or what `print(model)` prints. It is a tokenizer and a
 * recursive-descent parser for exactly the subset of Python that these are
 * written in (calls, keyword arguments, numbers, strings, True/False/None,
 * tuples and lists, comments); nothing of the text is ever executed or
 * evaluated, so `__import__('os')` is only a call to a layer nobody knows.
 *
 * Grammar (the printed form's children are `(name): Layer(...)` entries):
 *
 *   model     := [NAME "="] value
 *   call      := dotted "(" [entries | arguments] ")"
 *   entries   := ( "(" key ")" ":" [INT "x"] call )*          printed children; key is a name, a number or `0-2`
 *   arguments := argument ("," argument)* [","]
 *   argument  := [NAME "="] value
 *   value     := term (("+" | "-") term)*          arithmetic of number literals only
 *   term      := primary (("*" | "/" | "//") primary)*
 *   primary   := call | NUMBER | "-" NUMBER | STRING | True | False | None | "(" … ")" | "[" … "]" | bare printed text
 *
 * Containers (Sequential, and a printed module's children) are flattened in
 * order: a printed module lists its children in registration order, which
 * is the forward order only for models whose forward calls them in that
 * order (the import form says so).
 */
import type { LayerArg, LayerCall } from "../../autograd";
import { MODEL_IMPORT_LIMITS as LIMITS } from "./limits";
import { ModelImportError, ModelImportErrorCode, type TextPosition } from "./errors";

/** A layer of the flattened model, with where its call starts in the text. */
export interface ParsedLayer {
  call: LayerCall;
  position: TextPosition;
}

type TokenKind = "name" | "number" | "string" | "punct" | "end";

interface Token {
  kind: TokenKind;
  text: string;
  /** For numbers: the value; for strings: the text without quotes. */
  value?: number | string;
  position: TextPosition;
}

const PUNCTUATION = new Set(["(", ")", "[", "]", ",", "=", ":", ".", "-", "+", "*", "/"]);

/** Prefixes that name torch.nn itself: `nn.Conv2d` and `torch.nn.Conv2d` are Conv2d. */
const MODULE_PREFIXES = ["torch.nn.", "nn."];

/** Calls that group layers and add none of their own. */
const CONTAINERS = new Set(["Sequential"]);

function describe(token: Token): string {
  if (token.kind === "end") return "the end of the text";
  if (token.kind === "string") return `the string ${truncate(token.text)}`;
  return `“${truncate(token.text)}”`;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

export function tokenize(text: string): Token[] {
  if (text.length > LIMITS.maxTextLength) {
    throw new ModelImportError(
      ModelImportErrorCode.TooLarge,
      `the model is ${text.length} characters long; at most ${LIMITS.maxTextLength} are read`,
    );
  }
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const at = (offset: number): TextPosition => ({ line, column: offset - lineStart + 1 });
  const push = (token: Token) => {
    if (tokens.length >= LIMITS.maxTokens) {
      throw new ModelImportError(
        ModelImportErrorCode.TooLarge,
        `more than ${LIMITS.maxTokens} names, numbers and brackets`,
        token.position,
      );
    }
    if (token.text.length > LIMITS.maxTokenLength) {
      throw new ModelImportError(
        ModelImportErrorCode.TooLarge,
        `a name, number or string longer than ${LIMITS.maxTokenLength} characters`,
        token.position,
      );
    }
    tokens.push(token);
  };
  while (i < text.length) {
    const char = text[i];
    if (char === "\n") {
      i++;
      line++;
      lineStart = i;
    } else if (char === " " || char === "\t" || char === "\r" || char === "\\") {
      // A backslash continues a line in Python; inside brackets newlines are whitespace anyway.
      i++;
    } else if (char === "#") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (/[A-Za-z_]/.test(char)) {
      const start = i;
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i])) i++;
      push({ kind: "name", text: text.slice(start, i), position: at(start) });
    } else if (/[0-9]/.test(char) || (char === "." && /[0-9]/.test(text[i + 1] ?? ""))) {
      const start = i;
      const match = /^(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + LIMITS.maxTokenLength + 1))!;
      i += match[0].length;
      const value = Number(match[0].replaceAll("_", ""));
      if (!Number.isFinite(value)) {
        throw new ModelImportError(ModelImportErrorCode.InvalidSyntax, `the number ${truncate(match[0])} is out of range`, at(start));
      }
      push({ kind: "number", text: match[0], value, position: at(start) });
    } else if (char === "'" || char === '"') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== char && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
      if (text[i] !== char) throw new ModelImportError(ModelImportErrorCode.InvalidSyntax, `a string that is never closed`, at(start));
      i++;
      push({ kind: "string", text: text.slice(start, i), value: text.slice(start + 1, i - 1), position: at(start) });
    } else if (PUNCTUATION.has(char)) {
      push({ kind: "punct", text: char, position: at(i) });
      i++;
    } else {
      throw new ModelImportError(
        ModelImportErrorCode.InvalidSyntax,
        `unexpected character “${char}”: a model is layer calls such as Conv2d(3, 16, kernel_size=3)`,
        at(i),
      );
    }
  }
  tokens.push({ kind: "end", text: "", position: at(i) });
  return tokens;
}

/** A parsed value: a call keeps its children (a container's, or a printed module's) apart from its arguments. */
type Value = LayerArg | CallNode;

interface CallNode {
  kind: "call";
  name: string;
  args: Value[];
  kwargs: Record<string, Value>;
  /** Printed children, in the order printed, each expanded by its `n x` repeat. */
  children: CallNode[] | null;
  position: TextPosition;
}

const isCall = (value: Value): value is CallNode => typeof value === "object" && value !== null && !Array.isArray(value);

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  private get token(): Token {
    return this.tokens[this.index];
  }

  private peek(ahead: number): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  private is(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === "punct" && token.text === text;
  }

  private fail(expected: string, token: Token = this.token): never {
    throw new ModelImportError(ModelImportErrorCode.InvalidSyntax, `expected ${expected}, found ${describe(token)}`, token.position);
  }

  private expect(text: string, expected = `“${text}”`): Token {
    if (!this.is(text)) this.fail(expected);
    return this.tokens[this.index++];
  }

  /** Every bracket opened goes through here, so no input nests deeper than the limit (and recursion stays shallow). */
  private open(text: string): void {
    const token = this.token;
    this.expect(text);
    if (++this.depth > LIMITS.maxNesting) {
      throw new ModelImportError(ModelImportErrorCode.TooLarge, `brackets nested more than ${LIMITS.maxNesting} deep`, token.position);
    }
  }

  private close(text: string, expected: string): void {
    this.expect(text, expected);
    this.depth--;
  }

  model(): CallNode {
    // `model = nn.Sequential(...)`: the assignment is allowed and ignored.
    if (this.token.kind === "name" && this.is("=", 1)) this.index += 2;
    const start = this.token;
    const value = this.value();
    if (!isCall(value)) this.fail("a model such as nn.Sequential(...) or the text print(model) shows", start);
    if (this.token.kind !== "end") this.fail("the end of the model (is a bracket closed too early?)");
    return value;
  }

  private dotted(): { name: string; position: TextPosition } {
    const first = this.token;
    if (first.kind !== "name") this.fail("a layer name such as Conv2d");
    this.index++;
    let name = first.text;
    while (this.is(".")) {
      this.index++;
      if (this.token.kind !== "name") this.fail("a name after “.”");
      name += `.${this.token.text}`;
      this.index++;
    }
    return { name, position: first.position };
  }

  /**
   * A value, where numbers may be joined by + − * / and // (`nn.Linear(16 * 5 * 5, 120)`, as models are often written): the
   * arithmetic of number literals, done here, and nothing else; a name in it is refused, never looked up.
   */
  private value(): Value {
    let left = this.term();
    while (this.is("+") || this.is("-")) {
      const operator = this.tokens[this.index++];
      left = arithmetic(left, operator, this.term());
    }
    return left;
  }

  private term(): Value {
    let left = this.primary();
    while (this.is("*") || this.is("/")) {
      const operator = this.tokens[this.index++];
      // `//` is two "/" tokens side by side.
      const floor = operator.text === "/" && this.is("/") && this.token.position.column === operator.position.column + 1;
      if (floor) this.index++;
      left = arithmetic(left, floor ? { ...operator, text: "//" } : operator, this.primary());
    }
    return left;
  }

  private primary(): Value {
    const token = this.token;
    if (token.kind === "number") return (this.index++, token.value as number);
    if (token.kind === "string") return (this.index++, token.value as string);
    if (this.is("-") || this.is("+")) {
      this.index++;
      const number = this.token;
      if (number.kind !== "number") this.fail("a number after the sign");
      this.index++;
      return token.text === "-" ? -(number.value as number) : (number.value as number);
    }
    if (this.is("(") || this.is("[")) return this.sequence();
    if (token.kind === "name") {
      if (token.text === "True" || token.text === "False" || token.text === "None") {
        if (!this.is("(", 1) && !this.is(".", 1)) {
          this.index++;
          return token.text === "None" ? null : token.text === "True";
        }
      }
      const { name, position } = this.dotted();
      if (!this.is("(")) {
        // Printed reprs hold a few bare words (`activation=relu`, `mode=nearest`): read them as strings.
        return name;
      }
      return this.call(name, position);
    }
    return this.fail("a value: a number, a string, True, False, None, a tuple or a layer");
  }

  /** A tuple `(a, b)` or a list `[a, b]`; `(a)` is a itself, as in Python. */
  private sequence(): Value {
    const opening = this.token.text;
    const closing = opening === "(" ? ")" : "]";
    this.open(opening);
    const items: Value[] = [];
    let trailingComma = false;
    while (!this.is(closing)) {
      items.push(this.value());
      trailingComma = false;
      if (this.is(",")) {
        this.index++;
        trailingComma = true;
      } else if (!this.is(closing)) this.fail(`“,” or “${closing}”`);
    }
    this.close(closing, `“${closing}”`);
    if (opening === "(" && items.length === 1 && !trailingComma) return items[0];
    return items as LayerArg[];
  }

  private call(name: string, position: TextPosition): CallNode {
    this.open("(");
    // No prototype: a keyword argument named __proto__ or constructor is only a key.
    const node: CallNode = { kind: "call", name, args: [], kwargs: Object.create(null) as Record<string, Value>, children: null, position };
    // A printed child starts `(key):` (a tuple `(0)` followed by a name is one whose colon is missing); anything else is an argument list.
    if (this.is("(") && this.is(")", 2) && (this.is(":", 3) || this.peek(3).kind === "name")) {
      node.children = this.children();
    } else if (this.is("(") && this.is("-", 2) && this.is(")", 4) && this.is(":", 5)) {
      node.children = this.children();
    } else {
      this.arguments(node);
    }
    this.close(")", node.children ? "another “(name): Layer(...)” child or “)”" : "“,” or “)”");
    return node;
  }

  private arguments(node: CallNode): void {
    while (!this.is(")")) {
      if (this.token.kind === "name" && this.is("=", 1)) {
        const key = this.token;
        this.index += 2;
        if (Object.hasOwn(node.kwargs, key.text)) {
          throw new ModelImportError(ModelImportErrorCode.InvalidSyntax, `the argument ${key.text} is given twice`, key.position);
        }
        node.kwargs[key.text] = this.value();
      } else {
        if (Object.keys(node.kwargs).length > 0) this.fail("a keyword argument (name=value): positional arguments come first");
        node.args.push(this.value());
      }
      if (this.is(",")) this.index++;
      else if (!this.is(")")) this.fail("“,” or “)”");
    }
  }

  /** `(features): Sequential(...)`, `(0): Conv2d(...)`, and PyTorch's compact `(0-2): 3 x Linear(...)`. */
  private children(): CallNode[] {
    const children: CallNode[] = [];
    while (this.is("(")) {
      this.open("(");
      const key = this.token;
      if (key.kind !== "name" && key.kind !== "number") this.fail("a child's name or index, as in (0): or (features):");
      this.index++;
      if (this.is("-")) {
        this.index++;
        if (this.token.kind !== "number") this.fail("the last index of a range such as (0-2)");
        this.index++;
      }
      this.close(")", "“)” after the child's name");
      this.expect(":", "“:” after the child's name");
      let repeat = 1;
      if (this.token.kind === "number" && this.peek(1).kind === "name" && this.peek(1).text === "x") {
        const count = this.token;
        repeat = count.value as number;
        if (!Number.isInteger(repeat) || repeat < 1 || repeat > LIMITS.maxRepeat) {
          throw new ModelImportError(
            ModelImportErrorCode.TooLarge,
            `a repeat count is a whole number from 1 to ${LIMITS.maxRepeat}`,
            count.position,
          );
        }
        this.index += 2;
      }
      const start = this.token;
      const child = this.value();
      if (!isCall(child)) this.fail("a layer such as Conv2d(...) after the child's name", start);
      for (let r = 0; r < repeat; r++) children.push(child);
    }
    return children;
  }
}

function arithmetic(left: Value, operator: Token, right: Value): number {
  if (typeof left !== "number" || typeof right !== "number") {
    throw new ModelImportError(
      ModelImportErrorCode.InvalidSyntax,
      `“${operator.text}” joins numbers only: write the value as a number`,
      operator.position,
    );
  }
  const result =
    operator.text === "+"
      ? left + right
      : operator.text === "-"
        ? left - right
        : operator.text === "*"
          ? left * right
          : operator.text === "//"
            ? Math.floor(left / right)
            : left / right;
  if (!Number.isFinite(result)) {
    throw new ModelImportError(ModelImportErrorCode.InvalidSyntax, `this arithmetic has no finite result`, operator.position);
  }
  return result;
}

/** `torch.nn.Conv2d` and `nn.Conv2d` are `Conv2d`; any other dotted name stays whole, and is refused as unknown. */
function layerName(name: string): string {
  const prefix = MODULE_PREFIXES.find((candidate) => name.startsWith(candidate) && !name.slice(candidate.length).includes("."));
  return prefix ? name.slice(prefix.length) : name;
}

/** A layer's arguments are plain values: a call inside them (`Linear(3, int(4))`) is refused where it is. */
function plain(value: Value, layer: string): LayerArg {
  if (isCall(value)) {
    throw new ModelImportError(
      ModelImportErrorCode.InvalidSyntax,
      `expected a number, True, False, None, a string or a tuple as an argument of ${layer}, found a call to ${value.name}`,
      value.position,
    );
  }
  return Array.isArray(value) ? value.map((item) => plain(item as Value, layer)) : value;
}

function flatten(node: CallNode, into: ParsedLayer[]): void {
  const name = layerName(node.name);
  const childCalls = node.children ?? (CONTAINERS.has(name) ? sequentialChildren(node) : null);
  if (childCalls) {
    for (const child of childCalls) flatten(child, into);
    return;
  }
  if (into.length >= LIMITS.maxLayers) {
    throw new ModelImportError(
      ModelImportErrorCode.TooLarge,
      `more than ${LIMITS.maxLayers} layers: a problem has at most that many`,
      node.position,
    );
  }
  const kwargs = Object.create(null) as Record<string, LayerArg>;
  for (const [key, value] of Object.entries(node.kwargs)) kwargs[key] = plain(value, name);
  into.push({ call: { name, args: node.args.map((arg) => plain(arg, name)), kwargs }, position: node.position });
}

/**
 * A Sequential's layers: its arguments, or `OrderedDict([("conv1", Conv2d(...)), ...])`. Anything else among them is refused where it
 * is.
 */
function sequentialChildren(node: CallNode): CallNode[] {
  if (Object.keys(node.kwargs).length > 0) {
    throw new ModelImportError(ModelImportErrorCode.InvalidSyntax, "Sequential takes its layers as positional arguments", node.position);
  }
  const [first] = node.args;
  if (node.args.length === 1 && isCall(first) && layerName(first.name).replace(/^collections\./, "") === "OrderedDict") {
    const [pairs] = first.args;
    if (!Array.isArray(pairs) || first.args.length !== 1) {
      throw new ModelImportError(ModelImportErrorCode.InvalidSyntax, "expected OrderedDict([(name, layer), ...])", first.position);
    }
    return (pairs as Value[]).map((pair) => {
      const layer = Array.isArray(pair) && pair.length === 2 ? (pair[1] as Value) : null;
      if (layer === null || !isCall(layer)) {
        throw new ModelImportError(ModelImportErrorCode.InvalidSyntax, "expected (name, layer) pairs in the OrderedDict", first.position);
      }
      return layer;
    });
  }
  return node.args.map((arg) => {
    if (!isCall(arg)) {
      throw new ModelImportError(
        ModelImportErrorCode.InvalidSyntax,
        `expected a layer such as nn.ReLU() among Sequential's arguments, found ${JSON.stringify(arg)}`,
        node.position,
      );
    }
    return arg;
  });
}

/** The model's layers in forward order, containers flattened. Throws ModelImportError with the line and column of what is wrong. */
export function parseModel(text: string): ParsedLayer[] {
  const root = new Parser(tokenize(text)).model();
  const layers: ParsedLayer[] = [];
  flatten(root, layers);
  if (layers.length === 0) throw new ModelImportError(ModelImportErrorCode.InvalidSyntax, "the model has no layers", root.position);
  return layers;
}

/**
 * An input shape such as `(1, 3, 32, 32)` or `N, 3, 32, 32`: batch first, read with the same tokenizer. The batch may be a name
 * (it stays a symbol); every other entry is a whole number of at least 1.
 */
export function parseInputShape(text: string): (number | string)[] {
  const tokens = tokenize(text.length > 200 ? text.slice(0, 201) : text).filter(
    (token) => !(token.kind === "punct" && "()[]".includes(token.text)),
  );
  const entries: (number | string)[] = [];
  let expectValue = true;
  for (const token of tokens) {
    if (token.kind === "end") break;
    if (expectValue) {
      const isBatchName = entries.length === 0 && token.kind === "name";
      if (!isBatchName && !(token.kind === "number" && Number.isInteger(token.value) && (token.value as number) >= 1)) {
        throw new ModelImportError(
          ModelImportErrorCode.InvalidInputShape,
          `expected a whole number of at least 1 in the input shape, found ${describe(token)}`,
          token.position,
        );
      }
      entries.push(isBatchName ? token.text : (token.value as number));
    } else if (!(token.kind === "punct" && token.text === ",")) {
      throw new ModelImportError(
        ModelImportErrorCode.InvalidInputShape,
        `expected “,” in the input shape, found ${describe(token)}`,
        token.position,
      );
    }
    expectValue = !expectValue;
  }
  if (entries.length < 2 || entries.length > 4) {
    throw new ModelImportError(
      ModelImportErrorCode.InvalidInputShape,
      "the input shape has 2 to 4 entries, batch first: (N, C, H, W) for images, (N, features) for vectors",
    );
  }
  return entries;
}
