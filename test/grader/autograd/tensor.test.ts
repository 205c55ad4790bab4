import { AutogradError, AutogradErrorCode, eye, full, gradients, ones, Tensor, tensor, zeros } from "../../../grader/autograd";

describe("creating tensors", () => {
  it("reads nested arrays row-major and gives them back with toArray", () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it("makes a 0-d tensor from a number, whose toArray and item are that number", () => {
    const t = tensor(2.5);
    expect(t.shape).toEqual([]);
    expect(t.toArray()).toBe(2.5);
    expect(t.item()).toBe(2.5);
  });

  it("refuses ragged nested arrays with InvalidData, saying where", () => {
    const attempt = () => tensor([[1, 2], [3]]);
    expect(attempt).toThrow(/length 2 at \[1\].*length 1/);
    try {
      attempt();
    } catch (error) {
      expect((error as AutogradError).code).toBe(AutogradErrorCode.InvalidData);
    }
  });

  it("refuses item() on a tensor of more than one element, naming its shape", () => {
    expect(() => tensor([1, 2]).item()).toThrow(/2 elements .*shape \[2\]/);
  });

  it("builds zeros, ones, full and eye", () => {
    expect(zeros([2, 1]).toArray()).toEqual([[0], [0]]);
    expect(ones([3]).toArray()).toEqual([1, 1, 1]);
    expect(full([1, 2], -7).toArray()).toEqual([[-7, -7]]);
    expect(eye(2, 3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(eye(2).toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it("keeps an empty dimension", () => {
    expect(zeros([2, 0]).toArray()).toEqual([[], []]);
    expect(tensor([]).shape).toEqual([0]);
  });
});

describe("requiresGrad and the graph", () => {
  it("marks results of ops on a leaf that requires grad, and only those", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const c = tensor([3, 4]);
    expect(x.add(c).requiresGrad).toBe(true);
    expect(c.mul(c).requiresGrad).toBe(false);
    expect(c.mul(c).gradFn).toBeNull();
    expect(x.add(c).isLeaf).toBe(false);
  });

  it("cuts the graph with detach, keeping the values", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const d = x.mul(3).detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.toArray()).toEqual([3, 6]);
  });
});

describe("backward", () => {
  it("accumulates into .grad across calls, as PyTorch, until .grad is reset", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.mul(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([2, 4]);
    x.mul(3).sum().backward();
    expect(x.grad!.toArray()).toEqual([5, 7]);
    x.grad = null;
    x.mul(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([2, 4]);
  });

  it("runs on the same graph again with the same result", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.exp().sum();
    y.backward();
    const first = Array.from(x.grad!.data);
    x.grad = null;
    y.backward();
    expect(Array.from(x.grad!.data)).toEqual(first);
  });

  it("adds the contributions of a tensor used twice (a diamond)", () => {
    const x = tensor(3, { requiresGrad: true });
    const y = x.mul(2);
    y.mul(y).add(y).backward(); // d/dx (4x² + 2x) = 8x + 2
    expect(x.grad!.item()).toBe(26);
  });

  it("does not corrupt a gradient shared by two inputs (x + x through reshape)", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const r = x.reshape([2]);
    r.add(r)
      .mul(tensor([1, 10]))
      .sum()
      .backward();
    expect(x.grad!.toArray()).toEqual([2, 20]);
  });

  it("keeps an op's fresh gradient as a leaf's .grad without copying it, as PyTorch's AccumulateGrad", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const fresh = Float64Array.from([4, 5, 6]);
    Tensor.fromOp("FreshBackward", new Float64Array(1), [], [x], () => [fresh]).backward();
    expect(x.grad!.data).toBe(fresh);
  });

  it("copies a leaf's gradient that other memory shares: another leaf's, the seed, or a tensor's data", () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    a.add(b).backward(tensor([1, 1])); // add hands the seed on to both inputs
    a.grad!.data[0] = 100;
    expect(b.grad!.toArray()).toEqual([1, 1]);

    const seed = tensor([5, 6]);
    const c = tensor([1, 2], { requiresGrad: true });
    c.reshape([2]).backward(seed);
    c.grad!.data[0] = 100;
    expect(seed.toArray()).toEqual([5, 6]);

    const constant = tensor([7, 8]);
    const d = tensor([1, 2], { requiresGrad: true });
    Tensor.fromOp("HandsOnBackward", new Float64Array(1), [], [d, constant], () => [constant.data, null]).backward();
    d.grad!.data[0] = 100;
    expect(constant.toArray()).toEqual([7, 8]);

    const e = tensor([1, 2, 3, 4], { requiresGrad: true });
    const wide = Float64Array.from([9, 9, 9, 9, 9, 9]);
    Tensor.fromOp("ViewBackward", new Float64Array(1), [], [e], () => [wide.subarray(1, 5)]).backward();
    expect(e.grad!.data.buffer).not.toBe(wide.buffer);
  });

  it("differentiates a chain of 100,000 ops without overflowing the stack", () => {
    const x = tensor(1, { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 100_000; i++) y = y.mul(1.00001);
    y.backward();
    expect(x.grad!.item()).toBeCloseTo(Math.pow(1.00001, 100_000), 9);
  });

  it("needs a gradient for a non-scalar output, as PyTorch", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => x.mul(2).backward()).toThrow(/only for scalar outputs.*\[2\]/);
  });

  it("refuses a gradient of the wrong shape, naming both shapes", () => {
    const x = tensor([[1, 2, 3]], { requiresGrad: true });
    const attempt = () => x.mul(2).backward(ones([3, 1]));
    expect(attempt).toThrow(/gradient has shape \[3, 1\] but the tensor has shape \[1, 3\]/);
  });

  it("weights the output by the given gradient", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.mul(x).backward(tensor([10, 100]));
    expect(x.grad!.toArray()).toEqual([20, 400]);
  });

  it("refuses backward on a tensor that does not require grad", () => {
    expect(() => tensor(1).backward()).toThrow(/does not require grad/);
  });

  it("names the op and both shapes when an op returns a gradient of the wrong size", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const broken = Tensor.fromOp("BrokenBackward", new Float64Array(1), [], [x], () => [new Float64Array(2)]);
    expect(() => broken.backward()).toThrow(/BrokenBackward.*2 elements.*shape \[3\].*output shape \[\]/);
  });
});

describe("gradients (torch.autograd.grad)", () => {
  it("returns d(output)/d(inputs) weighted by the seed, without touching .grad", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = tensor(3, { requiresGrad: true });
    const out = x.mul(y).sum(); // ∂/∂x = y, ∂/∂y = Σx
    const [gx, gy] = gradients(out, new Float64Array([2]), [x, y]);
    expect(Array.from(gx)).toEqual([6, 6]);
    expect(Array.from(gy)).toEqual([6]);
    expect(x.grad).toBeNull();
  });

  it("gives zeros for an input the output does not depend on", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const unused = tensor([5], { requiresGrad: true });
    const [, g] = gradients(x.sum(), new Float64Array([1]), [x, unused]);
    expect(Array.from(g)).toEqual([0]);
  });
});
