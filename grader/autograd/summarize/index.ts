/**
 * The shape-and-parameter table of a sequential network, as a student would
 * fill it in: for each layer, the output shape, the number of trainable
 * parameters and of buffer elements, and for a convolution the parameters a
 * fully connected layer between the same (flattened) input and output
 * would need.
 *
 * Layers mirror torch.nn constructors, in camelCase (layers.ts). Window
 * geometry comes from geometry.ts, the functions the ops use, so the table
 * refuses exactly the configurations the ops (and PyTorch) refuse, with an
 * AutogradError whose message starts with the layer's position and type.
 * One file per family of layers beside this one.
 */
import { AutogradError, AutogradErrorCode } from "../errors";
import type { LayerSpec } from "../layers";
import { multiheadAttentionRow, transformerEncoderLayerRow } from "./attention";
import { fail, plainRow, showShape, type Dim, type LayerSummary } from "./common";
import { conv2dRow, convTranspose2dRow } from "./convolution";
import { dropoutRow, embeddingRow, flattenRow, linearRow, softmaxRow } from "./dense";
import { batchNorm2dRow, groupNormRow, layerNormRow } from "./normalisation";
import { adaptivePoolRow, poolRow } from "./pooling";
import { recurrentRow } from "./recurrent";

export type { Dim, LayerSummary } from "./common";

/**
 * One row per layer for an input of shape `inputShape` (e.g. [2, 3, 64,
 * 64], or ["N", 3, 64, 64] for a symbolic batch; a sequence for a
 * recurrent layer, ["L", "N", 10]). A symbolic size may stand wherever no
 * layer computes with it.
 */
export function summarize(inputShape: number[], layers: readonly LayerSpec[]): LayerSummary<number>[];
export function summarize(inputShape: Dim[], layers: readonly LayerSpec[]): LayerSummary<Dim>[];
export function summarize(inputShape: Dim[], layers: readonly LayerSpec[]): LayerSummary<Dim>[] {
  inputShape.forEach((size, d) => {
    const ok = typeof size === "number" ? Number.isInteger(size) && size >= 0 : size.length > 0;
    if (!ok) {
      throw new AutogradError(
        AutogradErrorCode.InvalidArgument,
        `summarize: input shape ${showShape(inputShape)} has an invalid size at dimension ${d} ` +
          `(a size is a whole number or a symbol such as "N")`,
      );
    }
  });
  let shape: Dim[] = [...inputShape];
  return layers.map((layer, index) => {
    const where = `layer ${index} (${layer.type})`;
    const row = summarizeLayer(shape, layer, where);
    shape = row.outputShape;
    return row;
  });
}

function summarizeLayer(shape: Dim[], layer: LayerSpec, where: string): LayerSummary<Dim> {
  switch (layer.type) {
    case "Conv2d":
      return conv2dRow(shape, layer, where);
    case "ConvTranspose2d":
      return convTranspose2dRow(shape, layer, where);
    case "MaxPool2d":
    case "AvgPool2d":
      return poolRow(shape, layer, where);
    case "AdaptiveAvgPool2d":
      return adaptivePoolRow(shape, layer, where);
    case "Flatten":
      return flattenRow(shape, layer, where);
    case "Linear":
      return linearRow(shape, layer, where);
    case "ReLU":
    case "Sigmoid":
    case "Tanh":
    case "Identity":
    case "GELU":
    case "LeakyReLU":
    case "ELU":
    case "Softplus":
      return plainRow([...shape]);
    case "Softmax":
      return softmaxRow(shape, layer, where);
    case "Dropout":
      return dropoutRow(shape, layer, where);
    case "Embedding":
      return embeddingRow(shape, layer, where);
    case "BatchNorm2d":
      return batchNorm2dRow(shape, layer, where);
    case "LayerNorm":
      return layerNormRow(shape, layer, where);
    case "GroupNorm":
      return groupNormRow(shape, layer, where);
    case "RNN":
    case "LSTM":
    case "GRU":
      return recurrentRow(shape, layer, where);
    case "MultiheadAttention":
      return multiheadAttentionRow(shape, layer, where);
    case "TransformerEncoderLayer":
      return transformerEncoderLayerRow(shape, layer, where);
    default: {
      const unknown: never = layer;
      throw fail(AutogradErrorCode.InvalidArgument, where, `unknown layer type ${JSON.stringify((unknown as { type: unknown }).type)}`);
    }
  }
}

export { layerFromCall, pytorchConstructor, pytorchListing, type LayerArg, type LayerCall } from "./constructors";
