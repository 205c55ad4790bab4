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
import type { BinaryCrossEntropyOptions } from "../../../../grader/autograd/functional";
import { decode, expectMatches, loadFixture, type Encoded } from "../golden";

interface BinaryCase {
  op: "binary_cross_entropy" | "binary_cross_entropy_with_logits";
  options: BinaryCrossEntropyOptions;
  note: string;
  input: Encoded;
  target: Encoded;
  target_grad: boolean;
  grad_output: Encoded;
  output: Encoded;
  grad_input: Encoded;
  grad_target: Encoded | null;
}

const { binary } = loadFixture<{ binary: BinaryCase[] }>("classification.json");
const loss = (op: BinaryCase["op"]) => (op === "binary_cross_entropy" ? F.binaryCrossEntropy : F.binaryCrossEntropyWithLogits);

describe("binaryCrossEntropy and binaryCrossEntropyWithLogits against PyTorch", () => {
  it.each(binary.map((c) => [`${c.op} of ${JSON.stringify(c.input.shape)}, ${c.options.reduction} (${c.note})`, c] as const))(
    "%s: loss and gradients agree",
    (_name, c) => {
      const input = decode(c.input, true);
      const target = decode(c.target, c.target_grad);
      const output = loss(c.op)(input, target, c.options);
      expectMatches(output, c.output);
      output.backward(decode(c.grad_output));
      expectMatches(input.grad, c.grad_input);
      expectMatches(c.target_grad ? target.grad : null, c.grad_target);
    },
  );

  it("covers every reduction, probabilities of 0 and 1, and logits of ±1000", () => {
    for (const op of ["binary_cross_entropy", "binary_cross_entropy_with_logits"] as const) {
      for (const reduction of ["mean", "sum", "none"]) {
        expect(binary.some((c) => c.op === op && c.options.reduction === reduction)).toBe(true);
      }
    }
    expect(binary.some((c) => c.note === "probabilities 0 and 1")).toBe(true);
    expect(binary.some((c) => c.note.startsWith("large logits"))).toBe(true);
  });
});

describe("binary cross-entropy conventions", () => {
  it("clamps each log at −100 and keeps the gradient finite at probabilities 0 and 1", () => {
    const x = tensor([0, 1], { requiresGrad: true });
    const losses = F.binaryCrossEntropy(x, tensor([1, 0]), { reduction: "none" });
    expect(losses.toArray()).toEqual([100, 100]);
    losses.sum().backward();
    // PyTorch's floor is 1e-12 as a C++ float: float32's 1e-12, 4e-9 below it.
    const floor = Math.fround(1e-12);
    expect(x.grad!.toArray()).toEqual([-1 / floor, 1 / floor]);
  });

  it("agrees with binaryCrossEntropy of the sigmoid, away from saturation", () => {
    const logits = randn([6], createRng(5));
    const target = tensor([0, 1, 0.3, 0.7, 1, 0]);
    const direct = F.binaryCrossEntropyWithLogits(logits, target, { reduction: "none" }).data;
    const viaSigmoid = F.binaryCrossEntropy(F.sigmoid(logits), target, { reduction: "none" }).data;
    direct.forEach((v, i) => expect(v).toBeCloseTo(viaSigmoid[i], 12));
  });
});

describe("binary cross-entropy refuses bad inputs", () => {
  const expectError = (f: () => unknown, code: AutogradErrorCode, message: RegExp) => {
    expect(f).toThrow(AutogradError);
    expect(f).toThrow(message);
    try {
      f();
    } catch (error) {
      expect((error as AutogradError).code).toBe(code);
    }
  };

  it("refuses an input outside [0, 1], pointing to the logits version", () => {
    expectError(
      () => F.binaryCrossEntropy(tensor([0.5, 1.5]), tensor([1, 0])),
      AutogradErrorCode.InvalidArgument,
      /binaryCrossEntropy: all elements of input should be between 0 and 1, but input\[1\] is 1.5; use binaryCrossEntropyWithLogits/,
    );
  });

  it("refuses a target whose shape differs from the input's", () => {
    expectError(
      () => F.binaryCrossEntropy(tensor([0.5, 0.5]), tensor([1])),
      AutogradErrorCode.ShapeMismatch,
      /binaryCrossEntropy: target of shape \[1\] differs from input of shape \[2\]/,
    );
    expectError(
      () => F.binaryCrossEntropyWithLogits(tensor([[0.5, 0.5]]), tensor([1, 0])),
      AutogradErrorCode.ShapeMismatch,
      /binaryCrossEntropyWithLogits: target of shape \[2\] differs from input of shape \[1, 2\]/,
    );
  });

  it("refuses an unknown reduction", () => {
    expectError(
      () => F.binaryCrossEntropyWithLogits(tensor([0.5]), tensor([1]), { reduction: "batchmean" as "mean" }),
      AutogradErrorCode.InvalidArgument,
      /binaryCrossEntropyWithLogits: reduction must be "mean", "sum" or "none", but got "batchmean"/,
    );
  });
});

describe("binary cross-entropy gradcheck", () => {
  const rng = createRng(2027);
  const random = (shape: number[]) => randn(shape, rng).detach();
  const probabilities = (shape: number[]) => F.sigmoid(random(shape)).detach();
  const cases: [string, (...xs: Tensor[]) => Tensor, Tensor[]][] = [
    ["binaryCrossEntropy, mean, input and target", (x, t) => F.binaryCrossEntropy(x, t), [probabilities([3, 4]), probabilities([3, 4])]],
    ["binaryCrossEntropy, none", (x, t) => F.binaryCrossEntropy(x, t, { reduction: "none" }), [probabilities([5]), probabilities([5])]],
    [
      "binaryCrossEntropyWithLogits, sum",
      (x, t) => F.binaryCrossEntropyWithLogits(x, t, { reduction: "sum" }),
      [random([3, 4]), probabilities([3, 4])],
    ],
    [
      "binaryCrossEntropyWithLogits, none",
      (x, t) => F.binaryCrossEntropyWithLogits(x, t, { reduction: "none" }),
      [random([2, 3]), probabilities([2, 3])],
    ],
  ];
  it.each(cases)("%s: analytic and numerical gradients agree", (_name, f, inputs) => {
    const result = gradcheck(f, inputs);
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
