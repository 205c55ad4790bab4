import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";

export interface EmbeddingOptions {
  /**
   * A row that receives no gradient (default: none). Negative values count
   * from the end, as PyTorch: −1 is the last row. The row is still looked up
   * as stored; nn.Embedding, not the function, is what fills it with zeros.
   */
  paddingIdx?: number | null;
}

/**
 * Row lookup, as torch.nn.functional.embedding: output[..., :] =
 * weight[indices[...], :], of shape indices.shape + [embeddingDim].
 * `indices` is a float64 tensor (the engine has no integer dtype) whose
 * values must be whole numbers in [0, numEmbeddings); it receives no
 * gradient. The VJP adds each output row's gradient into the weight row it
 * was read from, so an index that repeats accumulates; the paddingIdx row
 * gets none.
 */
export function embedding(indices: Tensor, weight: Tensor, options: EmbeddingOptions = {}): Tensor {
  if (weight.ndim !== 2) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `embedding expects a 2-D weight of shape (numEmbeddings, embeddingDim), but got shape ${formatShape(weight.shape)}`,
    );
  }
  const [rows, dim] = weight.shape;
  const paddingIdx = resolvePaddingIdx(options.paddingIdx ?? null, rows);
  const lookups = new Int32Array(indices.numel);
  indices.data.forEach((value, i) => {
    if (!Number.isInteger(value) || value < 0 || value >= rows) {
      throw new AutogradError(
        AutogradErrorCode.InvalidArgument,
        `embedding: index ${value} at position ${i} is out of range: indices must be integers in [0, ${rows - 1}] for a weight of ${rows} rows`,
      );
    }
    lookups[i] = value;
  });

  const w = weight.data;
  const output = new Float64Array(lookups.length * dim);
  lookups.forEach((row, i) => output.set(w.subarray(row * dim, (row + 1) * dim), i * dim));

  return Tensor.fromOp("EmbeddingBackward", output, [...indices.shape, dim], [weight], (gradOutput) => {
    const gradWeight = new Float64Array(w.length);
    lookups.forEach((row, i) => {
      if (row === paddingIdx) return;
      for (let j = 0; j < dim; j++) gradWeight[row * dim + j] += gradOutput[i * dim + j];
    });
    return [gradWeight];
  });
}

/** paddingIdx as a row number in [0, rows), or null; out of range is refused, as PyTorch. */
function resolvePaddingIdx(paddingIdx: number | null, rows: number): number | null {
  if (paddingIdx === null) return null;
  if (!Number.isInteger(paddingIdx) || paddingIdx >= rows || paddingIdx < -rows) {
    throw new AutogradError(
      AutogradErrorCode.InvalidArgument,
      `embedding: paddingIdx must be an integer within numEmbeddings (in [${-rows}, ${rows - 1}] for a weight of ${rows} rows), but got ${paddingIdx}`,
    );
  }
  return paddingIdx < 0 ? rows + paddingIdx : paddingIdx;
}
