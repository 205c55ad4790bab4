/**
 * groupNorm against PyTorch's fixtures (normalisation.json, made by
 * make_golden_norm_pool.py) and a finite-difference gradcheck with
 * gradcheck's defaults (atol 1e-5, rtol 1e-3, h = 1e-6: smooth wherever a
 * group is not constant).
 */
import { AutogradErrorCode, createRng, functional as F, gradcheck, randn, tensor, Tensor } from "../../../../grader/autograd";
import type { GroupNormOptions } from "../../../../grader/autograd/functional";
import { expectAutogradError } from "../expect-error";
import { affineInputs, expectAffineAgreement, loadFixture, type Encoded } from "../golden";

interface GroupNormCase {
  note: string;
  numGroups: number;
  options: Pick<GroupNormOptions, "eps">;
  x: Encoded;
  weight: Encoded | null;
  bias: Encoded | null;
  grad_output: Encoded;
  output: Encoded;
  grad_x: Encoded;
  grad_weight: Encoded | null;
  grad_bias: Encoded | null;
}

const { torch: torchVersion, groupNorm: cases } = loadFixture<{ torch: string; groupNorm: GroupNormCase[] }>("normalisation.json");

describe(`groupNorm against PyTorch ${torchVersion}`, () => {
  it.each(cases.map((c) => [`${JSON.stringify(c.x.shape)} in ${c.numGroups} groups (${c.note})`, c] as const))(
    "%s: output and the gradients of input, weight and bias agree",
    (_name, c) => {
      const inputs = affineInputs(c);
      const { x, weight, bias } = inputs;
      const y = F.groupNorm(x, c.numGroups, { ...c.options, weight, bias });
      expectAffineAgreement(y, inputs, c);
    },
  );

  it("covers one group, one group per channel, and no weights", () => {
    expect(cases.some((c) => c.numGroups === 1)).toBe(true);
    expect(cases.some((c) => c.numGroups === c.x.shape[1])).toBe(true);
    expect(cases.some((c) => c.weight === null && c.options.eps === 1e-3)).toBe(true);
  });
});

describe("groupNorm conventions", () => {
  it("with one group and no weights equals layerNorm over (C, H, W)", () => {
    const rng = createRng(5);
    const x = randn([2, 3, 2, 2], rng);
    const y = F.groupNorm(x, 1);
    const expected = F.layerNorm(x, [3, 2, 2]);
    // Same arithmetic in the same order: equal to the last bit.
    expect(Array.from(y.data)).toEqual(Array.from(expected.data));
  });

  it("normalises each group of consecutive channels by its own biased statistics", () => {
    // Sample of 4 channels, 1 value each, in 2 groups: {1, 3} and {10, 20}.
    const y = F.groupNorm(tensor([[1, 3, 10, 20]]), 2, { eps: 0 });
    expect(Array.from(y.data)).toEqual([-1, 1, -1, 1]);
  });
});

describe("groupNorm gradcheck", () => {
  const rng = createRng(32);
  const random = (shape: number[]) => randn(shape, rng).detach();

  it("matches central differences for input, weight and bias with 2 groups", () => {
    const result = gradcheck((x, w, b) => F.groupNorm(x, 2, { weight: w, bias: b }), [random([2, 4, 3]), random([4]), random([4])]);
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe("groupNorm errors", () => {
  const x = new Tensor(new Float64Array(48), [2, 6, 4]);

  it("refuses channels not divisible by numGroups, naming the shape and numGroups", () => {
    expectAutogradError(
      () => F.groupNorm(x, 4),
      AutogradErrorCode.ChannelMismatch,
      /groupNorm: expected the number of channels of the input to be divisible by numGroups, but got input of shape \[2, 6, 4\] and numGroups=4/,
    );
  });

  it("refuses a weight or bias that is not one value per channel", () => {
    expectAutogradError(
      () => F.groupNorm(x, 3, { weight: tensor([1, 1, 1]) }),
      AutogradErrorCode.ChannelMismatch,
      /groupNorm: weight should contain 6 elements, one per channel of the input \[2, 6, 4\], but has shape \[3\]/,
    );
    expectAutogradError(() => F.groupNorm(x, 3, { bias: tensor([1]) }), AutogradErrorCode.ChannelMismatch, /bias should contain 6/);
  });

  it("refuses an input of fewer than 2 dimensions, a non-positive numGroups and a negative eps", () => {
    expectAutogradError(() => F.groupNorm(tensor([1, 2, 3, 4, 5, 6]), 3), AutogradErrorCode.ShapeMismatch, /but got shape \[6\]/);
    expectAutogradError(() => F.groupNorm(x, 0), AutogradErrorCode.InvalidArgument, /numGroups must be a positive integer, but got 0/);
    expectAutogradError(() => F.groupNorm(x, 1.5), AutogradErrorCode.InvalidArgument, /numGroups must be a positive integer/);
    expectAutogradError(() => F.groupNorm(x, 2, { eps: -1 }), AutogradErrorCode.InvalidArgument, /eps must be a non-negative/);
  });
});
