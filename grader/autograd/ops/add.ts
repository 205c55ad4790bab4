import { Tensor } from "../tensor";
import { binaryOp } from "./elementwise";

/** a + b with broadcasting; ∂/∂a = ∂/∂b = 1. */
export function add(a: Tensor | number, b: Tensor | number): Tensor {
  if (a instanceof Tensor && b instanceof Tensor && sameShape(a.shape, b.shape)) return addSameShape(a, b);
  return binaryOp(
    "AddBackward",
    a,
    b,
    (x, y) => x + y,
    () => 1,
    () => 1,
  );
}

/**
 * The residual connection's case, two tensors of one shape: a plain loop,
 * and the output's gradient handed on to both inputs as it is (backward
 * copies a gradient before adding into it, so sharing one array is safe).
 * The values are binaryOp's exactly: g·1 is g.
 */
function addSameShape(a: Tensor, b: Tensor): Tensor {
  const A = a.data;
  const B = b.data;
  const output = new Float64Array(A.length);
  for (let i = 0; i < output.length; i++) output[i] = A[i] + B[i];
  return Tensor.fromOp("AddBackward", output, a.shape, [a, b], (gradOutput) => [gradOutput, gradOutput]);
}

function sameShape(x: readonly number[], y: readonly number[]): boolean {
  return x.length === y.length && x.every((size, d) => size === y[d]);
}
