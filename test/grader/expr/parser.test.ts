import { ExprError, ExprErrorCode, parseExpression, toCanonical, tokenize, type ExprNode } from "../../../grader/expr";

const canonical = (source: string) => toCanonical(parseExpression(source).root);

function parseError(source: string, limits?: Parameters<typeof parseExpression>[1]): ExprError {
  try {
    parseExpression(source, limits);
  } catch (error) {
    if (error instanceof ExprError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} not to parse`);
}

describe("precedence and associativity, as in Python", () => {
  it("groups * and @ on one level, left to right", () => {
    const root = parseExpression("a * b @ c").root as Extract<ExprNode, { type: "binary" }>;
    expect(root.operator).toBe("@");
    expect(root.left).toMatchObject({ type: "binary", operator: "*" });
    expect(canonical("a * b @ c")).toBe("(a * b) @ c");
    expect(canonical("a @ (b * c)")).toBe("a @ (b * c)");
  });

  it("binds + and - looser than products", () => {
    expect(canonical("a + b * c - d")).toBe("a + b * c - d");
    expect(canonical("(a + b) * c")).toBe("(a + b) * c");
    expect(canonical("a - (b - c)")).toBe("a - (b - c)");
  });

  it("reads -x ** 2 as -(x ** 2) and powers right to left", () => {
    expect(parseExpression("-x ** 2").root).toMatchObject({ type: "negate", operand: { type: "power", exponent: 2 } });
    expect(parseExpression("x ** 3 ** 2").root).toMatchObject({ type: "power", exponent: 9 });
    expect(canonical("(-x) ** 2")).toBe("(-x) ** 2");
  });

  it("binds .T tighter than everything else", () => {
    expect(canonical("x.T @ y")).toBe("x.T @ y");
    expect(canonical("(x @ y).T")).toBe("(x @ y).T");
    expect(canonical("-x.T")).toBe("-x.T");
  });

  it("folds a constant exponent, negative or fractional", () => {
    expect(parseExpression("x ** -1").root).toMatchObject({ type: "power", exponent: -1 });
    expect(parseExpression("x ^ (1/2)").root).toMatchObject({ type: "power", exponent: 0.5 });
  });

  it("reads numbers with fractions and exponents", () => {
    expect(parseExpression("1.5e-3").root).toMatchObject({ type: "number", value: 0.0015 });
    expect(parseExpression(".5").root).toMatchObject({ type: "number", value: 0.5 });
    expect(canonical("2.*x")).toBe("2 * x");
  });
});

describe("math aliases, shown normalised", () => {
  it.each([
    ["W1.T ∘ z", "W1.T * z"],
    ["W1.T ⊙ z", "W1.T * z"],
    ["W1.T .* z", "W1.T * z"],
    ["W1^T * z", "W1.T * z"],
    ["W1 ^ T * z", "W1.T * z"],
    ["W1' * z", "W1.T * z"],
    ["σ(W0 · x)", "sigmoid(W0 @ x)"],
    ["z ^ 2", "z ** 2"],
    ["1 − z", "1 - z"],
  ])("reads %s as %s", (typed, expected) => {
    expect(canonical(typed)).toBe(expected);
  });

  it("keeps the typed alias on the operator for messages", () => {
    const root = parseExpression("a ∘ b").root;
    expect(root).toMatchObject({ type: "binary", operator: "*", operatorTyped: "∘", operatorSpan: { start: 2, end: 3 } });
  });

  it("does not take a name starting with T after ^ for a transpose", () => {
    expect(tokenize("x^Tx").map((token) => token.kind)).toEqual(["name", "op", "name", "end"]);
  });
});

describe("spans", () => {
  it("gives each node the span of its text, without surrounding parentheses", () => {
    const root = parseExpression("(W1.T * z) @ x.T").root as Extract<ExprNode, { type: "binary" }>;
    expect([root.start, root.end]).toEqual([0, 16]);
    expect([root.left.start, root.left.end]).toEqual([1, 9]);
    expect([root.right.start, root.right.end]).toEqual([13, 16]);
  });
});

describe("errors with positions", () => {
  it.each<[string, ExprErrorCode, number, number]>([
    ["", ExprErrorCode.EmptyInput, 0, 0],
    ["W0 @ $x", ExprErrorCode.UnexpectedCharacter, 5, 1],
    ["W0 @ @ x", ExprErrorCode.UnexpectedToken, 5, 1],
    ["W0 @", ExprErrorCode.UnexpectedEnd, 4, 0],
    ["W1 z", ExprErrorCode.MissingOperator, 3, 1],
    ["2 z", ExprErrorCode.MissingOperator, 2, 1],
    ["(a + b", ExprErrorCode.UnclosedParenthesis, 0, 1],
    ["a + b)", ExprErrorCode.UnexpectedToken, 5, 1],
    ["W1(x)", ExprErrorCode.MissingOperator, 0, 2],
    ["sigmoid + 1", ExprErrorCode.InvalidArgument, 0, 7],
    ["x ** y", ExprErrorCode.ExponentNotConstant, 5, 1],
  ])("%j fails with %s at offset %i, length %i", (source, code, offset, length) => {
    const error = parseError(source);
    expect(error.code).toBe(code);
    expect([error.offset, error.length]).toEqual([offset, length]);
  });

  it("says which operator is missing between two operands", () => {
    expect(parseError("W1 z").message).toBe(
      "missing operator before “z”; write W1 @ z for the matrix product or W1 * z for the elementwise one",
    );
    expect(parseError("2 z").hint).toBe("write 2 * z");
    expect(parseError("sigmoid(W0 x + b0)").hint).toBe("write W0 @ x for the matrix product or W0 * x for the elementwise one");
  });

  it("reads the other names of the functions as the functions", () => {
    expect(canonical("Sigmoid(x)")).toBe("sigmoid(x)");
    expect(canonical("sigma(x)")).toBe("sigmoid(x)");
    expect(canonical("ln(x)")).toBe("log(x)");
  });
});

describe("caps", () => {
  it("refuses input longer than the length cap, pointing past the cap", () => {
    const error = parseError("x + ".repeat(200) + "x", { limits: { maxLength: 500 } });
    expect(error.code).toBe(ExprErrorCode.InputTooLong);
    expect(error.offset).toBe(500);
  });

  it("refuses nesting deeper than the depth cap", () => {
    const error = parseError("(".repeat(41) + "x" + ")".repeat(41));
    expect(error.code).toBe(ExprErrorCode.TooDeep);
    expect(error.offset).toBe(40);
  });

  it("refuses more nodes than the size cap", () => {
    expect(parseError("x+x+x+x+x+x", { limits: { maxNodes: 5 } }).code).toBe(ExprErrorCode.TooLarge);
  });

  it("refuses deep prefix minus and power chains as nesting", () => {
    expect(parseError("-".repeat(60) + "x").code).toBe(ExprErrorCode.TooDeep);
    expect(parseError("x" + "**2".repeat(60)).code).toBe(ExprErrorCode.TooDeep);
  });
});
