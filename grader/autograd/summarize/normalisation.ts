/**
 * BatchNorm2d, LayerNorm and GroupNorm rows: the output has the input's
 * shape. Their affine weight and bias are trainable parameters; BatchNorm2d's
 * running statistics are buffers (running_mean and running_var of C each,
 * and num_batches_tracked, one element), which PyTorch's parameters() leaves out.
 */
import { AutogradErrorCode } from "../errors";
import type { BatchNorm2dLayer, GroupNormLayer, LayerNormLayer } from "../layers";
import { checkCounts, checkDivisible, fail, numericSizes, planes, product, showShape, type Dim, type LayerSummary } from "./common";

export function batchNorm2dRow(shape: Dim[], layer: BatchNorm2dLayer, where: string): LayerSummary<Dim> {
  checkCounts(layer, ["numFeatures"], where);
  const [channels] = planes(shape, where);
  if (channels !== layer.numFeatures) {
    throw fail(
      AutogradErrorCode.ChannelMismatch,
      where,
      `expected input with ${layer.numFeatures} channels (numFeatures), but got ${channels} channels in shape ${showShape(shape)}`,
    );
  }
  const affine = layer.affine ?? true;
  const tracked = layer.trackRunningStats ?? true;
  return {
    outputShape: [...shape],
    params: affine ? ((layer.bias ?? true) ? 2 : 1) * channels : 0,
    buffers: tracked ? 2 * channels + 1 : 0,
    denseParams: null,
  };
}

export function layerNormRow(shape: Dim[], layer: LayerNormLayer, where: string): LayerSummary<Dim> {
  const normalized = typeof layer.normalizedShape === "number" ? [layer.normalizedShape] : [...layer.normalizedShape];
  normalized.forEach((size, d) => checkCounts({ [`normalizedShape[${d}]`]: size }, [`normalizedShape[${d}]`], where));
  const trailing = shape.slice(shape.length - normalized.length);
  if (shape.length < normalized.length || trailing.some((size, d) => size !== normalized[d])) {
    throw fail(
      AutogradErrorCode.ShapeMismatch,
      where,
      `given normalized_shape=${showShape(normalized)}, expected input with shape [*, ${normalized.join(", ")}], ` +
        `but got input of size ${showShape(shape)}`,
    );
  }
  const affine = layer.elementwiseAffine ?? true;
  const bias = layer.bias ?? true;
  const perTensor = product(normalized);
  return { outputShape: [...shape], params: affine ? (bias ? 2 : 1) * perTensor : 0, buffers: 0, denseParams: null };
}

export function groupNormRow(shape: Dim[], layer: GroupNormLayer, where: string): LayerSummary<Dim> {
  checkCounts(layer, ["numGroups", "numChannels"], where);
  checkDivisible(layer.numChannels, "numChannels", layer.numGroups, "numGroups", where);
  if (shape.length < 2) {
    throw fail(AutogradErrorCode.ShapeMismatch, where, `expected at least 2 dimensions (N, C, *), but got shape ${showShape(shape)}`);
  }
  const [channels] = numericSizes(shape, [1], where);
  const affine = layer.affine ?? true;
  // PyTorch checks the input's channels against the affine weight; without
  // one it only needs them to split into the groups.
  if (affine ? channels !== layer.numChannels : channels % layer.numGroups !== 0) {
    throw fail(
      AutogradErrorCode.ChannelMismatch,
      where,
      `expected input with ${layer.numChannels} channels (numChannels) in ${layer.numGroups} groups, ` +
        `but got ${channels} channels in shape ${showShape(shape)}`,
    );
  }
  return {
    outputShape: [...shape],
    params: affine ? ((layer.bias ?? true) ? 2 : 1) * layer.numChannels : 0,
    buffers: 0,
    denseParams: null,
  };
}
