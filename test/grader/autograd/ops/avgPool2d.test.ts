/**
 * avgPool2d against PyTorch's fixtures (pooling.json, made by
 * make_golden_norm_pool.py) and a finite-difference gradcheck with
 * gradcheck's defaults (the op is linear, so the central difference is
 * exact up to rounding).
 */
import { AutogradErrorCode, createRng, functional as F, gradcheck, randn, tensor, Tensor } from "../../../../grader/autograd";
import type { AvgPool2dOptions } from "../../../../grader/autograd/functional";
import type { Pair } from "../../../../grader/autograd";
import { expectAutogradError } from "../expect-error";
import { decode, expectMatches, loadFixture, type Encoded } from "../golden";

interface AvgPoolCase {
  note: string;
  kernelSize: Pair;
  options: AvgPool2dOptions;
  x: Encoded;
  grad_output: Encoded;
  output: Encoded;
  grad_x: Encoded;
}

const { torch: torchVersion, avgPool2d: cases } = loadFixture<{ torch: string; avgPool2d: AvgPoolCase[] }>("pooling.json");

describe(`avgPool2d against PyTorch ${torchVersion}`, () => {
  it.each(
    cases.map(
      (c) => [`${JSON.stringify(c.x.shape)} kernel ${JSON.stringify(c.kernelSize)} ${JSON.stringify(c.options)} (${c.note})`, c] as const,
    ),
  )("%s: output and the gradient of the input agree", (_name, c) => {
    const x = decode(c.x, true);
    const y = F.avgPool2d(x, c.kernelSize, c.options);
    expectMatches(y, c.output);
    y.backward(decode(c.grad_output));
    expectMatches(x.grad, c.grad_x);
  });

  it("covers ceilMode with and without countIncludePad, divisorOverride, padding, stride ≠ kernel and unbatched input", () => {
    expect(cases.filter((c) => c.options.ceilMode && c.options.padding).length).toBeGreaterThanOrEqual(3);
    expect(cases.some((c) => c.options.ceilMode && c.options.countIncludePad === false)).toBe(true);
    expect(cases.some((c) => c.options.divisorOverride)).toBe(true);
    expect(cases.some((c) => c.options.stride !== undefined && JSON.stringify(c.options.stride) !== JSON.stringify(c.kernelSize))).toBe(
      true,
    );
    expect(cases.filter((c) => c.x.shape.length === 3).length).toBeGreaterThanOrEqual(2);
  });
});

describe("avgPool2d conventions", () => {
  // One plane of 1..9 in a 3×3 grid.
  const grid = () => new Tensor(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), [1, 1, 3, 3], { requiresGrad: true });

  it("counts padding in the divisor by default, and only real positions without countIncludePad", () => {
    // Kernel 2, stride 2, padding 1: the top-left window holds only the 1 (three padded zeros).
    expect(F.avgPool2d(grid(), 2, { padding: 1 }).data[0]).toBe(1 / 4);
    expect(F.avgPool2d(grid(), 2, { padding: 1, countIncludePad: false }).data[0]).toBe(1);
  });

  it("with ceilMode, divides a window cut by the input's end by its size within the input", () => {
    // Kernel 2, stride 2, no padding, ceilMode: outputs 2×2; the last column's window holds 3 and 6 only.
    const y = F.avgPool2d(grid(), 2, { ceilMode: true });
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(Array.from(y.data)).toEqual([3, 4.5, 7.5, 9]);
  });

  it("with ceilMode and padding, counts the padding but not the part past the padded input", () => {
    // 4×4 input of 1..16, kernel 3, stride 2, padding 1, ceilMode: 3×3 outputs (2×2 without ceilMode). The
    // last row of windows spans padded rows 3..5; row 4 is the padding and row 5 lies past it, so 2 rows count.
    const x = new Tensor(
      Float64Array.from({ length: 16 }, (_, i) => i + 1),
      [1, 1, 4, 4],
    );
    const y = F.avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true });
    expect(y.shape).toEqual([1, 1, 3, 3]);
    expect(y.data[0]).toBe((1 + 2 + 5 + 6) / 9);
    expect(y.data[6]).toBe((13 + 14) / 6);
    expect(y.data[8]).toBe(16 / 4);
    // Without countIncludePad the divisor is the number of real positions.
    expect(F.avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }).data[8]).toBe(16);
  });

  it("divides by divisorOverride and spreads the gradient by the same divisor", () => {
    const x = grid();
    const y = F.avgPool2d(x, 2, { stride: 1, divisorOverride: 2 });
    expect(Array.from(y.data)).toEqual([6, 8, 12, 14]);
    y.sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([0.5, 1, 0.5, 1, 2, 1, 0.5, 1, 0.5]);
  });
});

describe("avgPool2d gradcheck", () => {
  const rng = createRng(33);

  it("matches central differences with padding, ceilMode and countIncludePad off", () => {
    const result = gradcheck(
      (x) => F.avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }),
      [randn([1, 2, 6, 5], rng).detach()],
    );
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe("avgPool2d errors", () => {
  const x = new Tensor(new Float64Array(16), [1, 1, 4, 4]);

  it("refuses padding above half the kernel, as PyTorch", () => {
    expectAutogradError(
      () => F.avgPool2d(x, 3, { padding: 2 }),
      AutogradErrorCode.PoolPaddingTooLarge,
      /avgPool2d: pad should be at most half of effective kernel size, but got pad=2, kernel_size=3/,
    );
  });

  it("refuses a zero or fractional divisorOverride", () => {
    expectAutogradError(
      () => F.avgPool2d(x, 2, { divisorOverride: 0 }),
      AutogradErrorCode.InvalidArgument,
      /divisorOverride must be a non-zero integer, but got 0/,
    );
    expectAutogradError(() => F.avgPool2d(x, 2, { divisorOverride: 1.5 }), AutogradErrorCode.InvalidArgument, /but got 1.5/);
  });

  it("refuses inputs that are not 3-D or 4-D, and a kernel larger than the input", () => {
    expectAutogradError(
      () =>
        F.avgPool2d(
          tensor([
            [1, 2],
            [3, 4],
          ]),
          2,
        ),
      AutogradErrorCode.ShapeMismatch,
      /3-D \(C, H, W\) or 4-D \(N, C, H, W\) input, but got shape \[2, 2\]/,
    );
    expectAutogradError(
      () => F.avgPool2d(x, 5),
      AutogradErrorCode.OutputTooSmall,
      /avgPool2d: given input size: \(1x4x4\).*Output size is too small/,
    );
  });
});
