/**
 * The two shapes of elementwise op. Each op file (exp.ts, mul.ts, ...) states
 * only its formula and its derivative; the loops, broadcasting and the
 * reduction of broadcast gradients live here once.
 */
import { Tensor } from "../tensor";
import { broadcastIndex, broadcastShapes, numel, sumToShape } from "../shape";

/**
 * y = f(x) elementwise. `derivative(x, y)` is dy/dx at one element; it gets
 * the output too because several derivatives are cheapest from it
 * (exp, sigmoid, tanh).
 */
export function unaryOp(name: string, x: Tensor, forward: (x: number) => number, derivative: (x: number, y: number) => number): Tensor {
  const input = x.data;
  const output = new Float64Array(input.length);
  for (let i = 0; i < input.length; i++) output[i] = forward(input[i]);
  return Tensor.fromOp(name, output, x.shape, [x], (gradOutput) => {
    const gradInput = new Float64Array(input.length);
    for (let i = 0; i < input.length; i++) gradInput[i] = gradOutput[i] * derivative(input[i], output[i]);
    return [gradInput];
  });
}

/** A number operand is a 0-d constant: it broadcasts against anything and needs no gradient. */
export function asTensor(value: Tensor | number): Tensor {
  return value instanceof Tensor ? value : new Tensor(new Float64Array([value]), []);
}

/**
 * z = f(a, b) elementwise with PyTorch broadcasting. `partialA(a, b, z)` and
 * `partialB(a, b, z)` are ∂z/∂a and ∂z/∂b at one element; the gradient of a
 * broadcast operand is summed over the dimensions it was broadcast along.
 */
export function binaryOp(
  name: string,
  aIn: Tensor | number,
  bIn: Tensor | number,
  forward: (a: number, b: number) => number,
  partialA: (a: number, b: number, z: number) => number,
  partialB: (a: number, b: number, z: number) => number,
): Tensor {
  const a = asTensor(aIn);
  const b = asTensor(bIn);
  const shape = broadcastShapes(a.shape, b.shape, name);
  const size = numel(shape);
  const aIndex = broadcastIndex(shape, a.shape);
  const bIndex = broadcastIndex(shape, b.shape);
  const A = a.data;
  const B = b.data;
  const output = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    output[i] = forward(A[aIndex === null ? i : aIndex[i]], B[bIndex === null ? i : bIndex[i]]);
  }
  return Tensor.fromOp(name, output, shape, [a, b], (gradOutput) => {
    const gradFor = (operand: Tensor, partial: (a: number, b: number, z: number) => number): Float64Array | null => {
      if (!operand.requiresGrad) return null;
      const full = new Float64Array(size);
      for (let i = 0; i < size; i++) {
        full[i] = gradOutput[i] * partial(A[aIndex === null ? i : aIndex[i]], B[bIndex === null ? i : bIndex[i]], output[i]);
      }
      return sumToShape(full, shape, operand.shape);
    };
    return [gradFor(a, partialA), gradFor(b, partialB)];
  });
}
