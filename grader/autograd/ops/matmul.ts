import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";
import { gemm } from "../kernels/gemm";

/**
 * The matrix product of 1-D and 2-D tensors, as torch.matmul:
 * vector·vector is a 0-d dot product, matrix·vector a vector, vector·matrix
 * a vector (the vector acting as a row), matrix·matrix a matrix.
 *
 * For C = A·B (A m×k, B k×n) the VJP is dA = dC·Bᵀ and dB = Aᵀ·dC; a 1-D
 * operand is treated as a 1×k row or k×1 column and its gradient read back
 * as a vector.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0 || a.ndim > 2 || b.ndim > 2) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `matmul supports 1-D and 2-D tensors, but got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  }
  const m = a.ndim === 2 ? a.shape[0] : 1;
  const k = a.shape[a.ndim - 1];
  const kB = b.shape[0];
  const n = b.ndim === 2 ? b.shape[1] : 1;
  if (k !== kB) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `matmul: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} cannot be multiplied (${k} ≠ ${kB})`,
    );
  }
  const shape = [...(a.ndim === 2 ? [m] : []), ...(b.ndim === 2 ? [n] : [])];
  const output = new Float64Array(m * n);
  gemm({ transA: false, transB: false, M: m, N: n, K: k, A: a.data, B: b.data, C: output });
  return Tensor.fromOp("MmBackward", output, shape, [a, b], (gradOutput) => {
    let gradA: Float64Array | null = null;
    let gradB: Float64Array | null = null;
    if (a.requiresGrad) {
      gradA = new Float64Array(m * k);
      gemm({ transA: false, transB: true, M: m, N: k, K: n, A: gradOutput, B: b.data, C: gradA });
    }
    if (b.requiresGrad) {
      gradB = new Float64Array(k * n);
      gemm({ transA: true, transB: false, M: k, N: n, K: m, A: a.data, B: gradOutput, C: gradB });
    }
    return [gradA, gradB];
  });
}
