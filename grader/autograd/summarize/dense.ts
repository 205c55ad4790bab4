/**
 * Flatten, Linear, Embedding, Dropout and the activations: the layers that
 * act on the last dimension, or on none.
 */
import { AutogradErrorCode } from "../errors";
import type { DropoutLayer, EmbeddingLayer, FlattenLayer, LinearLayer, SoftmaxLayer } from "../layers";
import { checkCounts, checkProbability, fail, plainRow, showShape, type Dim, type LayerSummary } from "./common";

export function flattenRow(shape: Dim[], layer: FlattenLayer, where: string): LayerSummary<Dim> {
  const ndim = shape.length;
  const normalize = (dim: number): number => (dim < 0 ? dim + ndim : dim);
  const start = normalize(layer.startDim ?? 1);
  const end = normalize(layer.endDim ?? -1);
  if (start < 0 || end >= ndim || start > end) {
    throw fail(
      AutogradErrorCode.InvalidArgument,
      where,
      `cannot flatten dimensions ${layer.startDim ?? 1}..${layer.endDim ?? -1} of shape ${showShape(shape)}`,
    );
  }
  const merged = shape.slice(start, end + 1);
  if (merged.some((size) => typeof size !== "number")) {
    throw fail(
      AutogradErrorCode.InvalidArgument,
      where,
      `cannot flatten the symbolic size in ${showShape(merged)}: the merged size must be a number`,
    );
  }
  const size = (merged as number[]).reduce((a, b) => a * b, 1);
  return plainRow([...shape.slice(0, start), size, ...shape.slice(end + 1)]);
}

export function linearRow(shape: Dim[], layer: LinearLayer, where: string): LayerSummary<Dim> {
  checkCounts(layer, ["inFeatures", "outFeatures"], where);
  const features = shape[shape.length - 1];
  if (shape.length < 2 || features !== layer.inFeatures) {
    throw fail(
      AutogradErrorCode.ChannelMismatch,
      where,
      `expected input with ${layer.inFeatures} features in its last dimension (inFeatures), but got shape ${showShape(shape)}`,
    );
  }
  const bias = layer.bias ?? true;
  return plainRow([...shape.slice(0, -1), layer.outFeatures], layer.inFeatures * layer.outFeatures + (bias ? layer.outFeatures : 0));
}

/** The input holds indices, of any shape; each becomes a row of embeddingDim. */
export function embeddingRow(shape: Dim[], layer: EmbeddingLayer, where: string): LayerSummary<Dim> {
  checkCounts(layer, ["numEmbeddings", "embeddingDim"], where);
  const padding = layer.paddingIdx ?? null;
  if (padding !== null && (!Number.isInteger(padding) || padding < -layer.numEmbeddings || padding >= layer.numEmbeddings)) {
    throw fail(AutogradErrorCode.InvalidArgument, where, `paddingIdx ${padding} must be within numEmbeddings (${layer.numEmbeddings})`);
  }
  return plainRow([...shape, layer.embeddingDim], layer.numEmbeddings * layer.embeddingDim);
}

export function dropoutRow(shape: Dim[], layer: DropoutLayer, where: string): LayerSummary<Dim> {
  checkProbability(layer.p ?? 0.5, "dropout", where);
  return plainRow([...shape]);
}

/** Softmax keeps the shape; its dim must exist (negative counts from the end). */
export function softmaxRow(shape: Dim[], layer: SoftmaxLayer, where: string): LayerSummary<Dim> {
  const dim = layer.dim ?? null;
  if (dim !== null && (!Number.isInteger(dim) || dim < -shape.length || dim >= shape.length)) {
    throw fail(
      AutogradErrorCode.InvalidArgument,
      where,
      `dimension out of range (expected to be in range of [${-shape.length}, ${shape.length - 1}], but got ${dim})`,
    );
  }
  return plainRow([...shape]);
}
