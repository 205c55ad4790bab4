/**
 * Jacobians by reverse mode: one backward pass per output element, each
 * seeded with a one-hot gradient, as torch.autograd.functional.jacobian
 * (non-vectorized) does.
 */
import { gradients } from "./backward";
import { AutogradError, AutogradErrorCode, formatShape } from "./errors";
import { Tensor } from "./tensor";

/**
 * J[i..., j...] = ∂f(x)[i...] / ∂x[j...], of shape [...f(x).shape, ...x.shape].
 * Outputs that do not depend on x give zero rows.
 */
export function jacobian(f: (x: Tensor) => Tensor, x: Tensor): Tensor {
  const input = new Tensor(x.data, x.shape, { requiresGrad: true });
  const output = f(input);
  if (!(output instanceof Tensor)) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, "jacobian: f must return a Tensor");
  }
  const rows = output.numel;
  const cols = input.numel;
  const values = new Float64Array(rows * cols);
  if (output.requiresGrad) {
    const seed = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      seed.fill(0);
      seed[i] = 1;
      const [row] = gradients(output, seed, [input]);
      values.set(row, i * cols);
    }
  }
  return new Tensor(values, [...output.shape, ...input.shape]);
}

/**
 * Order of vec(·) for a matrix: "row-major" stacks rows (vec(W)[i·n + j] =
 * W[i, j], the order of the engine's storage and of W.flatten()),
 * "column-major" stacks columns (vec(W)[j·m + i] = W[i, j], the convention of
 * matrix-calculus texts, where d vec(WX) / d vec(W) = Xᵀ ⊗ I).
 */
export type VecOrder = "row-major" | "column-major";

/**
 * The Jacobian matrix d vec(f(W)) / d vec(W), of shape [numel f(W), numel W],
 * with both the output and W vectorized in the given order. A 0-d or 1-d
 * output or input is its own vec whatever the order.
 */
export function jacobianVec(f: (w: Tensor) => Tensor, w: Tensor, order: VecOrder): Tensor {
  const full = jacobian(f, w);
  const outShape = full.shape.slice(0, full.ndim - w.ndim);
  const rows = outShape.reduce((a, b) => a * b, 1);
  const cols = w.numel;
  const rowIndex = vecPermutation(outShape, order);
  const colIndex = vecPermutation(w.shape, order);
  const values = new Float64Array(rows * cols);
  // Element (r, c) of the row-major Jacobian moves to (rowIndex[r], colIndex[c]).
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) values[rowIndex[r] * cols + colIndex[c]] = full.data[r * cols + c];
  }
  return new Tensor(values, [rows, cols]);
}

/** For each row-major flat index of a tensor of `shape`, its position in vec() of the given order. */
function vecPermutation(shape: readonly number[], order: VecOrder): Int32Array {
  const total = shape.reduce((a, b) => a * b, 1);
  const permutation = new Int32Array(total);
  if (order === "row-major" || shape.length < 2) {
    for (let i = 0; i < total; i++) permutation[i] = i;
    return permutation;
  }
  if (shape.length !== 2) {
    throw new AutogradError(
      AutogradErrorCode.InvalidArgument,
      `jacobianVec: column-major vec is defined for matrices, but got shape ${formatShape(shape)}`,
    );
  }
  const [m, n] = shape;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) permutation[i * n + j] = j * m + i;
  return permutation;
}
