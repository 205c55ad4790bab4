import { compileEnvironment, ExprError, ExprErrorCode, formatShape, inferShapes, parseExpression, type Shape } from "../../../grader/expr";
import { nnContext } from "./nn-backprop";

const environment = compileEnvironment(nnContext);
const scope = environment.scope({ allowGrad: false });

const shapeOf = (source: string): string => formatShape(inferShapes(parseExpression(source), scope).shape);

function shapeError(source: string, allowGrad = false): ExprError {
  try {
    inferShapes(parseExpression(source), environment.scope({ allowGrad }));
  } catch (error) {
    if (error instanceof ExprError) return error;
    throw error;
  }
  throw new Error(`expected ${source} to have a shape error`);
}

describe("shape inference from declared shapes", () => {
  it.each([
    ["W0", "h×d"],
    ["b0", "h×1"],
    ["b1", "1×1"],
    ["x.T", "1×d"],
    ["z", "h×1"],
    ["y", "1×1"],
    ["W0 @ x + b0", "h×1"],
    ["(W1.T * z * (1 - z)) @ x.T", "h×d"],
    ["diag(z * (1 - z)) @ W1.T @ x.T", "h×d"],
    ["2 * W0 - W0 / 3", "h×d"],
    ["h * x", "d×1"],
    ["ones(h, 1) - z", "h×1"],
    ["ones(d)", "d×1"],
    ["eye(h) @ W0", "h×d"],
    ["diag(W0 @ W0.T)", "h×1"],
    ["outer(z, x)", "h×d"],
    ["trace(W0 @ W0.T)", "1×1"],
    ["sum(W0)", "1×1"],
    ["sum(W0, 0)", "1×d"],
    ["mean(W0, 1)", "h×1"],
    ["z ** 2", "h×1"],
  ])("%s is %s", (source, shape) => {
    expect(shapeOf(source)).toBe(shape);
  });

  it("keeps the shape of every sub-expression by node id", () => {
    const typed = inferShapes(parseExpression("W1.T * z"), scope);
    const shown = typed.shapes.map((shape) => (shape ? formatShape(shape as Shape) : null));
    expect(shown).toEqual(["1×h", "h×1", "h×1", "h×1"]);
  });
});

describe("shape mismatches name both shapes and suggest a fix", () => {
  it("points at W1 * z in (W1 * z * (1 - z)) @ x.T and suggests W1.T", () => {
    const error = shapeError("(W1 * z * (1 - z)) @ x.T");
    expect(error.code).toBe(ExprErrorCode.ShapeMismatch);
    expect(error.message).toBe("W1 is 1×h and z is h×1: ∘ needs equal shapes; did you mean W1.T?");
    expect([error.offset, error.length]).toEqual([1, 6]);
    expect(error.shapes).toEqual({ operator: "*", left: [1, "h"], right: ["h", 1] });
  });

  it("suggests @ for an elementwise product of a column and a row", () => {
    const error = shapeError("W1.T * z * (1 - z) * x.T");
    expect(error.message).toBe("W1.T * z * (1 - z) is h×1 and x.T is 1×d: ∘ needs equal shapes; did you mean @ (the matrix product)?");
    expect([error.offset, error.length]).toEqual([0, 24]);
  });

  it("suggests the transpose that makes a matrix product fit", () => {
    expect(shapeError("W0 @ z").message).toBe(
      "W0 is h×d and z is h×1: @ needs the columns of the left (d) to equal the rows of the right (h); did you mean W0.T @ z?",
    );
    expect(shapeError("z @ x").hint).toBe("did you mean z @ x.T?");
  });

  it("does not broadcast a column against a matrix", () => {
    expect(shapeError("W0 + b0").message).toBe("W0 is h×d and b0 is h×1: + needs equal shapes");
  });

  it("refuses a matrix product with a scalar, suggesting *", () => {
    expect(shapeError("b1 @ W0").hint).toBe("use * to multiply by a scalar");
  });

  it("refuses functions on the wrong shapes", () => {
    expect(shapeError("diag(W0)").message).toBe("diag needs a vector (n×1 or 1×n) or a square matrix, but got h×d");
    expect(shapeError("trace(W0)").code).toBe(ExprErrorCode.ShapeMismatch);
    expect(shapeError("ones(W0)").code).toBe(ExprErrorCode.InvalidArgument);
    expect(shapeError("sum(W0, 2)").code).toBe(ExprErrorCode.InvalidArgument);
    expect(shapeError("exp(x, x)").code).toBe(ExprErrorCode.WrongArgumentCount);
  });

  it("names an unknown quantity and suggests a close one", () => {
    const error = shapeError("W_0 @ x");
    expect(error.code).toBe(ExprErrorCode.UnknownName);
    expect(error.message).toBe("unknown name W_0; did you mean W0?");
    expect([error.offset, error.length]).toEqual([0, 3]);
  });
});

describe("grad(f, X)", () => {
  it("has the shape of X, in references", () => {
    const typed = inferShapes(parseExpression("grad(y, W0)"), environment.scope({ allowGrad: true }));
    expect(formatShape(typed.shape)).toBe("h×d");
  });

  it("is refused in answers, nested, or of a non-scalar", () => {
    expect(shapeError("grad(y, W0)").code).toBe(ExprErrorCode.GradNotAllowed);
    expect(shapeError("grad(sum(grad(y, W0)), W1)", true).code).toBe(ExprErrorCode.GradNotAllowed);
    expect(shapeError("grad(z, W0)", true).message).toBe("grad(f, X) needs a scalar f, but z is h×1");
    expect(shapeError("grad(y, 2 * W0)", true).code).toBe(ExprErrorCode.InvalidArgument);
  });
});
