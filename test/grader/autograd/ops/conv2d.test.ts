import { AutogradError, AutogradErrorCode, createRng, functional as F, gradcheck, randn, Tensor, zeros } from "../../../../grader/autograd";
import { expectAutogradError } from "../expect-error";
import { convolutionCases, expectConvolutionMatches } from "./convolution-fixture";

describe("conv2d against PyTorch", () => {
  it.each(convolutionCases("conv2d.json", "conv2d"))("%s: output and the gradients of input, weight and bias agree", (_name, c) =>
    expectConvolutionMatches("conv2d", c),
  );
});

describe("conv2d with groups and dilation against PyTorch (convolution.json)", () => {
  it.each(convolutionCases("convolution.json", "conv2d"))("%s: output and the gradients of input, weight and bias agree", (_name, c) =>
    expectConvolutionMatches("conv2d", c),
  );

  it("groups = 2 equals two independent convolutions on the two halves of the channels", () => {
    const rng = createRng(5);
    const x = randn([2, 4, 6, 5], rng);
    const w = randn([6, 2, 3, 3], rng);
    const grouped = F.conv2d(x, w, null, { groups: 2, padding: 1 }).toArray() as number[][][][];
    const half = (t: Tensor, dim: number, part: number) => {
      const size = t.shape[dim] / 2;
      const values = t.toArray() as number[][][][];
      return new Tensor(
        Float64Array.from(
          (dim === 0
            ? values.slice(part * size, (part + 1) * size)
            : values.map((image) => image.slice(part * size, (part + 1) * size))
          ).flat(3),
        ),
        dim === 0 ? [size, ...t.shape.slice(1)] : [t.shape[0], size, ...t.shape.slice(2)],
      );
    };
    for (const part of [0, 1]) {
      const separate = F.conv2d(half(x, 1, part), half(w, 0, part), null, { padding: 1 }).toArray() as number[][][][];
      const fromGrouped = grouped.map((image) => image.slice(part * 3, (part + 1) * 3));
      expect(fromGrouped).toEqual(separate);
    }
  });

  it("passes gradcheck with groups 2, dilation 2, stride and padding", () => {
    const rng = createRng(6);
    const result = gradcheck(
      (x, w, b) => F.conv2d(x, w, b, { groups: 2, dilation: 2, stride: [1, 2], padding: 1 }),
      [randn([2, 4, 6, 7], rng), randn([4, 2, 2, 3], rng), randn([4], rng)],
    );
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("passes gradcheck depthwise (groups = channels)", () => {
    const rng = createRng(7);
    const result = gradcheck((x, w) => F.conv2d(x, w, null, { groups: 3 }), [randn([1, 3, 5, 5], rng), randn([3, 1, 3, 3], rng)]);
    expect(result.ok).toBe(true);
  });
});

describe("conv2d's bias gradient", () => {
  // The bias's gradient is summed in the weight's product when both learn, and on its own when only the bias does.
  it.each([
    ["both learn", true, true],
    ["the weight is frozen", false, true],
    ["the bias is frozen", true, false],
  ])("is the output gradient's sum per channel, and the weight's is unchanged, when %s", (_name, weightLearns, biasLearns) => {
    const rng = createRng(8);
    const x = randn([2, 4, 7, 6], rng);
    const w = new Tensor(randn([6, 2, 3, 3], rng).data, [6, 2, 3, 3], { requiresGrad: weightLearns });
    const b = new Tensor(randn([6], rng).data, [6], { requiresGrad: biasLearns });
    const gradOutput = randn([2, 6, 7, 6], rng);
    F.conv2d(x, w, b, { groups: 2, padding: 1 }).mul(gradOutput).sum().backward();
    if (biasLearns) {
      const sums = Array.from({ length: 6 }, (_, o) => {
        let total = 0;
        for (let n = 0; n < 2; n++) for (let p = 0; p < 42; p++) total += gradOutput.data[(n * 6 + o) * 42 + p];
        return total;
      });
      Array.from(b.grad!.data).forEach((value, o) => expect(value).toBeCloseTo(sums[o], 12));
    } else {
      expect(b.grad).toBeNull();
    }
    if (weightLearns) {
      const alone = new Tensor(w.data, w.shape, { requiresGrad: true });
      F.conv2d(x, alone, null, { groups: 2, padding: 1 }).mul(gradOutput).sum().backward();
      Array.from(w.grad!.data).forEach((value, i) => expect(value).toBeCloseTo(alone.grad!.data[i], 12));
    } else {
      expect(w.grad).toBeNull();
    }
  });
});

describe("conv2d refusals", () => {
  const codeOf = (attempt: () => unknown): AutogradErrorCode | undefined => {
    try {
      attempt();
    } catch (error) {
      return error instanceof AutogradError ? error.code : undefined;
    }
    return undefined;
  };

  it("refuses input channels that differ from the weight's, naming both shapes", () => {
    const attempt = () => F.conv2d(zeros([2, 3, 8, 8]), zeros([4, 2, 3, 3]));
    expect(codeOf(attempt)).toBe(AutogradErrorCode.ChannelMismatch);
    expect(attempt).toThrow(/weight of size \[4, 2, 3, 3\], expected input\[2, 3, 8, 8\] to have 2 channels, but got 3/);
  });

  it("refuses a dilated kernel larger than the padded input, giving both sizes", () => {
    const attempt = () => F.conv2d(zeros([1, 1, 4, 4]), zeros([1, 1, 3, 3]), null, { dilation: 2 });
    expect(codeOf(attempt)).toBe(AutogradErrorCode.KernelTooLarge);
    expect(attempt).toThrow(/padded input size per channel: \(4 x 4\)\. Kernel size: \(5 x 5\)/);
  });

  it("refuses out channels not divisible by groups, as PyTorch words it", () => {
    expectAutogradError(
      () => F.conv2d(zeros([1, 4, 5, 5]), zeros([5, 2, 3, 3]), null, { groups: 2 }),
      AutogradErrorCode.ChannelMismatch,
      /given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size \[5, 2, 3, 3\]/,
    );
  });

  it("refuses input channels that differ from groups × the weight's channels per group", () => {
    expectAutogradError(
      () => F.conv2d(zeros([1, 4, 5, 5]), zeros([6, 1, 3, 3]), null, { groups: 2 }),
      AutogradErrorCode.ChannelMismatch,
      /given groups=2, weight of size \[6, 1, 3, 3\], expected input\[1, 4, 5, 5\] to have 2 channels, but got 4/,
    );
  });

  it("refuses groups that are not a positive integer", () => {
    expectAutogradError(
      () => F.conv2d(zeros([1, 2, 5, 5]), zeros([2, 2, 3, 3]), null, { groups: 0 }),
      AutogradErrorCode.InvalidArgument,
      /groups must be a positive integer, but got 0/,
    );
  });

  it("refuses padding 'same' with a stride, as PyTorch", () => {
    expect(() => F.conv2d(zeros([1, 1, 4, 4]), zeros([1, 1, 3, 3]), null, { padding: "same", stride: 2 })).toThrow(/strided/);
  });
});

describe("im2col and col2im", () => {
  it("col2im is the adjoint of im2col: ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩, so the input gradient is exact", () => {
    // Through the op: the input gradient for upstream G is the adjoint applied to G,
    // so ⟨conv(x), G⟩ (bias-free, linear in x) must equal ⟨x, d/dx⟩ for every x.
    const rng = createRng(3);
    const x = randn([2, 3, 9, 7], rng, { requiresGrad: true });
    const w = randn([4, 3, 3, 2], rng);
    const y = F.conv2d(x, w, null, { stride: [2, 1], padding: [2, 1], dilation: [1, 3] });
    const g = randn(y.shape, rng);
    y.backward(g);
    const lhs = y.data.reduce((s, v, i) => s + v * g.data[i], 0);
    const rhs = x.data.reduce((s, v, i) => s + v * x.grad!.data[i], 0);
    expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-12 * Math.abs(lhs) + 1e-12);
  });

  it("computes a hand-checkable 2×2 cross-correlation (not a flipped convolution)", () => {
    const x = new Tensor(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), [1, 1, 3, 3]);
    const w = new Tensor(Float64Array.from([1, 0, 0, -1]), [1, 1, 2, 2]);
    // out[i, j] = x[i, j] − x[i+1, j+1] = −4 everywhere.
    expect(F.conv2d(x, w).toArray()).toEqual([
      [
        [
          [-4, -4],
          [-4, -4],
        ],
      ],
    ]);
  });
});
