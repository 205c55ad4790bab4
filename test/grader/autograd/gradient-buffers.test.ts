import { createRng, functional as F, gradients, randn, Tensor } from "../../../grader/autograd";

/**
 * backward.ts reuses the large gradient arrays of maxPool2d and conv2d once
 * they are dead. These tests build graphs where a reused array would still
 * be in use if the bookkeeping were wrong, and check the exact gradients.
 * The image is 256×256 so that its gradient is large enough to be pooled.
 */
const rng = createRng(5);
const side = 256;
const image = () => new Tensor(randn([1, 1, side, side], rng).data, [1, 1, side, side], { requiresGrad: true });
const weights = () => randn([1, 1, side / 2, side / 2], rng);

/** d/dx of Σ w·maxPool2×2(s·x) for s > 0: s·w at each window's maximum (random data: no ties). */
function expectedPoolGradient(x: Tensor, terms: { scale: number; w: Tensor }[]): Float64Array {
  const grad = new Float64Array(x.numel);
  for (let oh = 0; oh < side / 2; oh++) {
    for (let ow = 0; ow < side / 2; ow++) {
      const window = [0, 1, side, side + 1].map((d) => 2 * oh * side + 2 * ow + d);
      const winner = window.reduce((best, i) => (x.data[i] > x.data[best] ? i : best));
      for (const { scale, w } of terms) grad[winner] += scale * w.data[oh * (side / 2) + ow];
    }
  }
  return grad;
}

describe("reused gradient buffers", () => {
  it("keep a pooled gradient that add hands to two branches until both have used it", () => {
    const x = image();
    const w = weights();
    // 1×1 convolutions with weight 1 are the identity, and each asks for a pooled buffer in its backward.
    const identity = (input: Tensor) => F.conv2d(input, new Tensor(new Float64Array([1]), [1, 1, 1, 1]));
    // maxPool's gradient g goes through add to both branches. The second branch runs first (reverse
    // topological order), then its inner convolution asks for a buffer of g's size while the first
    // branch still needs g: a g recycled too early would come back zeroed.
    const h = x.mul(2).add(identity(identity(x.mul(3))));
    F.maxPool2d(h, { kernelSize: 2 }).mul(w).sum().backward();
    const expected = expectedPoolGradient(x, [{ scale: 5, w }]);
    const grad = x.grad!.data;
    // Each entry is one product s·w, or zero: exact up to the rounding of 2x + 3x.
    const worst = expected.reduce((max, value, i) => Math.max(max, Math.abs(grad[i] - value)), 0);
    expect(worst).toBeLessThanOrEqual(1e-12);
  });

  it("gives the same gradients on every pass, while buffers are handed out again", () => {
    const x = image();
    const w = weights();
    const run = () => gradients(F.maxPool2d(x.mul(3), { kernelSize: 2 }).mul(w).sum(), new Float64Array([1]), [x])[0];
    const first = Float64Array.from(run());
    for (let pass = 0; pass < 3; pass++) expect(Array.from(run())).toEqual(Array.from(first));
    expect(Array.from(first)).toEqual(Array.from(expectedPoolGradient(x, [{ scale: 3, w }])));
  });

  /** gradients() of Σ w·maxPool(2x) for the intermediate h = 2x, with a copy of the returned array to compare against later. */
  function intermediateGradient() {
    const x = image();
    const w = weights();
    const pooled = (input: Tensor) => F.maxPool2d(input, { kernelSize: 2 }).mul(w).sum();
    const h = x.mul(2);
    const [gradH] = gradients(pooled(h), new Float64Array([1]), [h]);
    return { x, h, pooled, gradH, kept: Float64Array.from(gradH) };
  }

  it("never reuses a gradient that gradients() returned for an intermediate tensor", () => {
    const { x, pooled, gradH, kept } = intermediateGradient();
    // Further passes take pooled buffers of the same size; the returned array must not change.
    for (let pass = 0; pass < 3; pass++) pooled(x.mul(2)).backward();
    expect(Array.from(gradH)).toEqual(Array.from(kept));
  });

  it("never reuses a caller's array passed back in as the seed of another backward pass", () => {
    const { x, h, gradH, kept } = intermediateGradient();
    // The caller's array is the seed here: the pass must not take it back when mul has consumed it.
    x.mul(2).backward(new Tensor(gradH, h.shape));
    // Passes with other weights, whose pooled buffers of the same size would overwrite a reused gradH.
    const other = weights();
    for (let pass = 0; pass < 3; pass++) F.maxPool2d(x.mul(2), { kernelSize: 2 }).mul(other).sum().backward();
    expect(Array.from(gradH)).toEqual(Array.from(kept));
  });
});
