/**
 * batchNorm against PyTorch's fixtures (normalisation.json, made by
 * make_golden_norm_pool.py): output, the gradients of input, weight and
 * bias, and the running statistics after the call. Gradcheck uses its
 * defaults (atol 1e-5, rtol 1e-3, h = 1e-6): the op is smooth wherever a
 * channel is not constant.
 */
import { AutogradErrorCode, createRng, functional as F, gradcheck, randn, tensor, Tensor } from "../../../../grader/autograd";
import type { BatchNormOptions } from "../../../../grader/autograd/functional";
import { expectAutogradError } from "../expect-error";
import { affineInputs, expectAffineAgreement, decode, expectMatches, loadFixture, type Encoded } from "../golden";

interface BatchNormCase {
  note: string;
  options: Pick<BatchNormOptions, "training" | "momentum" | "eps">;
  x: Encoded;
  weight: Encoded | null;
  bias: Encoded | null;
  running_mean: Encoded | null;
  running_var: Encoded | null;
  grad_output: Encoded;
  output: Encoded;
  grad_x: Encoded;
  grad_weight: Encoded | null;
  grad_bias: Encoded | null;
  updated_running_mean: Encoded | null;
  updated_running_var: Encoded | null;
}

const { torch: torchVersion, batchNorm: cases } = loadFixture<{ torch: string; batchNorm: BatchNormCase[] }>("normalisation.json");

describe(`batchNorm against PyTorch ${torchVersion}`, () => {
  it.each(cases.map((c) => [`${JSON.stringify(c.x.shape)} (${c.note})`, c] as const))(
    "%s: output, gradients of input, weight and bias, and the running statistics agree",
    (_name, c) => {
      const inputs = affineInputs(c);
      const { x, weight, bias } = inputs;
      const runningMean = c.running_mean && decode(c.running_mean);
      const runningVar = c.running_var && decode(c.running_var);
      const y = F.batchNorm(x, runningMean, runningVar, { ...c.options, weight, bias });
      expectMatches(runningMean, c.updated_running_mean);
      expectMatches(runningVar, c.updated_running_var);
      expectAffineAgreement(y, inputs, c);
    },
  );

  it("covers training and eval, a batch of 1 in eval, momentum 0.3, eps 1e-3 and no weights", () => {
    expect(cases.filter((c) => c.options.training).length).toBeGreaterThanOrEqual(4);
    expect(cases.filter((c) => !c.options.training && c.x.shape[0] === 1).length).toBeGreaterThanOrEqual(2);
    expect(cases.some((c) => c.options.momentum === 0.3 && c.options.training)).toBe(true);
    expect(cases.some((c) => c.options.eps === 1e-3)).toBe(true);
    expect(cases.some((c) => c.weight === null)).toBe(true);
  });
});

describe("batchNorm conventions", () => {
  it("normalises with the biased batch variance and updates runningVar with the unbiased one", () => {
    // One channel holding 1, 2, 3, 4: mean 2.5, biased variance 1.25, unbiased 5/3.
    const x = tensor([[1], [2], [3], [4]]);
    const runningMean = tensor([0]);
    const runningVar = tensor([1]);
    const y = F.batchNorm(x, runningMean, runningVar, { training: true });
    const r = 1 / Math.sqrt(1.25 + 1e-5);
    expect(Array.from(y.data)).toEqual([-1.5 * r, -0.5 * r, 0.5 * r, 1.5 * r]);
    expect(runningMean.data[0]).toBeCloseTo(0.1 * 2.5, 15);
    expect(runningVar.data[0]).toBeCloseTo(0.9 + 0.1 * (5 / 3), 15);
  });

  it("uses the running statistics in eval, leaves them unchanged, and sends γ/√(var + eps) to the input", () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    const runningMean = tensor([1, -1]);
    const runningVar = tensor([3, 0.25]);
    const weight = tensor([2, 1]);
    const y = F.batchNorm(x, runningMean, runningVar, { weight, eps: 1 });
    // Channel 0: (x − 1)·2/2; channel 1: (x + 1)/√1.25.
    const r1 = 1 / Math.sqrt(1.25);
    expect(Array.from(y.data)).toEqual([0, 3 * r1, 2, 5 * r1]);
    expect(Array.from(runningMean.data)).toEqual([1, -1]);
    expect(Array.from(runningVar.data)).toEqual([3, 0.25]);
    y.sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([1, r1, 1, r1]);
  });
});

describe("batchNorm gradcheck", () => {
  const rng = createRng(31);
  const random = (shape: number[]) => randn(shape, rng).detach();

  it("matches central differences for input, weight and bias in training", () => {
    const result = gradcheck(
      (x, w, b) => F.batchNorm(x, null, null, { training: true, weight: w, bias: b }),
      [random([3, 2, 2]), random([2]), random([2])],
    );
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("matches central differences for input, weight and bias in eval", () => {
    const runningMean = random([3]);
    const runningVar = tensor([0.5, 1, 2]);
    const result = gradcheck(
      (x, w, b) => F.batchNorm(x, runningMean, runningVar, { weight: w, bias: b, eps: 1e-3 }),
      [random([2, 3, 2]), random([3]), random([3])],
    );
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe("batchNorm errors", () => {
  const x = new Tensor(new Float64Array(24), [2, 3, 4]);
  const stats = () => [tensor([0, 0, 0]), tensor([1, 1, 1])] as const;

  it("refuses training with a single value per channel, as PyTorch", () => {
    expectAutogradError(
      () => F.batchNorm(tensor([[1, 2, 3]]), null, null, { training: true }),
      AutogradErrorCode.InvalidArgument,
      /batchNorm: expected more than 1 value per channel when training, but got input of shape \[1, 3\]/,
    );
    expectAutogradError(
      () => F.batchNorm(new Tensor(new Float64Array(3), [1, 3, 1, 1]), ...stats(), { training: true }),
      AutogradErrorCode.InvalidArgument,
      /more than 1 value per channel.*\[1, 3, 1, 1\]/,
    );
  });

  it("refuses per-channel tensors whose size is not the input's channel count, naming which", () => {
    expectAutogradError(
      () => F.batchNorm(x, tensor([0, 0, 0, 0]), tensor([1, 1, 1])),
      AutogradErrorCode.ChannelMismatch,
      /batchNorm: runningMean should contain 3 elements, one per channel of the input \[2, 3, 4\], but has shape \[4\]/,
    );
    expectAutogradError(
      () => F.batchNorm(x, ...stats(), { weight: tensor([1, 1]) }),
      AutogradErrorCode.ChannelMismatch,
      /weight should contain 3/,
    );
    expectAutogradError(
      () => F.batchNorm(x, ...stats(), { bias: tensor([[1, 1, 1]]) }),
      AutogradErrorCode.ChannelMismatch,
      /bias .* shape \[1, 3\]/,
    );
    expectAutogradError(
      () => F.batchNorm(x, tensor([0, 0, 0]), tensor([1])),
      AutogradErrorCode.ChannelMismatch,
      /runningVar should contain 3/,
    );
  });

  it("refuses momentum null, saying it is not supported", () => {
    expectAutogradError(
      () => F.batchNorm(x, ...stats(), { training: true, momentum: null }),
      AutogradErrorCode.InvalidArgument,
      /batchNorm: momentum null .* is not supported/,
    );
  });

  it("refuses eval without running statistics, an input of fewer than 2 dimensions and a negative eps", () => {
    expectAutogradError(
      () => F.batchNorm(x, null, null),
      AutogradErrorCode.InvalidArgument,
      /runningMean must be given in evaluation mode/,
    );
    expectAutogradError(() => F.batchNorm(x, tensor([0, 0, 0]), null), AutogradErrorCode.InvalidArgument, /runningVar must be given/);
    expectAutogradError(
      () => F.batchNorm(tensor([1, 2, 3]), ...stats()),
      AutogradErrorCode.ShapeMismatch,
      /\(N, C\) or \(N, C, \.\.\.\), but got shape \[3\]/,
    );
    expectAutogradError(
      () => F.batchNorm(x, ...stats(), { eps: -1 }),
      AutogradErrorCode.InvalidArgument,
      /eps must be a non-negative finite number/,
    );
  });
});
