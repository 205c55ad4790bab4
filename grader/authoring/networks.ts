/**
 * A document's layer stacks on a variant: sizes that name dimensions are
 * replaced by the variant's values, and the engine's `summarize` gives the
 * table (output shape, parameters, dense-equivalent parameters per layer)
 * that references read. summarize refuses what PyTorch refuses, so a
 * variant whose stack does not fit is redrawn (draw.ts).
 */
import { summarize, type Dim, type LayerSpec, type LayerSummary } from "../autograd";
import { pytorchConstructor } from "../autograd";
import type { DocumentLayer, DocumentNetwork } from "./schema";

export type Dimensions = Readonly<Record<string, number>>;

export interface ResolvedNetwork {
  inputShape: Dim[];
  layers: LayerSpec[];
  table: LayerSummary<Dim>[];
}

/** A size: a whole number, or the dimension it names (compile.ts has checked that it is one). */
function size(value: number | string, dimensions: Dimensions): number {
  return typeof value === "number" ? value : dimensions[value];
}

/**
 * The input shape: the batch may be a symbol ("N") that is not a
 * dimension, and then stays symbolic through the table, as in cnn-shapes.
 */
export function inputShape(network: DocumentNetwork, dimensions: Dimensions): Dim[] {
  return network.input.map((entry, d) =>
    d === 0 && typeof entry === "string" && !Object.hasOwn(dimensions, entry) ? entry : size(entry, dimensions),
  );
}

/**
 * The stack with every size a number; `inFeatures: "auto"` takes the features that reach the layer. Throws AutogradError where
 * summarize does.
 */
export function resolveNetwork(network: DocumentNetwork, dimensions: Dimensions): ResolvedNetwork {
  const input = inputShape(network, dimensions);
  const layers: LayerSpec[] = [];
  let table: LayerSummary<Dim>[] = [];
  network.layers.forEach((layer, index) => {
    // One row at a time: a later "auto" needs the shape that reaches it.
    const incoming = table.length === 0 ? input : table[table.length - 1].outputShape;
    const resolved = resolveLayer(layer, dimensions, incoming);
    try {
      table = [...table, ...summarize(incoming, [resolved])];
    } catch (error) {
      throw new LayerRefusedError(index, (error as Error).message.replace(/^layer 0 \([A-Za-z0-9]+\): /, ""));
    }
    layers.push(resolved);
  });
  return { inputShape: input, layers, table };
}

/** A layer the engine refuses on some variant, with its index (from 0) in the document's list. */
export class LayerRefusedError extends Error {
  constructor(
    readonly layerIndex: number,
    reason: string,
  ) {
    super(`layer ${layerIndex + 1} does not fit: ${reason}`);
    this.name = "LayerRefusedError";
  }
}

function resolveLayer(layer: DocumentLayer, dimensions: Dimensions, incoming: Dim[]): LayerSpec {
  const at = (value: number | string) => size(value, dimensions);
  switch (layer.type) {
    case "Conv2d":
      return {
        type: "Conv2d",
        inChannels: at(layer.inChannels),
        outChannels: at(layer.outChannels),
        kernelSize: at(layer.kernelSize),
        stride: layer.stride === undefined ? 1 : at(layer.stride),
        padding: layer.padding === undefined ? 0 : at(layer.padding),
        ...(layer.bias === undefined ? {} : { bias: layer.bias }),
      };
    case "MaxPool2d":
      return {
        type: "MaxPool2d",
        kernelSize: at(layer.kernelSize),
        stride: layer.stride === undefined ? at(layer.kernelSize) : at(layer.stride),
        padding: layer.padding === undefined ? 0 : at(layer.padding),
      };
    case "Linear": {
      const features = incoming[incoming.length - 1];
      // A symbolic size cannot be the features: summarize then refuses the layer with its own message.
      const inFeatures = layer.inFeatures === "auto" ? (typeof features === "number" ? features : -1) : at(layer.inFeatures);
      return { type: "Linear", inFeatures, outFeatures: at(layer.outFeatures), ...(layer.bias === undefined ? {} : { bias: layer.bias }) };
    }
    default:
      return { type: layer.type };
  }
}

/** Each layer as its PyTorch constructor, numbered from 1: the statement's `{{net}}`. */
export function networkListing(network: ResolvedNetwork): string {
  return network.layers.map((layer, i) => `${i + 1}. \`${pytorchConstructor(layer)}\``).join("\n");
}

export { pytorchConstructor };
