/**
 * Conv2d and ConvTranspose2d rows. PyTorch stores a convolution's weight as
 * (out, in/groups, kH, kW) and a transposed one's as (in, out/groups, kH,
 * kW); either way the weight has out·(in/groups)·kH·kW elements, plus one
 * bias per output channel.
 */
import { AutogradErrorCode } from "../errors";
import { convGeometry, toPair } from "../geometry";
import type { Conv2dLayer, ConvTranspose2dLayer } from "../layers";
import { checkCounts, checkDivisible, fail, planes, showShape, type Dim, type LayerSummary } from "./common";
import { transposedSize } from "./transposed";

/** Checks groups (default 1) against both channel counts; returns it. */
function checkGroups(layer: Conv2dLayer | ConvTranspose2dLayer, where: string): number {
  const groups = layer.groups ?? 1;
  checkCounts({ groups }, ["groups"], where);
  checkDivisible(layer.inChannels, "inChannels", groups, "groups", where);
  checkDivisible(layer.outChannels, "outChannels", groups, "groups", where);
  return groups;
}

function checkChannels(channels: number, expected: number, weightShape: number[], shape: readonly Dim[], where: string): void {
  if (channels !== expected) {
    throw fail(
      AutogradErrorCode.ChannelMismatch,
      where,
      `weight of size ${showShape(weightShape)}, expected input${showShape(shape)} ` +
        `to have ${expected} channels (inChannels), but got ${channels} channels instead`,
    );
  }
}

export function conv2dRow(shape: Dim[], layer: Conv2dLayer, where: string): LayerSummary<Dim> {
  checkCounts(layer, ["inChannels", "outChannels"], where);
  const [channels, height, width] = planes(shape, where);
  const groups = checkGroups(layer, where);
  const [kh, kw] = toPair(layer.kernelSize, "kernel_size", where);
  checkChannels(channels, layer.inChannels, [layer.outChannels, layer.inChannels / groups, kh, kw], shape, where);
  const g = convGeometry(height, width, layer, where);
  const bias = layer.bias ?? true;
  const params = layer.outChannels * (layer.inChannels / groups) * kh * kw + (bias ? layer.outChannels : 0);
  const inSize = channels * height * width;
  const outSize = layer.outChannels * g.outHeight * g.outWidth;
  return {
    outputShape: [shape[0], layer.outChannels, g.outHeight, g.outWidth],
    params,
    buffers: 0,
    denseParams: inSize * outSize + outSize,
  };
}

export function convTranspose2dRow(shape: Dim[], layer: ConvTranspose2dLayer, where: string): LayerSummary<Dim> {
  checkCounts(layer, ["inChannels", "outChannels"], where);
  const [channels, height, width] = planes(shape, where);
  const groups = checkGroups(layer, where);
  const [kh, kw] = toPair(layer.kernelSize, "kernel_size", where);
  checkChannels(channels, layer.inChannels, [layer.inChannels, layer.outChannels / groups, kh, kw], shape, where);
  const { outHeight, outWidth } = transposedSize(height, width, layer, where);
  const bias = layer.bias ?? true;
  return {
    outputShape: [shape[0], layer.outChannels, outHeight, outWidth],
    params: layer.inChannels * (layer.outChannels / groups) * kh * kw + (bias ? layer.outChannels : 0),
    buffers: 0,
    denseParams: null,
  };
}
