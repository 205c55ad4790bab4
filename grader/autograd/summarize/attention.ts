/**
 * MultiheadAttention (as self-attention: query, key and value are the
 * layer's input) and TransformerEncoderLayer rows; both keep the input's
 * shape, (L, N, E) or batchFirst (N, L, E) or unbatched (L, E).
 *
 * MultiheadAttention's parameters: the packed in-projection (3E, E) with a
 * 3E bias and the out-projection (E, E) with an E bias, 4E² + 4E in all
 * (4E² without bias). A TransformerEncoderLayer adds linear1 (d → ff),
 * linear2 (ff → d) and two LayerNorms over d, all with biases unless bias
 * is false.
 */
import { AutogradErrorCode } from "../errors";
import type { MultiheadAttentionLayer, TransformerEncoderLayerSpec } from "../layers";
import { checkCounts, checkDivisible, checkProbability, fail, numericSizes, showShape, type Dim, type LayerSummary } from "./common";

function attentionParams(embedDim: number, bias: boolean): number {
  return 4 * embedDim * embedDim + (bias ? 4 * embedDim : 0);
}

function checkSequenceInput(shape: Dim[], embedDim: number, name: string, where: string): void {
  if (shape.length !== 2 && shape.length !== 3) {
    throw fail(
      AutogradErrorCode.ShapeMismatch,
      where,
      `query should be unbatched 2-D or batched 3-D, but got ${shape.length}-D input ${showShape(shape)}`,
    );
  }
  const [features] = numericSizes(shape, [-1], where);
  if (features !== embedDim) {
    throw fail(
      AutogradErrorCode.ChannelMismatch,
      where,
      `was expecting embedding dimension of ${embedDim} (${name}), but got ${features} (input ${showShape(shape)})`,
    );
  }
}

export function multiheadAttentionRow(shape: Dim[], layer: MultiheadAttentionLayer, where: string): LayerSummary<Dim> {
  checkCounts(layer, ["embedDim", "numHeads"], where);
  checkDivisible(layer.embedDim, "embedDim", layer.numHeads, "numHeads", where);
  checkProbability(layer.dropout ?? 0, "dropout", where);
  checkSequenceInput(shape, layer.embedDim, "embedDim", where);
  return { outputShape: [...shape], params: attentionParams(layer.embedDim, layer.bias ?? true), buffers: 0, denseParams: null };
}

export function transformerEncoderLayerRow(shape: Dim[], layer: TransformerEncoderLayerSpec, where: string): LayerSummary<Dim> {
  const feedforward = layer.dimFeedforward ?? 2048;
  checkCounts({ ...layer, dimFeedforward: feedforward }, ["dModel", "nhead", "dimFeedforward"], where);
  checkDivisible(layer.dModel, "dModel", layer.nhead, "nhead", where);
  checkProbability(layer.dropout ?? 0.1, "dropout", where);
  checkSequenceInput(shape, layer.dModel, "dModel", where);
  const bias = layer.bias ?? true;
  const d = layer.dModel;
  const linears = 2 * d * feedforward + (bias ? feedforward + d : 0);
  const norms = 2 * (bias ? 2 * d : d);
  return { outputShape: [...shape], params: attentionParams(d, bias) + linears + norms, buffers: 0, denseParams: null };
}
