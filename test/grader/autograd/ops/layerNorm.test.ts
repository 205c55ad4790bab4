/**
 * layerNorm against PyTorch's fixtures (layerNorm.json, made by
 * make_golden_activations.py) and a finite-difference gradcheck with
 * gradcheck's defaults (atol 1e-5, rtol 1e-3, h = 1e-6: the function is
 * smooth wherever a slice is not constant, so the central difference's error
 * is far inside that).
 */
import { AutogradErrorCode, createRng, functional as F, gradcheck, randn, tensor, Tensor } from "../../../../grader/autograd";
import type { LayerNormOptions } from "../../../../grader/autograd/functional";
import { expectAutogradError } from "../expect-error";
import { affineInputs, expectAffineAgreement, loadFixture, type Encoded } from "../golden";

interface LayerNormCase {
  note: string;
  normalizedShape: number[] | number;
  options: Pick<LayerNormOptions, "eps">;
  x: Encoded;
  weight: Encoded | null;
  bias: Encoded | null;
  grad_output: Encoded;
  output: Encoded;
  grad_x: Encoded;
  grad_weight: Encoded | null;
  grad_bias: Encoded | null;
}

const { torch: torchVersion, cases } = loadFixture<{ torch: string; cases: LayerNormCase[] }>("layerNorm.json");

describe(`layerNorm against PyTorch ${torchVersion}`, () => {
  it.each(cases.map((c) => [`${JSON.stringify(c.x.shape)} over ${JSON.stringify(c.normalizedShape)} (${c.note})`, c] as const))(
    "%s: output and the gradients of input, weight and bias agree",
    (_name, c) => {
      const inputs = affineInputs(c);
      const { x, weight, bias } = inputs;
      const y = F.layerNorm(x, c.normalizedShape, { ...c.options, weight, bias });
      expectAffineAgreement(y, inputs, c);
    },
  );

  it("includes a constant slice, a large offset and a custom eps among the fixtures", () => {
    expect(cases.map((c) => c.note)).toEqual(
      expect.arrayContaining(["a constant slice: variance 0, so 1/sqrt(eps)", "large offset and scale", "eps 0.1"]),
    );
  });
});

describe("layerNorm conventions", () => {
  it("divides the variance by N (biased, as PyTorch), with eps 1e-5 by default", () => {
    // Mean 2.5, biased variance 1.25 (the unbiased one would be 5/3).
    const y = F.layerNorm(tensor([1, 2, 3, 4]), [4]);
    const r = 1 / Math.sqrt(1.25 + 1e-5);
    expect(Array.from(y.data)).toEqual([-1.5 * r, -0.5 * r, 0.5 * r, 1.5 * r]);
  });

  it("maps a constant slice to the bias and scales its centred gradient by 1/sqrt(eps)", () => {
    const x = tensor([[3, 3, 3]], { requiresGrad: true });
    const bias = tensor([0.5, -1, 2]);
    const y = F.layerNorm(x, 3, { bias });
    expect(Array.from(y.data)).toEqual([0.5, -1, 2]);
    y.backward(tensor([[1, -2, 0.5]]));
    // x̂ = 0, so dx = (g − mean(g))/√eps with mean(g) = −1/6; tolerance: a few roundings of values near 500.
    const r = 1 / Math.sqrt(1e-5);
    [7 / 6, -11 / 6, 2 / 3].forEach((centred, i) => expect(x.grad!.data[i]).toBeCloseTo(centred * r, 10));
  });
});

describe("layerNorm gradcheck", () => {
  const rng = createRng(22);
  const random = (shape: number[]) => randn(shape, rng).detach();

  it("matches central differences for input, weight and bias over the last dimension", () => {
    const result = gradcheck((x, w, b) => F.layerNorm(x, [4], { weight: w, bias: b }), [random([3, 4]), random([4]), random([4])]);
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("matches central differences over the last two dimensions without affine parameters", () => {
    const result = gradcheck((x) => F.layerNorm(x, [2, 3], { eps: 1e-3 }), [random([2, 2, 3])]);
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe("layerNorm errors", () => {
  const x = new Tensor(new Float64Array(24), [2, 3, 4]);

  it("refuses a normalizedShape that does not match the input's trailing dimensions, naming both shapes", () => {
    expectAutogradError(
      () => F.layerNorm(x, [3]),
      AutogradErrorCode.ShapeMismatch,
      /layerNorm: normalizedShape \[3\] does not match the trailing dimensions of the input \[2, 3, 4\]/,
    );
    expectAutogradError(() => F.layerNorm(x, [4, 3]), AutogradErrorCode.ShapeMismatch, /normalizedShape \[4, 3\]/);
    expectAutogradError(() => F.layerNorm(x, [1, 2, 3, 4]), AutogradErrorCode.ShapeMismatch, /normalizedShape \[1, 2, 3, 4\]/);
  });

  it("refuses a weight or bias whose shape is not normalizedShape", () => {
    expectAutogradError(
      () => F.layerNorm(x, [3, 4], { weight: tensor([1, 2, 3, 4]) }),
      AutogradErrorCode.ShapeMismatch,
      /layerNorm: weight of shape \[4\] does not match normalizedShape \[3, 4\]/,
    );
    expectAutogradError(() => F.layerNorm(x, [4], { bias: tensor([1, 2, 3]) }), AutogradErrorCode.ShapeMismatch, /bias of shape \[3\]/);
  });

  it("refuses an empty normalizedShape and a negative eps", () => {
    expectAutogradError(() => F.layerNorm(x, []), AutogradErrorCode.InvalidArgument, /at least one dimension/);
    expectAutogradError(
      () => F.layerNorm(x, [4], { eps: -1 }),
      AutogradErrorCode.InvalidArgument,
      /eps must be a non-negative finite number, but got -1/,
    );
  });
});
