import { Tensor } from "../../../../grader/autograd";
import { decode, expectMatches, loadFixture, type Encoded } from "../golden";

interface UnaryCase {
  op: "neg" | "exp" | "log" | "sqrt" | "abs" | "pow" | "sigmoid" | "tanh" | "relu";
  note: string;
  exponent?: number;
  x: Encoded;
  grad_output: Encoded;
  output: Encoded;
  grad_x: Encoded;
}

const { unary } = loadFixture<{ unary: UnaryCase[] }>("elementwise.json");

function apply(c: UnaryCase, x: Tensor): Tensor {
  return c.op === "pow" ? x.pow(c.exponent!) : x[c.op]();
}

describe("unary elementwise ops against PyTorch", () => {
  it.each(unary.map((c) => [`${c.op}${c.exponent === undefined ? "" : `(${c.exponent})`} (${c.note})`, c] as const))(
    "%s: value and vector-Jacobian product agree",
    (_name, c) => {
      const x = decode(c.x, true);
      const y = apply(c, x);
      expectMatches(y, c.output);
      y.backward(decode(c.grad_output));
      expectMatches(x.grad, c.grad_x);
    },
  );

  it("covers every unary op of the engine", () => {
    expect(new Set(unary.map((c) => c.op))).toEqual(new Set(["neg", "exp", "log", "sqrt", "abs", "pow", "sigmoid", "tanh", "relu"]));
  });
});

describe("conventions at kinks", () => {
  it("gives relu a derivative of 0 at exactly 0, as PyTorch", () => {
    const x = new Tensor(Float64Array.from([-1, 0, 2]), [3], { requiresGrad: true });
    x.relu().sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([0, 0, 1]);
  });

  it("gives abs a derivative of 0 at 0", () => {
    const x = new Tensor(Float64Array.from([-3, 0, 3]), [3], { requiresGrad: true });
    x.abs().sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([-1, 0, 1]);
  });

  it("keeps sigmoid finite far out in both tails", () => {
    const x = new Tensor(Float64Array.from([-1000, 1000]), [2], { requiresGrad: true });
    const y = x.sigmoid();
    expect(Array.from(y.data)).toEqual([0, 1]);
    y.sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([0, 0]);
  });

  it("propagates NaN through relu rather than clamping it", () => {
    const y = new Tensor(Float64Array.from([NaN]), [1]).relu();
    expect(Number.isNaN(y.data[0])).toBe(true);
  });
});
