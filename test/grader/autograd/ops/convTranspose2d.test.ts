import { AutogradErrorCode, createRng, functional as F, gradcheck, randn, Tensor, zeros } from "../../../../grader/autograd";
import { convTransposeGeometry } from "../../../../grader/autograd/geometry";
import { decode, expectMatches } from "../golden";
import { expectAutogradError } from "../expect-error";
import { convolutionCases } from "./convolution-fixture";

describe("convTranspose2d against PyTorch (convolution.json)", () => {
  it.each(convolutionCases("convTranspose2d"))("%s: output and the gradients of input, weight and bias agree", (_name, c) => {
    const input = decode(c.input, true);
    const weight = decode(c.weight, true);
    const bias = c.bias ? decode(c.bias, true) : null;
    const output = F.convTranspose2d(input, weight, bias, c.options);
    expectMatches(output, c.output);
    output.backward(decode(c.grad_output));
    expectMatches(input.grad, c.grad_input);
    expectMatches(weight.grad, c.grad_weight);
    if (bias) expectMatches(bias.grad, c.grad_bias);
  });
});

describe("convTranspose2d as the adjoint of conv2d", () => {
  it("satisfies ⟨convTranspose2d(y, W), x⟩ = ⟨y, conv2d(x, W)⟩ with the same weight, stride, padding, dilation and groups", () => {
    // conv2d maps x (4 channels, 9×8) to y (6 channels); with weight [6, 2, 3, 3]
    // read as [C_in, C_out/groups, kH, kW], the transposed op maps y back to 9×8
    // (output padding 1 restores the row the stride dropped).
    const rng = createRng(11);
    const options = { stride: 2, padding: 1, dilation: [1, 2] as [number, number], groups: 2 };
    const w = randn([6, 2, 3, 3], rng);
    const x = randn([2, 4, 9, 8], rng);
    const y = randn([2, 6, 5, 3], rng);
    const forward = F.conv2d(x, w, null, options);
    expect(forward.shape).toEqual([2, 6, 5, 3]);
    const transposed = F.convTranspose2d(y, w, null, { ...options, outputPadding: [0, 1] });
    expect(transposed.shape).toEqual([2, 4, 9, 8]);
    const lhs = transposed.data.reduce((s, v, i) => s + v * x.data[i], 0);
    const rhs = forward.data.reduce((s, v, i) => s + v * y.data[i], 0);
    expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-12 * Math.abs(lhs) + 1e-12);
  });

  it("scatters each input pixel's weighted kernel with the stride (a hand-checkable 1×1 → 2×2 case)", () => {
    const x = new Tensor(Float64Array.from([1, 2]), [1, 1, 1, 2]);
    const w = new Tensor(Float64Array.from([1, 10]), [1, 1, 1, 2]);
    // stride 2 along width: pixel 1 writes [1, 10] at columns 0–1, pixel 2 writes [2, 20] at 2–3.
    expect(F.convTranspose2d(x, w, null, { stride: [1, 2] }).toArray()).toEqual([[[[1, 10, 2, 20]]]]);
  });

  it("passes gradcheck with groups 2, stride 2, dilation 2 and output padding", () => {
    const rng = createRng(12);
    const result = gradcheck(
      (x, w, b) => F.convTranspose2d(x, w, b, { groups: 2, stride: 2, dilation: 2, padding: 1, outputPadding: 1 }),
      [randn([2, 4, 3, 3], rng), randn([4, 1, 2, 3], rng), randn([2], rng)],
    );
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe("convTransposeGeometry", () => {
  it("gives PyTorch's size (in − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1 per dimension", () => {
    const g = convTransposeGeometry(
      5,
      4,
      { kernelSize: [3, 2], stride: [2, 3], padding: [1, 0], outputPadding: [1, 2], dilation: [1, 2] },
      "t",
    );
    expect([g.outHeight, g.outWidth]).toEqual([(5 - 1) * 2 - 2 + 2 + 1 + 1, (4 - 1) * 3 - 0 + 2 + 2 + 1]);
    expect(g.padding).toEqual([1, 0]);
    expect(g.outputPadding).toEqual([1, 2]);
  });

  it("allows an output padding at or above the stride when it is below the dilation, as PyTorch", () => {
    expect(convTransposeGeometry(3, 3, { kernelSize: 3, outputPadding: 1, dilation: 2 }, "t").outHeight).toBe(8);
  });
});

describe("convTranspose2d refusals", () => {
  it("refuses an output padding not below either the stride or the dilation", () => {
    expectAutogradError(
      () => F.convTranspose2d(zeros([1, 2, 3, 3]), zeros([2, 3, 3, 3]), null, { stride: 2, outputPadding: [0, 2] }),
      AutogradErrorCode.InvalidArgument,
      /output padding must be smaller than either stride or dilation, but got output_padding \(0, 2\), stride \(2, 2\) and dilation \(1, 1\)/,
    );
  });

  it("refuses an output size below 1, giving the calculated size", () => {
    expectAutogradError(
      () => F.convTranspose2d(zeros([1, 2, 3, 3]), zeros([2, 3, 2, 2]), null, { padding: 2 }),
      AutogradErrorCode.OutputTooSmall,
      /input size per channel: \(3 x 3\)\. Calculated output size per channel: \(0 x 0\)\. Output size is too small/,
    );
  });

  it("refuses negative padding and negative output padding", () => {
    expectAutogradError(
      () => F.convTranspose2d(zeros([1, 1, 3, 3]), zeros([1, 1, 2, 2]), null, { padding: -1 }),
      AutogradErrorCode.InvalidArgument,
      /negative padding/,
    );
    expectAutogradError(
      () => F.convTranspose2d(zeros([1, 1, 3, 3]), zeros([1, 1, 2, 2]), null, { stride: 2, outputPadding: -1 }),
      AutogradErrorCode.InvalidArgument,
      /negative output_padding/,
    );
  });

  it("refuses input channels that differ from the weight's first dimension (in-channels first)", () => {
    expectAutogradError(
      () => F.convTranspose2d(zeros([1, 4, 5, 5]), zeros([3, 3, 3, 3])),
      AutogradErrorCode.ChannelMismatch,
      /given transposed=1, weight of size \[3, 3, 3, 3\], expected input\[1, 4, 5, 5\] to have 3 channels, but got 4/,
    );
  });

  it("refuses a weight whose first dimension is not divisible by groups", () => {
    expectAutogradError(
      () => F.convTranspose2d(zeros([1, 3, 5, 5]), zeros([3, 3, 3, 3]), null, { groups: 2 }),
      AutogradErrorCode.ChannelMismatch,
      /given groups=2, expected weight to be divisible by 2 at dimension 0/,
    );
  });

  it("refuses a bias whose length is not C_out = groups × the weight's second dimension", () => {
    expectAutogradError(
      () => F.convTranspose2d(zeros([1, 4, 5, 5]), zeros([4, 3, 3, 3]), zeros([3]), { groups: 2 }),
      AutogradErrorCode.ShapeMismatch,
      /expected \[6\]/,
    );
  });
});
