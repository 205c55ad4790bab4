import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";
import { normalizeDim, numel } from "../shape";

/**
 * The same row-major values under another shape (one size may be −1, to be
 * inferred). Storage is shared: tensors are never written in place. The VJP
 * reads the gradient back in the input's shape, which is the same array.
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const resolved = resolveShape(shape, x.numel, x.shape);
  return Tensor.fromOp("ReshapeBackward", x.data, resolved, [x], (gradOutput) => [gradOutput]);
}

/**
 * Merges dimensions startDim..endDim into one, as torch.flatten; a 0-d
 * tensor becomes shape [1].
 */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const start = normalizeDim(startDim, x.ndim, "flatten");
  const end = normalizeDim(endDim, x.ndim, "flatten");
  if (start > end) {
    throw new AutogradError(
      AutogradErrorCode.InvalidArgument,
      `flatten() has invalid args: start_dim (${startDim}) cannot come after end_dim (${endDim})`,
    );
  }
  const merged = x.shape.slice(start, end + 1).reduce((a, b) => a * b, 1);
  return reshape(x, [...x.shape.slice(0, start), merged, ...x.shape.slice(end + 1)]);
}

function resolveShape(shape: readonly number[], count: number, from: readonly number[]): number[] {
  const inferred = shape.filter((size) => size === -1).length;
  const invalid = shape.some((size) => !Number.isInteger(size) || size < -1);
  if (inferred > 1 || invalid) {
    throw new AutogradError(
      AutogradErrorCode.InvalidArgument,
      `reshape: invalid shape ${formatShape(shape)} (sizes are non-negative integers, at most one −1)`,
    );
  }
  const known = numel(shape.filter((size) => size !== -1));
  const resolved = [...shape];
  if (inferred === 1) {
    if (known === 0 || count % known !== 0) {
      throw new AutogradError(
        AutogradErrorCode.ShapeMismatch,
        `shape ${formatShape(shape)} is invalid for input of shape ${formatShape(from)} (${count} elements)`,
      );
    }
    resolved[shape.indexOf(-1)] = count / known;
  } else if (known !== count) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `shape ${formatShape(shape)} is invalid for input of shape ${formatShape(from)} (${count} elements)`,
    );
  }
  return resolved;
}
