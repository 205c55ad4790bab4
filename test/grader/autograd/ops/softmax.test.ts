import {
  AutogradError,
  AutogradErrorCode,
  createRng,
  functional as F,
  gradcheck,
  randn,
  tensor,
  Tensor,
} from "../../../../grader/autograd";
import { decode, expectMatches, loadFixture, type Encoded } from "../golden";

interface SoftmaxCase {
  op: "softmax" | "log_softmax";
  dim: number;
  note: string;
  input: Encoded;
  grad_output: Encoded;
  output: Encoded;
  grad_input: Encoded;
}

const fixture = loadFixture<{ torch: string; softmax: SoftmaxCase[] }>("classification.json");
const apply = (op: SoftmaxCase["op"], x: Tensor, dim: number) => (op === "softmax" ? F.softmax(x, { dim }) : F.logSoftmax(x, { dim }));

describe("softmax and logSoftmax against PyTorch", () => {
  it.each(fixture.softmax.map((c) => [`${c.op} of ${JSON.stringify(c.input.shape)}, dim ${c.dim} (${c.note})`, c] as const))(
    "%s: output and gradient agree",
    (_name, c) => {
      const input = decode(c.input, true);
      const output = apply(c.op, input, c.dim);
      expectMatches(output, c.output);
      output.backward(decode(c.grad_output));
      expectMatches(input.grad, c.grad_input);
    },
  );

  it("covers dim 0, negative dims, a batch of one and large logits in the fixtures", () => {
    const notes = fixture.softmax.map((c) => c.note);
    expect(notes).toEqual(expect.arrayContaining(["columns", "negative first dimension", "a batch of one", "large logits"]));
    expect(fixture.torch).toMatch(/^\d+\.\d+/);
  });
});

describe("softmax conventions", () => {
  it("stays finite for logits of 1000, where a naive exp overflows", () => {
    const x = tensor([[1000, 1000, 0]]);
    expect(x.softmax(-1).toArray()).toEqual([[0.5, 0.5, 0]]);
    const logs = x.logSoftmax(1).data;
    expect(logs[0]).toBeCloseTo(-Math.LN2, 15);
    expect(logs[2]).toBeCloseTo(-1000 - Math.LN2, 10);
  });

  it("is the same as a Tensor method and as a functional op", () => {
    const x = randn([3, 4], createRng(1));
    expect(x.softmax(0).data).toEqual(F.softmax(x, { dim: 0 }).data);
    expect(x.logSoftmax(-1).data).toEqual(F.logSoftmax(x, { dim: -1 }).data);
  });

  it("refuses a dim out of range with PyTorch's message", () => {
    const x = tensor([[1, 2, 3]]);
    expect(() => F.softmax(x, { dim: 2 })).toThrow(AutogradError);
    expect(() => F.softmax(x, { dim: 2 })).toThrow(/softmax: dimension out of range \(expected to be in range of \[-2, 1\], but got 2\)/);
    expect(() => x.logSoftmax(-3)).toThrow(/logSoftmax: dimension out of range/);
    try {
      F.logSoftmax(x, { dim: 5 });
    } catch (error) {
      expect((error as AutogradError).code).toBe(AutogradErrorCode.InvalidArgument);
    }
  });
});

describe("softmax and logSoftmax gradcheck", () => {
  const rng = createRng(2025);
  const random = (shape: number[]) => randn(shape, rng).detach();
  it.each([
    ["softmax, dim -1", (x: Tensor) => F.softmax(x, { dim: -1 }), [3, 4]],
    ["softmax, dim 0", (x: Tensor) => F.softmax(x, { dim: 0 }), [3, 4]],
    ["softmax, middle dim of a 3-d input", (x: Tensor) => F.softmax(x, { dim: 1 }), [2, 3, 2]],
    ["logSoftmax, dim -1", (x: Tensor) => F.logSoftmax(x, { dim: -1 }), [3, 4]],
    ["logSoftmax, dim 0 of a 3-d input", (x: Tensor) => F.logSoftmax(x, { dim: 0 }), [2, 3, 2]],
  ] as const)("%s: analytic and numerical gradients agree", (_name, f, shape) => {
    const result = gradcheck(f, [random([...shape])]);
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
