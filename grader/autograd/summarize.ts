/**
 * The shape-and-parameter table of a sequential network, as a student would
 * fill it in: for each layer, the output shape, the number of trainable
 * parameters, and for a convolution the parameters a fully connected layer
 * between the same (flattened) input and output would need.
 *
 * Layers mirror torch.nn constructors, in camelCase. Geometry comes from
 * geometry.ts, the functions conv2d and maxPool2d use, so the table refuses
 * exactly the configurations the ops (and PyTorch) refuse, with an
 * AutogradError whose message starts with the layer's position and type.
 */
import { AutogradError, AutogradErrorCode, formatShape } from "./errors";
import { convGeometry, poolGeometry, toPair } from "./geometry";
import type { LayerSpec } from "./layers";

/**
 * A size in a shape: a number, or (for the batch dimension only) a symbol
 * such as "N" that the table carries through unchanged.
 */
export type Dim = number | string;

export interface LayerSummary<D extends Dim = number> {
  outputShape: D[];
  /** Trainable parameters of the layer (weights and biases). */
  params: number;
  /**
   * For a Conv2d: in·out + out, with in = C·H·W of its input and out =
   * C'·H'·W' of its output (per example): the parameter count of a fully
   * connected layer mapping the same input to the same output. null for
   * every other layer, where the comparison is not asked.
   */
  denseParams: number | null;
}

/**
 * One row per layer for an input of shape `inputShape` (batch first, e.g.
 * [2, 3, 64, 64], or ["N", 3, 64, 64] for a symbolic batch).
 */
export function summarize(inputShape: number[], layers: readonly LayerSpec[]): LayerSummary<number>[];
export function summarize(inputShape: Dim[], layers: readonly LayerSpec[]): LayerSummary<Dim>[];
export function summarize(inputShape: Dim[], layers: readonly LayerSpec[]): LayerSummary<Dim>[] {
  inputShape.forEach((size, d) => {
    const ok = typeof size === "number" ? Number.isInteger(size) && size >= 0 : d === 0 && size.length > 0;
    if (!ok) {
      throw new AutogradError(
        AutogradErrorCode.InvalidArgument,
        `summarize: input shape ${formatShape(inputShape.map(String) as unknown as number[])} ` +
          `has an invalid size at dimension ${d} (only the batch dimension may be symbolic)`,
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

/** The sizes after the batch dimension, which must all be numbers. */
function perExample(shape: Dim[], expectedRank: number, where: string, what: string): number[] {
  if (shape.length !== expectedRank) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `${where}: expected a ${expectedRank}-D input ${what}, but got shape ${formatShape(shape as number[])}`,
    );
  }
  return shape.slice(1) as number[];
}

/** Channel and feature counts must be positive integers (PyTorch's constructors refuse the rest). */
function checkCounts(layer: Record<string, unknown>, names: string[], where: string): void {
  for (const name of names) {
    const value = layer[name];
    if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
      throw new AutogradError(
        AutogradErrorCode.InvalidArgument,
        `${where}: ${name} must be a positive integer, but got ${JSON.stringify(value)}`,
      );
    }
  }
}

function summarizeLayer(shape: Dim[], layer: LayerSpec, where: string): LayerSummary<Dim> {
  if (layer.type === "Conv2d") checkCounts({ ...layer }, ["inChannels", "outChannels"], where);
  if (layer.type === "Linear") checkCounts({ ...layer }, ["inFeatures", "outFeatures"], where);
  switch (layer.type) {
    case "Conv2d": {
      const [channels, height, width] = perExample(shape, 4, where, "(N, C, H, W)");
      const [kh, kw] = toPair(layer.kernelSize, "kernel_size", where);
      if (channels !== layer.inChannels) {
        const weightShape = [layer.outChannels, layer.inChannels, kh, kw];
        throw new AutogradError(
          AutogradErrorCode.ChannelMismatch,
          `${where}: weight of size ${formatShape(weightShape)}, expected input${formatShape(shape as number[])} ` +
            `to have ${layer.inChannels} channels (inChannels), but got ${channels} channels instead`,
        );
      }
      const g = convGeometry(height, width, layer, where);
      const bias = layer.bias ?? true;
      const params = layer.outChannels * layer.inChannels * kh * kw + (bias ? layer.outChannels : 0);
      const inSize = channels * height * width;
      const outSize = layer.outChannels * g.outHeight * g.outWidth;
      return {
        outputShape: [shape[0], layer.outChannels, g.outHeight, g.outWidth],
        params,
        denseParams: inSize * outSize + outSize,
      };
    }
    case "MaxPool2d": {
      const [channels, height, width] = perExample(shape, 4, where, "(N, C, H, W)");
      const g = poolGeometry(channels, height, width, layer, where);
      return { outputShape: [shape[0], channels, g.outHeight, g.outWidth], params: 0, denseParams: null };
    }
    case "Flatten": {
      const ndim = shape.length;
      const normalize = (dim: number): number => (dim < 0 ? dim + ndim : dim);
      const start = normalize(layer.startDim ?? 1);
      const end = normalize(layer.endDim ?? -1);
      if (start < 0 || end >= ndim || start > end) {
        throw new AutogradError(
          AutogradErrorCode.InvalidArgument,
          `${where}: cannot flatten dimensions ${layer.startDim ?? 1}..${layer.endDim ?? -1} of shape ${formatShape(shape as number[])}`,
        );
      }
      const merged = shape.slice(start, end + 1);
      if (merged.some((size) => typeof size !== "number")) {
        throw new AutogradError(AutogradErrorCode.InvalidArgument, `${where}: cannot flatten the symbolic batch dimension`);
      }
      const size = (merged as number[]).reduce((a, b) => a * b, 1);
      return { outputShape: [...shape.slice(0, start), size, ...shape.slice(end + 1)], params: 0, denseParams: null };
    }
    case "Linear": {
      const features = shape[shape.length - 1];
      if (shape.length < 2 || features !== layer.inFeatures) {
        throw new AutogradError(
          AutogradErrorCode.ChannelMismatch,
          `${where}: expected input with ${layer.inFeatures} features in its last ` +
            `dimension (inFeatures), but got shape ${formatShape(shape as number[])}`,
        );
      }
      const bias = layer.bias ?? true;
      return {
        outputShape: [...shape.slice(0, -1), layer.outFeatures],
        params: layer.inFeatures * layer.outFeatures + (bias ? layer.outFeatures : 0),
        denseParams: null,
      };
    }
    case "ReLU":
    case "Sigmoid":
    case "Tanh":
      return { outputShape: [...shape], params: 0, denseParams: null };
    case "ConvTranspose2d":
    case "AvgPool2d":
    case "AdaptiveAvgPool2d":
    case "BatchNorm2d":
    case "LayerNorm":
    case "GroupNorm":
    case "Embedding":
    case "Dropout":
    case "RNN":
    case "LSTM":
    case "GRU":
    case "MultiheadAttention":
    case "TransformerEncoderLayer":
      throw new AutogradError(AutogradErrorCode.InvalidArgument, `${where}: the shape table does not support ${layer.type} yet`);
    default: {
      const unknown: never = layer;
      throw new AutogradError(
        AutogradErrorCode.InvalidArgument,
        `${where}: unknown layer type ${JSON.stringify((unknown as { type: unknown }).type)}`,
      );
    }
  }
}

/** The layer as its PyTorch constructor, with the handout's snake_case argument names. */
export function pytorchConstructor(layer: LayerSpec): string {
  switch (layer.type) {
    case "Conv2d":
      return (
        `Conv2d(in_channels=${layer.inChannels}, out_channels=${layer.outChannels}, ` +
        `kernel_size=${layer.kernelSize}, stride=${layer.stride ?? 1}, padding=${layer.padding ?? 0})`
      );
    case "MaxPool2d":
      return `MaxPool2d(kernel_size=${layer.kernelSize}, stride=${layer.stride ?? layer.kernelSize}, padding=${layer.padding ?? 0})`;
    case "Flatten":
      return "Flatten()";
    case "Linear":
      return `Linear(in_features=${layer.inFeatures}, out_features=${layer.outFeatures})`;
    default:
      return `${layer.type}()`;
  }
}
