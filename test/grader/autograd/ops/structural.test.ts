import { AutogradError, AutogradErrorCode, Tensor, tensor } from "../../../../grader/autograd";
import { decode, expectMatches, loadFixture, type Encoded } from "../golden";

interface ShapeOpCase {
  op: "sum" | "mean" | "transpose" | "T" | "reshape" | "flatten";
  args: { dim?: number | number[]; keepdim?: boolean; dim0?: number; dim1?: number; shape?: number[]; startDim?: number; endDim?: number };
  x: Encoded;
  grad_output: Encoded;
  output: Encoded;
  grad_x: Encoded;
}

interface MatmulCase {
  op: "matmul";
  a: Encoded;
  b: Encoded;
  grad_output: Encoded;
  output: Encoded;
  grad_a: Encoded;
  grad_b: Encoded;
}

const { cases } = loadFixture<{ cases: (ShapeOpCase | MatmulCase)[] }>("structural.json");
const shapeCases = cases.filter((c): c is ShapeOpCase => c.op !== "matmul");
const matmulCases = cases.filter((c): c is MatmulCase => c.op === "matmul");

function apply(c: ShapeOpCase, x: Tensor): Tensor {
  const { args } = c;
  switch (c.op) {
    case "sum":
      return x.sum(args.dim, args.keepdim);
    case "mean":
      return x.mean(args.dim, args.keepdim);
    case "transpose":
      return x.transpose(args.dim0!, args.dim1!);
    case "T":
      return x.T;
    case "reshape":
      return x.reshape(args.shape!);
    case "flatten":
      return x.flatten(args.startDim, args.endDim);
  }
}

describe("reductions and shape ops against PyTorch", () => {
  it.each(shapeCases.map((c) => [`${c.op}(${JSON.stringify(c.args)}) of ${JSON.stringify(c.x.shape)}`, c] as const))(
    "%s: value, shape and gradient agree",
    (_name, c) => {
      const x = decode(c.x, true);
      const y = apply(c, x);
      expectMatches(y, c.output);
      y.backward(decode(c.grad_output));
      expectMatches(x.grad, c.grad_x);
    },
  );
});

describe("matmul against PyTorch", () => {
  it.each(matmulCases.map((c) => [`${JSON.stringify(c.a.shape)} · ${JSON.stringify(c.b.shape)}`, c] as const))(
    "%s: value, result shape and both gradients agree",
    (_name, c) => {
      const a = decode(c.a, true);
      const b = decode(c.b, true);
      const z = a.matmul(b);
      expectMatches(z, c.output);
      z.backward(decode(c.grad_output));
      expectMatches(a.grad, c.grad_a);
      expectMatches(b.grad, c.grad_b);
    },
  );

  it("refuses inner dimensions that differ, naming both shapes", () => {
    expect(() =>
      tensor([[1, 2, 3]]).matmul(
        tensor([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toThrow(/\[1, 3\] and \[2, 2\]/);
  });

  it("refuses 3-D operands with a ShapeMismatch", () => {
    const cube = new Tensor(new Float64Array(8), [2, 2, 2]);
    try {
      cube.matmul(cube);
      throw new Error("expected a refusal");
    } catch (error) {
      expect((error as AutogradError).code).toBe(AutogradErrorCode.ShapeMismatch);
    }
  });
});

describe("shape ops", () => {
  it("infers a −1 size in reshape and refuses an impossible shape, naming it", () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(x.reshape([3, -1]).toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(() => x.reshape([4, -1])).toThrow(/\[4, -1\] is invalid for input of shape \[2, 3\]/);
  });

  it("flattens a 0-d tensor to shape [1], as torch.flatten", () => {
    expect(tensor(5).flatten().shape).toEqual([1]);
  });

  it("returns a 1-D tensor unchanged from .T and refuses .T on 3-D", () => {
    const v = tensor([1, 2]);
    expect(v.T).toBe(v);
    expect(() => new Tensor(new Float64Array(8), [2, 2, 2]).T).toThrow(/at most 2 dimensions/);
  });

  it("reduces a 0-d tensor over dim 0 to itself and refuses dim 1", () => {
    expect(tensor(3).sum(0).item()).toBe(3);
    expect(() => tensor(3).sum(1)).toThrow(/dimension out of range/);
  });

  it("refuses a repeated dimension in a reduction", () => {
    expect(() => tensor([[1, 2]]).sum([1, -1])).toThrow(/appears multiple times/);
  });
});
