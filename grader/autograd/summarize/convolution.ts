/**
 * Conv2d and ConvTranspose2d rows. PyTorch stores a convolution's weight as
 * (out, in/groups, kH, kW) and a transposed one's as (in, out/groups, kH,
 * kW); either way the weight has out·(in/groups)·kH·kW elements, plus one
 * bias per output channel.
 */
import { AutogradErrorCode } from "../errors";
import { convGeometry, convTransposeGeometry, toPair } from "../geometry";
import type { Conv2dLayer, ConvTranspose2dLayer } from "../layers";
import { checkCounts, checkDivisible, fail, planes, showShape, type Dim, type LayerSummary } from "./common";

/**
 * What the two convolutions check and count alike: channel counts, groups
 * dividing both, the input's channels against the weight's, and the
 * parameters. Returns the input's planes and the parameter count.
 */
function convolutionInput(
  shape: Dim[],
  layer: Conv2dLayer | ConvTranspose2dLayer,
  where: string,
): { channels: number; height: number; width: number; params: number } {
  checkCounts(layer, ["inChannels", "outChannels"], where);
  const [channels, height, width] = planes(shape, where);
  const groups = layer.groups ?? 1;
  checkCounts({ groups }, ["groups"], where);
  checkDivisible(layer.inChannels, "inChannels", groups, "groups", where);
  checkDivisible(layer.outChannels, "outChannels", groups, "groups", where);
  const [kh, kw] = toPair(layer.kernelSize, "kernel_size", where);
  if (channels !== layer.inChannels) {
    const weightShape =
      layer.type === "Conv2d"
        ? [layer.outChannels, layer.inChannels / groups, kh, kw]
        : [layer.inChannels, layer.outChannels / groups, kh, kw];
    throw fail(
      AutogradErrorCode.ChannelMismatch,
      where,
      `weight of size ${showShape(weightShape)}, expected input${showShape(shape)} ` +
        `to have ${layer.inChannels} channels (inChannels), but got ${channels} channels instead`,
    );
  }
  const bias = layer.bias ?? true;
  const params = layer.outChannels * (layer.inChannels / groups) * kh * kw + (bias ? layer.outChannels : 0);
  return { channels, height, width, params };
}

export function conv2dRow(shape: Dim[], layer: Conv2dLayer, where: string): LayerSummary<Dim> {
  const { channels, height, width, params } = convolutionInput(shape, layer, where);
  const g = convGeometry(height, width, layer, where);
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
  const { height, width, params } = convolutionInput(shape, layer, where);
  const { outHeight, outWidth } = convTransposeGeometry(height, width, layer, where);
  return { outputShape: [shape[0], layer.outChannels, outHeight, outWidth], params, buffers: 0, denseParams: null };
}
