/**
 * A document's layer stacks on a variant: sizes that name dimensions are
 * replaced by the variant's values, and the engine's `summarize` gives the
 * table (output shape, parameters, buffers, dense-equivalent parameters per layer)
 * that references read. summarize refuses what PyTorch refuses, so a
 * variant whose stack does not fit is redrawn (draw.ts).
 */
import {
  LAYER_SIGNATURES,
  pytorchConstructor,
  pytorchListing,
  summarize,
  type ArgumentKind,
  type Dim,
  type LayerSpec,
  type LayerSummary,
} from "../autograd";
import type { DocumentLayer, DocumentNetwork } from "./schema";

export type Dimensions = Readonly<Record<string, number>>;

export interface ResolvedNetwork {
  inputShape: Dim[];
  layers: LayerSpec[];
  table: LayerSummary<Dim>[];
}

/** A size: a whole number, or the dimension it names (declarations.ts has checked that it is one). */
function size(value: number | string, dimensions: Dimensions): number {
  return typeof value === "number" ? value : dimensions[value];
}

/**
 * The input shape: its first two sizes (a batch, a sequence length) may be
 * symbols such as N or L that are not dimensions, and then stay symbolic
 * through the table, as in cnn-shapes.
 */
export function inputShape(network: DocumentNetwork, dimensions: Dimensions): Dim[] {
  return network.input.map((entry, d) =>
    d < SYMBOLIC_INPUT_SIZES && typeof entry === "string" && !Object.hasOwn(dimensions, entry) ? entry : size(entry, dimensions),
  );
}

/** How many leading sizes of a network's input may be symbols. */
export const SYMBOLIC_INPUT_SIZES = 2;

/** Argument kinds whose values are sizes, and so may name dimensions. */
const SIZE_KINDS: ReadonlySet<ArgumentKind> = new Set(["count", "pair", "pairOrNone", "padding", "shape"]);
/** Strings a size argument takes literally: Conv2d's padding. */
const SIZE_WORDS: ReadonlySet<string> = new Set(["same", "valid", "auto"]);

/** Each dimension name a layer uses as a size, with where it is (field, and index within a pair or shape). */
export function layerDimensionNames(layer: DocumentLayer): { path: (string | number)[]; name: string }[] {
  const found: { path: (string | number)[]; name: string }[] = [];
  for (const argument of LAYER_SIGNATURES[layer.type]) {
    if (argument.field === undefined || !SIZE_KINDS.has(argument.kind)) continue;
    const value = layer[argument.field];
    if (typeof value === "string" && !SIZE_WORDS.has(value)) found.push({ path: [argument.field], name: value });
    if (Array.isArray(value)) {
      value.forEach((entry, j) => typeof entry === "string" && found.push({ path: [argument.field!, j], name: entry }));
    }
  }
  return found;
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

/** The layer with every size a number: the signature table says which arguments are sizes. */
function resolveLayer(layer: DocumentLayer, dimensions: Dimensions, incoming: Dim[]): LayerSpec {
  const resolved: Record<string, unknown> = { type: layer.type };
  for (const argument of LAYER_SIGNATURES[layer.type]) {
    if (argument.field === undefined) continue;
    const value = layer[argument.field];
    if (value === undefined) continue;
    if (!SIZE_KINDS.has(argument.kind) || value === null || typeof value === "boolean") resolved[argument.field] = value;
    else if (Array.isArray(value)) {
      const sizes = value.map((entry) => size(entry, dimensions));
      // An equal pair is one number, as PyTorch's constructor takes it: kernel_size=3, not (3, 3).
      resolved[argument.field] = argument.kind !== "shape" && sizes[0] === sizes[1] ? sizes[0] : sizes;
    } else resolved[argument.field] = SIZE_WORDS.has(value as string) ? value : size(value as number | string, dimensions);
  }
  if (layer.type === "Linear" && layer.inFeatures === "auto") {
    const features = incoming[incoming.length - 1];
    // A symbolic size cannot be the features: summarize then refuses the layer with its own message.
    resolved.inFeatures = typeof features === "number" ? features : -1;
  }
  return resolved as unknown as LayerSpec;
}

/** Each layer as its PyTorch constructor, numbered from 1: the statement's `{{net}}`. */
export function networkListing(network: ResolvedNetwork): string {
  return pytorchListing(network.layers).join("\n");
}

export { pytorchConstructor };
