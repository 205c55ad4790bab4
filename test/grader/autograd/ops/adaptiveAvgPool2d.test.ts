/**
 * adaptiveAvgPool2d against PyTorch's fixtures (pooling.json, made by
 * make_golden_norm_pool.py) and a finite-difference gradcheck with
 * gradcheck's defaults (the op is linear).
 */
import { AutogradErrorCode, createRng, functional as F, gradcheck, randn, tensor, Tensor } from "../../../../grader/autograd";
import type { AdaptiveOutputSize } from "../../../../grader/autograd/functional";
import { expectAutogradError } from "../expect-error";
import { decode, expectMatches, loadFixture, type Encoded } from "../golden";

interface AdaptivePoolCase {
  note: string;
  outputSize: AdaptiveOutputSize;
  x: Encoded;
  grad_output: Encoded;
  output: Encoded;
  grad_x: Encoded;
}

const { torch: torchVersion, adaptiveAvgPool2d: cases } = loadFixture<{ torch: string; adaptiveAvgPool2d: AdaptivePoolCase[] }>(
  "pooling.json",
);

describe(`adaptiveAvgPool2d against PyTorch ${torchVersion}`, () => {
  it.each(cases.map((c) => [`${JSON.stringify(c.x.shape)} to ${JSON.stringify(c.outputSize)} (${c.note})`, c] as const))(
    "%s: output and the gradient of the input agree",
    (_name, c) => {
      const x = decode(c.x, true);
      const y = F.adaptiveAvgPool2d(x, c.outputSize);
      expectMatches(y, c.output);
      y.backward(decode(c.grad_output));
      expectMatches(x.grad, c.grad_x);
    },
  );

  it("covers sizes that do not divide, 1×1, null entries and unbatched input", () => {
    expect(cases.some((c) => c.outputSize === 1)).toBe(true);
    expect(cases.filter((c) => Array.isArray(c.outputSize) && c.outputSize.includes(null)).length).toBe(2);
    expect(cases.some((c) => c.x.shape.length === 3)).toBe(true);
    expect(cases.some((c) => c.note.startsWith("to sizes that do not divide"))).toBe(true);
  });
});

describe("adaptiveAvgPool2d conventions", () => {
  it("averages overlapping windows [⌊i·H/oh⌋, ⌈(i+1)·H/oh⌉) when the output size does not divide the input", () => {
    // Width 5 to 3: windows [0, 2), [1, 4), [3, 5).
    const x = tensor([[[[1, 2, 3, 4, 5]]]], { requiresGrad: true });
    const y = F.adaptiveAvgPool2d(x, [1, 3]);
    expect(Array.from(y.data)).toEqual([1.5, 3, 4.5]);
    y.sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([1 / 2, 1 / 2 + 1 / 3, 1 / 3, 1 / 3 + 1 / 2, 1 / 2]);
  });

  it("keeps a dimension given as null and returns the global mean for 1×1", () => {
    const x = randn([2, 3, 4, 5], createRng(3));
    expect(F.adaptiveAvgPool2d(x, [null, 2]).shape).toEqual([2, 3, 4, 2]);
    expect(F.adaptiveAvgPool2d(x, null).shape).toEqual([2, 3, 4, 5]);
    const global = F.adaptiveAvgPool2d(x, 1);
    expect(global.shape).toEqual([2, 3, 1, 1]);
    // Summed in the same row-major order, then divided once: equal to the last bit.
    const first = x.data.subarray(0, 20).reduce((a, b) => a + b, 0) / 20;
    expect(global.data[0]).toBe(first);
  });
});

describe("adaptiveAvgPool2d gradcheck", () => {
  it("matches central differences when windows overlap", () => {
    const result = gradcheck((x) => F.adaptiveAvgPool2d(x, [3, 4]), [randn([1, 2, 5, 7], createRng(34)).detach()]);
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe("adaptiveAvgPool2d errors", () => {
  it("refuses a negative or fractional output size", () => {
    const x = new Tensor(new Float64Array(16), [1, 1, 4, 4]);
    expectAutogradError(
      () => F.adaptiveAvgPool2d(x, -1),
      AutogradErrorCode.InvalidArgument,
      /adaptiveAvgPool2d: outputSize must be non-negative integers \(or null to keep a dimension\), but got -1/,
    );
    expectAutogradError(() => F.adaptiveAvgPool2d(x, [2, 1.5]), AutogradErrorCode.InvalidArgument, /but got \[2,1.5\]/);
  });

  it("refuses inputs that are not 3-D or 4-D, or that have no rows or columns", () => {
    expectAutogradError(
      () =>
        F.adaptiveAvgPool2d(
          tensor([
            [1, 2],
            [3, 4],
          ]),
          1,
        ),
      AutogradErrorCode.ShapeMismatch,
      /but got shape \[2, 2\]/,
    );
    expectAutogradError(
      () => F.adaptiveAvgPool2d(new Tensor(new Float64Array(0), [1, 2, 0, 3]), 1),
      AutogradErrorCode.ShapeMismatch,
      /non-zero height and width, but got shape \[1, 2, 0, 3\]/,
    );
  });
});
