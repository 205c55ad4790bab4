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
import type { CrossEntropyOptions } from "../../../../grader/autograd/functional";
import { decode, expectMatches, loadFixture, type Encoded } from "../golden";

interface LossCase {
  op: "nll_loss" | "cross_entropy";
  options: CrossEntropyOptions;
  probabilities: boolean;
  note: string;
  input: Encoded;
  target: Encoded;
  grad_output: Encoded;
  output: Encoded;
  grad_input: Encoded;
  grad_target: Encoded | null;
}

const { losses } = loadFixture<{ losses: LossCase[] }>("classification.json");
const name = (c: LossCase) => `${c.op} of ${JSON.stringify(c.input.shape)}, ${JSON.stringify(c.options)} (${c.note})`;

describe("nllLoss and crossEntropy against PyTorch", () => {
  it.each(losses.map((c) => [name(c), c] as const))("%s: loss and gradients agree", (_name, c) => {
    const input = decode(c.input, true);
    const target = decode(c.target, c.probabilities);
    const output = c.op === "nll_loss" ? F.nllLoss(input, target, c.options) : F.crossEntropy(input, target, c.options);
    expectMatches(output, c.output);
    output.backward(decode(c.grad_output));
    expectMatches(input.grad, c.grad_input);
    expectMatches(c.probabilities ? target.grad : null, c.grad_target);
  });

  it("covers every reduction, smoothing with both kinds of target, a batch of one and large logits", () => {
    for (const reduction of ["mean", "sum", "none"]) {
      expect(losses.filter((c) => c.op === "cross_entropy" && c.options.reduction === reduction).length).toBeGreaterThanOrEqual(5);
      expect(losses.some((c) => c.op === "nll_loss" && c.options.reduction === reduction)).toBe(true);
    }
    expect(losses.some((c) => c.probabilities && c.options.labelSmoothing === 0.1)).toBe(true);
    expect(losses.some((c) => !c.probabilities && c.options.labelSmoothing === 0.1)).toBe(true);
    expect(losses.filter((c) => c.note.startsWith("a batch of one")).length).toBeGreaterThanOrEqual(2);
    expect(losses.filter((c) => c.note.startsWith("large logits")).length).toBeGreaterThanOrEqual(3);
  });
});

describe("crossEntropy conventions", () => {
  it("averages over the batch: the gradient of the mean is (softmax − onehot)/N", () => {
    const logits = tensor(
      [
        [0, 0],
        [0, 0],
      ],
      { requiresGrad: true },
    );
    const loss = F.crossEntropy(logits, tensor([0, 1]));
    expect(loss.item()).toBeCloseTo(Math.LN2, 15);
    loss.backward();
    expect(logits.grad!.toArray()).toEqual([
      [-0.25, 0.25],
      [0.25, -0.25],
    ]);
  });

  it("is finite for logits of 1000", () => {
    const loss = F.crossEntropy(tensor([[1000, 0, -1000]]), tensor([2]));
    expect(loss.item()).toBe(2000);
  });

  it("equals nllLoss of logSoftmax with index targets", () => {
    const x = randn([4, 3], createRng(3));
    const target = tensor([0, 2, 1, 2]);
    expect(F.crossEntropy(x, target, { reduction: "none" }).data).toEqual(
      F.nllLoss(F.logSoftmax(x, { dim: 1 }), target, { reduction: "none" }).data,
    );
  });

  it("gives the same loss for a one-hot probability target as for its index", () => {
    const x = randn([2, 3], createRng(4));
    const options = { labelSmoothing: 0.1 };
    const byIndex = F.crossEntropy(x, tensor([2, 0]), options).item();
    const byProbability = F.crossEntropy(
      x,
      tensor([
        [0, 0, 1],
        [1, 0, 0],
      ]),
      options,
    ).item();
    expect(byProbability).toBeCloseTo(byIndex, 14);
  });
});

describe("classification losses refuse bad inputs", () => {
  const logits = tensor([
    [0.1, 0.2, 0.3],
    [0.3, 0.2, 0.1],
  ]);
  const expectError = (f: () => unknown, code: AutogradErrorCode, message: RegExp) => {
    expect(f).toThrow(AutogradError);
    expect(f).toThrow(message);
    try {
      f();
    } catch (error) {
      expect((error as AutogradError).code).toBe(code);
    }
  };

  it("refuses a target class out of range, naming it and the number of classes", () => {
    expectError(
      () => F.crossEntropy(logits, tensor([0, 3])),
      AutogradErrorCode.InvalidArgument,
      /crossEntropy: target 3 at position 1 is out of bounds.*\[0, 2\] for 3 classes/,
    );
    expectError(
      () => F.nllLoss(logits, tensor([-1, 0])),
      AutogradErrorCode.InvalidArgument,
      /nllLoss: target -1 at position 0 is out of bounds/,
    );
    expectError(() => F.nllLoss(logits, tensor([0.5, 0])), AutogradErrorCode.InvalidArgument, /nllLoss: target 0.5 .* must be integers/);
  });

  it("refuses a target whose shape matches neither indices nor probabilities", () => {
    expectError(
      () => F.crossEntropy(logits, tensor([0, 1, 2])),
      AutogradErrorCode.ShapeMismatch,
      /crossEntropy: target of shape \[3\] does not match input of shape \[2, 3\]; expected \[2\] for class indices or \[2, 3\] for class probabilities/,
    );
    expectError(
      () => F.nllLoss(logits, tensor([[0], [1]])),
      AutogradErrorCode.ShapeMismatch,
      /nllLoss: class-index target of shape \[2, 1\] .* expected target shape \[2\]/,
    );
    expectError(
      () => F.nllLoss(tensor(1), tensor(0)),
      AutogradErrorCode.ShapeMismatch,
      /nllLoss expects an input of shape \(C\), \(N, C\)/,
    );
  });

  it("refuses an unknown reduction and a label smoothing outside [0, 1]", () => {
    expectError(
      () => F.crossEntropy(logits, tensor([0, 1]), { reduction: "avg" as "mean" }),
      AutogradErrorCode.InvalidArgument,
      /crossEntropy: reduction must be "mean", "sum" or "none", but got "avg"/,
    );
    expectError(
      () => F.crossEntropy(logits, tensor([0, 1]), { labelSmoothing: 1.5 }),
      AutogradErrorCode.InvalidArgument,
      /labelSmoothing must be between 0.0 and 1.0, but got 1.5/,
    );
  });
});

describe("classification losses gradcheck", () => {
  const rng = createRng(2026);
  const random = (shape: number[]) => randn(shape, rng).detach();
  const probabilities = (shape: number[]) => F.softmax(random(shape), { dim: -1 }).detach();
  const indices = tensor([2, 0, 3]);
  const cases: [string, (...xs: Tensor[]) => Tensor, Tensor[]][] = [
    ["nllLoss, mean", (x) => F.nllLoss(x, indices), [random([3, 4])]],
    [
      "nllLoss, none, (N, C, d)",
      (x) =>
        F.nllLoss(
          x,
          tensor([
            [0, 2],
            [1, 1],
          ]),
          { reduction: "none" },
        ),
      [random([2, 3, 2])],
    ],
    ["crossEntropy, indices, mean", (x) => F.crossEntropy(x, indices), [random([3, 4])]],
    [
      "crossEntropy, indices, smoothing 0.1, none",
      (x) => F.crossEntropy(x, indices, { reduction: "none", labelSmoothing: 0.1 }),
      [random([3, 4])],
    ],
    ["crossEntropy, probabilities, sum", (x, p) => F.crossEntropy(x, p, { reduction: "sum" }), [random([3, 4]), probabilities([3, 4])]],
    [
      "crossEntropy, probabilities, smoothing 0.1",
      (x, p) => F.crossEntropy(x, p, { labelSmoothing: 0.1 }),
      [random([3, 4]), probabilities([3, 4])],
    ],
    ["crossEntropy, unbatched", (x) => F.crossEntropy(x, tensor(1)), [random([4])]],
  ];
  it.each(cases)("%s: analytic and numerical gradients agree", (_name, f, inputs) => {
    const result = gradcheck(f, inputs);
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
