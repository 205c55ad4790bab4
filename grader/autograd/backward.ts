/**
 * Reverse-mode differentiation over the graph of GradFn nodes.
 *
 * The graph is walked without recursion (an explicit stack), so a chain of
 * a hundred thousand ops differentiates as well as a chain of three. Each
 * node's backward runs once, after every consumer of its output has added
 * its contribution: reverse topological order.
 */
import { AutogradError, AutogradErrorCode, formatShape } from "./errors";
import { sameShape } from "./shape";
import { Tensor } from "./tensor";
import { countEntries } from "./work";
import { handOut, isRecyclable, recycleGradient } from "./gradient-buffers";

/**
 * Nodes reachable from `root` through tensors that require grad, ordered so
 * that every tensor comes before the tensors it was computed from.
 */
export function reverseTopologicalOrder(root: Tensor): Tensor[] {
  const postOrder: Tensor[] = [];
  const visited = new Set<Tensor>([root]);
  // Each frame is a tensor and the index of the next input to visit.
  const stack: { tensor: Tensor; next: number }[] = [{ tensor: root, next: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    const inputs = frame.tensor.gradFn?.inputs ?? [];
    if (frame.next < inputs.length) {
      const input = inputs[frame.next++];
      if (input.requiresGrad && !visited.has(input)) {
        visited.add(input);
        stack.push({ tensor: input, next: 0 });
      }
    } else {
      postOrder.push(frame.tensor);
      stack.pop();
    }
  }
  return postOrder.reverse();
}

/**
 * dL/d(input) for each of `inputs`, given dL/d(root) = `seed` (root's shape,
 * row-major), without touching any .grad. An input that the root does not
 * depend on gets zeros, as torch.autograd.grad(..., allow_unused=True,
 * materialize_grads=True).
 */
export function gradients(root: Tensor, seed: Float64Array, inputs: readonly Tensor[]): Float64Array[] {
  const accumulated = propagate(root, seed, new Set(inputs)).result;
  return inputs.map((input) => {
    const grad = accumulated.get(input);
    if (grad === undefined) return new Float64Array(input.numel);
    // Ops such as reshape pass the incoming gradient through as is: never hand back the caller's own seed.
    // The caller keeps what is returned, so the pool must never take it back.
    return grad === seed ? Float64Array.from(grad) : handOut(grad);
  });
}

/**
 * The seed of x.backward(gradient): `gradient` defaults to 1 for a
 * one-element tensor and is required otherwise, as in PyTorch.
 */
export function backwardSeed(root: Tensor, gradient?: Tensor | number): Float64Array {
  if (!root.requiresGrad) {
    throw new AutogradError(AutogradErrorCode.InvalidBackward, "backward(): the tensor does not require grad and has no grad_fn");
  }
  if (gradient === undefined) {
    if (root.data.length !== 1) {
      throw new AutogradError(
        AutogradErrorCode.InvalidBackward,
        `backward(): grad can be implicitly created only for scalar outputs, but the tensor has shape ${formatShape(root.shape)}`,
      );
    }
    return new Float64Array([1]);
  }
  if (typeof gradient === "number") {
    if (root.data.length !== 1) {
      throw new AutogradError(
        AutogradErrorCode.ShapeMismatch,
        `backward(): a number gradient needs a one-element tensor, but the tensor has shape ${formatShape(root.shape)}`,
      );
    }
    return new Float64Array([gradient]);
  }
  if (!sameShape(gradient.shape, root.shape) && !(gradient.numel === 1 && root.numel === 1)) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `backward(): gradient has shape ${formatShape(gradient.shape)} but the tensor has shape ${formatShape(root.shape)}`,
    );
  }
  return gradient.data;
}

/** Runs backward from `root` and adds the results into the .grad of its leaves. */
export function backward(root: Tensor, seed: Float64Array): void {
  const { result: accumulated, order } = propagate(root, seed, null);
  const unshared = unsharedGradients(accumulated, seed, order);
  for (const [tensor, grad] of accumulated) {
    if (!tensor.isLeaf) continue;
    let total: Float64Array;
    if (tensor.grad !== null) total = tensor.grad.data.map((value, i) => value + grad[i]);
    else if (unshared.has(grad)) total = isRecyclable(grad) ? handOut(grad) : grad;
    else total = Float64Array.from(grad);
    tensor.grad = new Tensor(total, tensor.shape);
  }
}

/**
 * The gradients a leaf may keep as its .grad without a copy, as PyTorch's
 * AccumulateGrad steals a gradient nobody else holds: each is a whole
 * buffer (not a view into a larger one) that no other result, no tensor of
 * the graph (an op may hand on an array it was given, reshape its incoming
 * gradient) and not the caller's seed shares. The rest are copied.
 */
function unsharedGradients(results: Map<Tensor, Float64Array>, seed: Float64Array, order: readonly Tensor[]): Set<Float64Array> {
  const holders = new Map<ArrayBufferLike, number>();
  const hold = (array: Float64Array) => holders.set(array.buffer, (holders.get(array.buffer) ?? 0) + 1);
  for (const grad of results.values()) hold(grad);
  hold(seed);
  for (const tensor of order) {
    hold(tensor.data);
    for (const input of tensor.gradFn?.inputs ?? []) if (!input.requiresGrad) hold(input.data);
  }
  const unshared = new Set<Float64Array>();
  for (const grad of results.values()) {
    const whole = grad.byteOffset === 0 && grad.byteLength === grad.buffer.byteLength;
    if (whole && holders.get(grad.buffer) === 1) unshared.add(grad);
  }
  return unshared;
}

/**
 * The propagation itself. Returns the gradient of every leaf (and of every
 * tensor in `keep`); intermediate gradients are dropped as soon as their
 * node has run, so memory stays at one frontier of the graph.
 */
function propagate(root: Tensor, seed: Float64Array, keep: Set<Tensor> | null): { result: Map<Tensor, Float64Array>; order: Tensor[] } {
  const order = reverseTopologicalOrder(root);
  // A gradient buffer may be shared with an op's output (reshape returns its
  // incoming gradient as is), so it is copied before the first in-place add.
  const grads = new Map<Tensor, { data: Float64Array; owned: boolean }>([[root, { data: seed, owned: false }]]);
  const result = new Map<Tensor, Float64Array>();

  for (const tensor of order) {
    const entry = grads.get(tensor);
    if (entry === undefined) continue;
    const gradFn = tensor.gradFn;
    if (gradFn === null || keep?.has(tensor)) result.set(tensor, entry.data);
    if (gradFn === null) continue;
    if (!keep?.has(tensor)) grads.delete(tensor);

    const inputGrads = gradFn.backward(entry.data);
    gradFn.inputs.forEach((input, i) => {
      const grad = inputGrads[i];
      if (!input.requiresGrad || grad === null) return;
      countEntries(grad.length);
      if (grad.length !== input.numel) {
        throw new AutogradError(
          AutogradErrorCode.ShapeMismatch,
          `${gradFn.name}: the gradient for input ${i} has ${grad.length} elements, ` +
            `but the input has shape ${formatShape(input.shape)} (output shape ${formatShape(tensor.shape)})`,
        );
      }
      const existing = grads.get(input);
      if (existing === undefined) {
        grads.set(input, { data: grad, owned: false });
        return;
      }
      if (!existing.owned) {
        existing.data = Float64Array.from(existing.data);
        existing.owned = true;
      }
      const target = existing.data;
      for (let j = 0; j < target.length; j++) target[j] += grad[j];
    });
    // The seed is the caller's array, never the pool's to take.
    if (entry.data !== seed && isRecyclable(entry.data) && !keep?.has(tensor) && unreferenced(entry.data, inputGrads, grads, result)) {
      recycleGradient(entry.data);
    }
  }
  return { result, order };
}

/**
 * Whether a gradient just consumed by its node shares memory with nothing
 * the pass still holds: the node's own results (an op may pass its incoming
 * gradient on, or a view of it), the frontier's gradients (an op such as add
 * may hand one array to two inputs) and the results. Only pooled arrays are
 * checked, so the scan is rare.
 */
function unreferenced(
  gradient: Float64Array,
  inputGrads: readonly (Float64Array | null)[],
  grads: Map<Tensor, { data: Float64Array }>,
  result: Map<Tensor, Float64Array>,
): boolean {
  const memory = gradient.buffer;
  if (inputGrads.some((grad) => grad !== null && grad.buffer === memory)) return false;
  for (const entry of grads.values()) if (entry.data.buffer === memory) return false;
  for (const kept of result.values()) if (kept.buffer === memory) return false;
  return true;
}
