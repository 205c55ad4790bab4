/**
 * gelu, leakyRelu, softplus and elu against PyTorch's fixtures
 * (activations.json, made by make_golden_activations.py), including inputs
 * exactly at the kinks and thresholds, and a finite-difference gradcheck
 * away from them (gradcheck's defaults: atol 1e-5, rtol 1e-3 with h = 1e-6,
 * whose O(h²) truncation and 1e-10 rounding errors are far inside that).
 */
import { AutogradErrorCode, createRng, functional as F, gradcheck, randn, tensor, Tensor } from "../../../../grader/autograd";
import type { EluOptions, GeluOptions, LeakyReluOptions, SoftplusOptions } from "../../../../grader/autograd/functional";
import { expectAutogradError } from "../expect-error";
import { decode, expectMatches, loadFixture, type Encoded } from "../golden";

type ActivationCase = { note: string; x: Encoded; grad_output: Encoded; output: Encoded; grad_x: Encoded } & (
  | { op: "gelu"; options: GeluOptions }
  | { op: "leakyRelu"; options: LeakyReluOptions }
  | { op: "softplus"; options: SoftplusOptions }
  | { op: "elu"; options: EluOptions }
);

const { torch: torchVersion, cases } = loadFixture<{ torch: string; cases: ActivationCase[] }>("activations.json");

function apply(c: ActivationCase, x: Tensor): Tensor {
  switch (c.op) {
    case "gelu":
      return F.gelu(x, c.options);
    case "leakyRelu":
      return F.leakyRelu(x, c.options);
    case "softplus":
      return F.softplus(x, c.options);
    case "elu":
      return F.elu(x, c.options);
  }
}

describe(`activations against PyTorch ${torchVersion}`, () => {
  it.each(cases.map((c) => [`${c.op} ${JSON.stringify(c.options)} (${c.note})`, c] as const))(
    "%s: value and vector-Jacobian product agree",
    (_name, c) => {
      const x = decode(c.x, true);
      const y = apply(c, x);
      expectMatches(y, c.output);
      y.backward(decode(c.grad_output));
      expectMatches(x.grad, c.grad_x);
    },
  );

  it("covers every activation, with kink, threshold and large-magnitude inputs", () => {
    expect(new Set(cases.map((c) => c.op))).toEqual(new Set(["gelu", "leakyRelu", "softplus", "elu"]));
    expect(cases.filter((c) => c.note.startsWith("at 0")).map((c) => c.op)).toEqual(expect.arrayContaining(["leakyRelu", "elu"]));
    expect(cases.filter((c) => c.op === "softplus" && c.note.startsWith("at the threshold")).length).toBeGreaterThanOrEqual(4);
    expect(new Set(cases.filter((c) => c.note === "large magnitudes").map((c) => c.op)).size).toBe(4);
  });
});

/** The derivative at each input, from backward with a gradient of ones. */
function derivative(f: (x: Tensor) => Tensor, values: number[]): number[] {
  const x = tensor(values, { requiresGrad: true });
  f(x).sum().backward();
  return Array.from(x.grad!.data);
}

describe("conventions at kinks and thresholds, as PyTorch", () => {
  it("gives leakyRelu the negative slope as its derivative at exactly 0", () => {
    expect(derivative((x) => F.leakyRelu(x), [-1, 0, 2])).toEqual([0.01, 0.01, 1]);
    expect(derivative((x) => F.leakyRelu(x, { negativeSlope: 0.2 }), [0])).toEqual([0.2]);
  });

  it("gives elu the derivative alpha at exactly 0 (the negative branch)", () => {
    expect(derivative((x) => F.elu(x, { alpha: 0.5 }), [0, 1])).toEqual([0.5, 1]);
  });

  it("keeps softplus on its log1p branch at beta·x equal to the threshold, and linear just above it", () => {
    const [atThreshold, above] = derivative((x) => F.softplus(x, { beta: 2, threshold: 10 }), [5, 5.25]);
    expect(atThreshold).toBeCloseTo(1 / (1 + Math.exp(-10)), 15);
    expect(atThreshold).toBeLessThan(1);
    expect(above).toBe(1);
    expect(Array.from(F.softplus(tensor([5.25]), { beta: 2, threshold: 10 }).data)).toEqual([5.25]);
  });

  it("gives gelu(0) = 0 with derivative 1/2 in both forms, and saturates without overflow", () => {
    for (const approximate of ["none", "tanh"] as const) {
      expect(derivative((x) => F.gelu(x, { approximate }), [0])).toEqual([0.5]);
      const y = F.gelu(tensor([-1000, 1000]), { approximate });
      expect(Array.from(y.data).map((v) => v + 0)).toEqual([0, 1000]);
    }
  });
});

describe("activation gradcheck away from kinks", () => {
  const rng = createRng(21);
  /** Values with |x| ≥ 0.1, away from the kinks at 0. */
  const awayFromZero = (shape: number[]) =>
    new Tensor(
      randn(shape, rng)
        .mul(2)
        .data.map((v) => (v >= 0 ? v + 0.1 : v - 0.1)),
      shape,
    );

  const checks: [string, (x: Tensor) => Tensor, Tensor][] = [
    ["gelu (exact)", (x) => F.gelu(x), randn([3, 4], rng).mul(2)],
    ["gelu (tanh)", (x) => F.gelu(x, { approximate: "tanh" }), randn([3, 4], rng).mul(2)],
    ["leakyRelu", (x) => F.leakyRelu(x, { negativeSlope: 0.2 }), awayFromZero([3, 4])],
    ["elu", (x) => F.elu(x, { alpha: 1.5 }), awayFromZero([3, 4])],
    ["softplus", (x) => F.softplus(x, { beta: 2 }), randn([3, 4], rng).mul(2)],
    // beta·x stays at least 0.1 from the threshold 1, on both sides.
    ["softplus across its threshold", (x) => F.softplus(x, { threshold: 1 }), tensor([-2, -0.5, 0.3, 0.9, 1.1, 2.5])],
  ];

  it.each(checks)("%s: analytic gradient matches central differences", (_name, f, x) => {
    const result = gradcheck(f, [x.detach()]);
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe("activation option errors", () => {
  const x = tensor([1, -1]);
  it("refuses a negative or zero softplus beta, naming beta", () => {
    expectAutogradError(
      () => F.softplus(x, { beta: -1 }),
      AutogradErrorCode.InvalidArgument,
      /softplus: beta must be a positive finite number, but got -1/,
    );
    expectAutogradError(() => F.softplus(x, { beta: 0 }), AutogradErrorCode.InvalidArgument, /beta .* got 0/);
  });

  it("refuses a gelu approximation other than none or tanh", () => {
    expectAutogradError(
      () => F.gelu(x, { approximate: "sigmoid" as "tanh" }),
      AutogradErrorCode.InvalidArgument,
      /gelu: approximate must be "none" or "tanh", but got "sigmoid"/,
    );
  });

  it("refuses a non-finite leakyRelu slope or elu alpha", () => {
    expectAutogradError(
      () => F.leakyRelu(x, { negativeSlope: NaN }),
      AutogradErrorCode.InvalidArgument,
      /leakyRelu: negativeSlope must be a finite number/,
    );
    expectAutogradError(() => F.elu(x, { alpha: Infinity }), AutogradErrorCode.InvalidArgument, /elu: alpha must be a finite number/);
  });
});
