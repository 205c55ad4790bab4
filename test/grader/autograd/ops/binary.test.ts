import { AutogradError, AutogradErrorCode, Tensor, tensor } from "../../../../grader/autograd";
import { decode, expectMatches, loadFixture, type Encoded } from "../golden";

interface BinaryCase {
  op: "add" | "sub" | "mul" | "div";
  a: Encoded;
  b?: Encoded;
  b_number?: number;
  grad_output: Encoded;
  output: Encoded;
  grad_a: Encoded;
  grad_b?: Encoded;
}

const { binary } = loadFixture<{ binary: BinaryCase[] }>("elementwise.json");

const describeShapes = (c: BinaryCase): string =>
  `${c.op} ${JSON.stringify(c.a.shape)} with ${c.b ? JSON.stringify(c.b.shape) : `the number ${c.b_number}`}`;

describe("binary elementwise ops with broadcasting, against PyTorch", () => {
  it.each(binary.map((c) => [describeShapes(c), c] as const))(
    "%s: value and both gradients (reduced to each operand's shape) agree",
    (_name, c) => {
      const a = decode(c.a, true);
      const b = c.b ? decode(c.b, true) : c.b_number!;
      const z = a[c.op](b);
      expectMatches(z, c.output);
      z.backward(decode(c.grad_output));
      expectMatches(a.grad, c.grad_a);
      if (b instanceof Tensor) expectMatches(b.grad, c.grad_b!);
    },
  );
});

describe("broadcasting errors", () => {
  it("refuses shapes that cannot broadcast and names both", () => {
    const attempt = () =>
      tensor([[1, 2, 3]]).add(
        tensor([
          [1, 2],
          [3, 4],
        ]),
      );
    expect(attempt).toThrow(AutogradError);
    expect(attempt).toThrow(/\[1, 3\] and \[2, 2\]/);
    try {
      attempt();
    } catch (error) {
      expect((error as AutogradError).code).toBe(AutogradErrorCode.ShapeMismatch);
    }
  });

  it("sums the gradient of a broadcast row over the rows it was repeated along", () => {
    const matrix = tensor(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      { requiresGrad: true },
    );
    const row = tensor([10, 20], { requiresGrad: true });
    matrix.mul(row).sum().backward();
    expect(row.grad!.toArray()).toEqual([9, 12]);
    expect(matrix.grad!.toArray()).toEqual([
      [10, 20],
      [10, 20],
      [10, 20],
    ]);
  });
});
