/**
 * A finite-difference check of every op on random inputs away from kinks
 * (|x| bounded below for relu and abs, distinct values in every pooling
 * window, positive arguments for log, sqrt and fractional powers).
 * Tolerances are gradcheck's defaults: atol 1e-5, rtol 1e-3 against central
 * differences with h = 1e-6, whose truncation error is O(h²)·|f'''| ≈ 1e-12
 * and rounding error ≈ 1e-16/h ≈ 1e-10 for these O(1) functions.
 */
import { createRng, functional as F, gradcheck, randn, Tensor } from "../../../grader/autograd";

const rng = createRng(2024);
const random = (shape: number[], scale = 1) => randn(shape, rng).mul(scale).detach();
/** Values with |x| ≥ 0.1, away from the kinks of relu and abs at 0. */
const awayFromZero = (shape: number[]) => {
  const x = random(shape);
  return new Tensor(
    x.data.map((v) => (v >= 0 ? v + 0.1 : v - 0.1)),
    shape,
  );
};
const positive = (shape: number[]) =>
  new Tensor(
    random(shape).data.map((v) => Math.abs(v) + 0.2),
    shape,
  );
/** A random permutation of 0..n−1 scaled by 0.1, reshaped: no ties anywhere. */
const distinct = (shape: number[]) => {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Float64Array.from({ length: n }, (_, i) => i * 0.1);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [values[i], values[j]] = [values[j], values[i]];
  }
  return new Tensor(values, shape);
};

const cases: [string, (...xs: Tensor[]) => Tensor, Tensor[]][] = [
  ["add with broadcasting", (a, b) => a.add(b), [random([3, 4]), random([4])]],
  ["sub with broadcasting", (a, b) => a.sub(b), [random([2, 1, 3]), random([4, 1])]],
  ["mul with broadcasting", (a, b) => a.mul(b), [random([3, 1]), random([1, 5])]],
  ["div with broadcasting", (a, b) => a.div(b), [random([2, 3]), positive([3])]],
  ["neg", (a) => a.neg(), [random([5])]],
  ["exp", (a) => a.exp(), [random([2, 3])]],
  ["log", (a) => a.log(), [positive([2, 3])]],
  ["sqrt", (a) => a.sqrt(), [positive([4])]],
  ["abs", (a) => a.abs(), [awayFromZero([6])]],
  ["pow 3", (a) => a.pow(3), [random([4])]],
  ["pow −1.5", (a) => a.pow(-1.5), [positive([4])]],
  ["sigmoid", (a) => a.sigmoid(), [random([3, 3], 3)]],
  ["tanh", (a) => a.tanh(), [random([3, 3], 2)]],
  ["relu", (a) => a.relu(), [awayFromZero([8])]],
  ["matmul 2-D · 2-D", (a, b) => a.matmul(b), [random([3, 4]), random([4, 2])]],
  ["matmul 1-D · 2-D", (a, b) => a.matmul(b), [random([4]), random([4, 3])]],
  ["matmul 2-D · 1-D", (a, b) => a.matmul(b), [random([3, 4]), random([4])]],
  ["matmul 1-D · 1-D", (a, b) => a.matmul(b), [random([5]), random([5])]],
  ["sum over a dim", (a) => a.sum(1), [random([2, 3, 4])]],
  ["sum of all", (a) => a.sum(), [random([2, 3])]],
  ["mean over dims with keepdim", (a) => a.mean([0, 2], true), [random([2, 3, 4])]],
  ["transpose", (a) => a.transpose(0, 2), [random([2, 3, 4])]],
  ["T", (a) => a.T, [random([2, 5])]],
  ["reshape", (a) => a.reshape([6, -1]), [random([2, 3, 4])]],
  ["flatten", (a) => a.flatten(1), [random([2, 3, 2])]],
  [
    "conv2d with bias, stride, padding, dilation",
    (x, w, b) => F.conv2d(x, w, b, { stride: [1, 2], padding: 2, dilation: [2, 1] }),
    [random([2, 2, 6, 7]), random([3, 2, 3, 2]), random([3])],
  ],
  [
    "conv2d with 'same' padding and an even kernel",
    (x, w) => F.conv2d(x, w, null, { padding: "same" }),
    [random([1, 2, 5, 5]), random([2, 2, 2, 4])],
  ],
  [
    "maxPool2d with padding and ceil mode",
    (x) => F.maxPool2d(x, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true }),
    [distinct([2, 2, 6, 6])],
  ],
  [
    "maxPool2d with dilation, overlapping windows",
    (x) => F.maxPool2d(x, { kernelSize: 2, stride: 1, dilation: 2 }),
    [distinct([1, 2, 5, 5])],
  ],
  ["linear", (x, w, b) => F.linear(x, w, b), [random([4, 5]), random([3, 5]), random([3])]],
  ["mseLoss", (x, t) => F.mseLoss(x, t), [random([3, 4]), random([3, 4])]],
];

describe("finite-difference gradcheck of every op", () => {
  it.each(cases)("%s: analytic and numerical gradients agree", (_name, f, inputs) => {
    const result = gradcheck(f, inputs);
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe("gradcheck itself", () => {
  it("reports a wrong backward, with the element and both values", () => {
    // An op computing 2x whose backward claims the derivative is 3.
    const wrong = (x: Tensor) =>
      Tensor.fromOp(
        "WrongBackward",
        x.data.map((v) => 2 * v),
        x.shape,
        [x],
        (g) => [g.map((v) => 3 * v)],
      );
    const result = gradcheck(wrong, [random([3])]);
    expect(result.ok).toBe(false);
    expect(result.mismatches.length).toBe(3);
    expect(result.mismatches[0].input).toBe(0);
    expect(Math.abs(result.mismatches[0].analytic / result.mismatches[0].numerical - 1.5)).toBeLessThan(1e-6);
  });

  it("leaves the caller's tensors unchanged", () => {
    const x = random([4]);
    const before = Array.from(x.data);
    gradcheck((a) => a.pow(2), [x]);
    expect(Array.from(x.data)).toEqual(before);
    expect(x.grad).toBeNull();
  });
});
