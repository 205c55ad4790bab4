/**
 * A pasted model as a problem document: a shape-and-parameter table like
 * Section 07's cnn-shapes. The network's sizes (the input's spatial size,
 * its channels or features, and every layer's output channels or
 * features) become dimensions drawn per student within ranges around the
 * pasted values; the pasted values are seed 0 (the handout). Kernel sizes,
 * strides, paddings, groups of channels and heads stay as pasted: they are
 * what the problem is about. Every layer the engine's summarize knows can
 * be stated.
 *
 * Parts, per layer i (numbered from 1): `a.i` the output shape, `b.i` the
 * trainable parameters; per convolution `b.i.dense` the parameters of the
 * fully connected layer between the same flattened input and output; per
 * convolution or pooling with a stride or a padding, `a.i.h` the output
 * height, where "stride ignored" and "padding ignored" are known mistakes
 * (a shape part's known mistakes are fixed values, the same on every
 * variant, so they cannot carry a per-variant size).
 */
import { AutogradError, layerFromCall, summarize, type Dim, type LayerSpec, type LayerSummary } from "../../autograd";
import { DOCUMENT_LIMITS } from "../limits";
import { problemDocumentSchema, type DocumentLayer, type ProblemDocumentInput } from "../schema";
import { ModelImportError, ModelImportErrorCode } from "./errors";
import { parseInputShape, parseModel, type ParsedLayer } from "./parse-model";

type DocumentInputPart = ProblemDocumentInput["parts"][number];
type DocumentInputDimension = NonNullable<ProblemDocumentInput["dimensions"]>[string];

export interface ModelImportOptions {
  /** The model's text: an nn.Sequential(...) expression or print(model)'s output. */
  model: string;
  /** Batch first, such as "(1, 3, 32, 32)"; the batch becomes the symbol N. */
  inputShape: string;
  /**
   * How far each drawn size may stray from the pasted one, as a fraction: 0.5 draws 16 channels from 8 to 24. 0 keeps every size as
   * pasted (every student gets the same numbers).
   */
  spread?: number;
  slug?: string;
  title?: string;
}

export interface ModelImport {
  document: ProblemDocumentInput;
  /** The pasted layers as the engine reads them, in forward order. */
  layers: LayerSpec[];
  /** What the instructor should know about the document made (sizes left fixed, parts left out). */
  notes: string[];
}

export const DEFAULT_SPREAD = 0.5;
export const NETWORK = "net";
const BATCH = "N";

const SHAPE_HINT = "For an n×n input, an f×f window, padding p and stride s, each side of the output is ⌊(n + 2p − f)/s⌋ + 1.";

/** The engine's layer for each parsed call; an unknown layer or argument is refused with its name and where it is. */
function engineLayers(parsed: ParsedLayer[]): LayerSpec[] {
  return parsed.map(({ call, position }, i) => {
    try {
      return layerFromCall(call);
    } catch (error) {
      if (!(error instanceof AutogradError)) throw error;
      throw new ModelImportError(
        ModelImportErrorCode.UnsupportedLayer,
        // The engine's message starts with the layer's name, which this one already gives.
        `layer ${i + 1}, ${call.name}: ${error.message.replace(`${call.name}: `, "")}. ` + "Remove or replace this layer.",
        position,
      );
    }
  });
}

interface DimensionPlan {
  dimensions: Record<string, DocumentInputDimension>;
  handout: Record<string, number>;
  notes: string[];
}

/**
 * Dimensions named by role and pasted value (`c16` for 16 channels, `f128` for 128 features), so that layers of one width share a
 * draw, as widths repeated in a pasted model usually mean the same thing. Sizes of 1, and sizes beyond the document's count of
 * dimensions, stay fixed.
 */
function dimensionPlanner(spread: number) {
  const plan: DimensionPlan = { dimensions: {}, handout: {}, notes: [] };
  let fixedForCount = false;
  const aliases: Record<string, string> = {};
  /** Another key for a dimension: the input's 16 channels are C, and so is every later width of 16 channels. */
  const alias = (key: string, name: number | string) => {
    if (typeof name === "string") aliases[key] = name;
  };
  const size = (name: string, value: number, description: string): number | string => {
    if (value > DOCUMENT_LIMITS.maxDimensionSize) {
      throw new ModelImportError(
        ModelImportErrorCode.TooLarge,
        `a size of ${value} (${description}): a problem's sizes are at most ${DOCUMENT_LIMITS.maxDimensionSize}`,
      );
    }
    if (value < 2 || spread === 0) return value;
    if (Object.hasOwn(aliases, name)) return aliases[name];
    if (Object.hasOwn(plan.dimensions, name)) return name;
    if (Object.keys(plan.dimensions).length >= DOCUMENT_LIMITS.maxDimensions) {
      if (!fixedForCount) plan.notes.push(`Only ${DOCUMENT_LIMITS.maxDimensions} sizes vary; the others stay as pasted.`);
      fixedForCount = true;
      return value;
    }
    const min = Math.max(2, Math.round(value * (1 - spread)));
    const max = Math.min(DOCUMENT_LIMITS.maxDimensionSize, Math.max(min, Math.round(value * (1 + spread))));
    plan.dimensions[name] = { min, max, description };
    plan.handout[name] = value;
    return name;
  };
  return { plan, size, alias };
}

/** A layer of the document: the engine's fields, with channels and features naming dimensions. Throws when it cannot be stated. */
function documentLayer(
  layer: LayerSpec,
  index: number,
  incoming: number | string | null,
  inputRank: number,
  size: (name: string, value: number, description: string) => number | string,
  varied: boolean,
): { layer: DocumentLayer; outgoing: number | string | null } {
  const notExpressible = (what: string) =>
    new ModelImportError(
      ModelImportErrorCode.NotExpressible,
      `layer ${index + 1}, ${layer.type}: ${what}. Set the range of sizes to 0 (every student gets the pasted model), or change the model.`,
    );
  // The channels (or features) that reach the layer, which it must be told; unknown after a Flatten, where only Linear adapts.
  const reaching = (pasted: number) => {
    if (incoming !== null) return incoming;
    if (varied) throw notExpressible("its input's size after a Flatten cannot follow the drawn sizes");
    return pasted;
  };
  const fields = Object.fromEntries(Object.entries(layer).filter(([, value]) => value !== undefined)) as DocumentLayer;
  switch (layer.type) {
    case "Conv2d":
    case "ConvTranspose2d": {
      const groups = layer.groups ?? 1;
      // Depthwise (groups = in = out channels) follows the drawn channels; other groups would rarely divide them.
      const depthwise = groups !== 1 && groups === layer.inChannels && groups === layer.outChannels;
      if (groups !== 1 && !depthwise && varied) throw notExpressible(`groups=${groups}, which drawn channels would rarely divide by`);
      const inChannels = reaching(layer.inChannels);
      const outChannels = depthwise ? inChannels : size(`c${layer.outChannels}`, layer.outChannels, "channels");
      return { layer: { ...fields, inChannels, outChannels, ...(depthwise ? { groups: inChannels } : {}) }, outgoing: outChannels };
    }
    case "Linear": {
      const outFeatures = size(`f${layer.outFeatures}`, layer.outFeatures, "features");
      // "auto" takes the features that reach the layer, which change with the drawn sizes before it.
      return { layer: { ...fields, inFeatures: "auto", outFeatures }, outgoing: outFeatures };
    }
    case "BatchNorm2d":
      return { layer: { ...fields, numFeatures: reaching(layer.numFeatures) }, outgoing: incoming };
    case "GroupNorm": {
      if (layer.numGroups !== 1 && layer.numGroups !== layer.numChannels && varied) {
        throw notExpressible(`num_groups=${layer.numGroups}, which drawn channels would rarely divide by`);
      }
      const channels = reaching(layer.numChannels);
      return { layer: { ...fields, numChannels: channels, numGroups: layer.numGroups === 1 ? 1 : channels }, outgoing: incoming };
    }
    case "LayerNorm": {
      const shape = typeof layer.normalizedShape === "number" ? [layer.normalizedShape] : layer.normalizedShape;
      // Over the last size only, where the features are: over (C, H, W) it would have to follow every drawn size.
      if (shape.length !== 1 || inputRank === 4) {
        if (varied) throw notExpressible("a normalized_shape other than the features of a (N, L, features) or (N, features) input");
        return { layer: fields, outgoing: incoming };
      }
      return { layer: { ...fields, normalizedShape: reaching(shape[0]) }, outgoing: incoming };
    }
    case "Embedding": {
      const embeddingDim = size(`e${layer.embeddingDim}`, layer.embeddingDim, "embedding size");
      return { layer: { ...fields, embeddingDim }, outgoing: embeddingDim };
    }
    case "RNN":
    case "LSTM":
    case "GRU": {
      // A bidirectional layer's output has 2·hidden features, which no dimension names: its hidden size stays as pasted.
      const hiddenSize = layer.bidirectional ? layer.hiddenSize : size(`h${layer.hiddenSize}`, layer.hiddenSize, "hidden size");
      const outgoing = layer.bidirectional ? 2 * layer.hiddenSize : hiddenSize;
      return { layer: { ...fields, inputSize: reaching(layer.inputSize), hiddenSize }, outgoing };
    }
    case "MultiheadAttention":
      return { layer: { ...fields, embedDim: reaching(layer.embedDim) }, outgoing: incoming };
    case "TransformerEncoderLayer": {
      const feedforward = layer.dimFeedforward ?? 2048;
      return {
        layer: { ...fields, dModel: reaching(layer.dModel), dimFeedforward: size(`ff${feedforward}`, feedforward, "feed-forward size") },
        outgoing: incoming,
      };
    }
    case "Flatten":
      return { layer: fields, outgoing: null };
    default:
      // Activations, pooling, dropout: nothing of theirs follows the drawn sizes.
      return { layer: fields, outgoing: incoming };
  }
}

/** The pasted layers' table on the pasted input (batch N), or the first layer that does not fit, named (from 1, as the parts are). */
function pastedTable(input: (number | string)[], layers: LayerSpec[], parsed: ParsedLayer[]): LayerSummary<Dim>[] {
  try {
    return summarize(input as Dim[], layers);
  } catch (error) {
    // summarize names its layer from 0 ("layer 2 (Conv2d): …"). An argument of a type it does not expect (None for a kernel)
    // may fail as a TypeError instead: that is refused too, not answered as a server error.
    const message = error instanceof AutogradError ? error.message : `an argument is not of the type the layer takes`;
    const named = /^layer (\d+) \((\w+)\): /.exec(message);
    const index = named ? Number(named[1]) : -1;
    const reason = named ? `layer ${index + 1}, ${named[2]}: ${message.slice(named[0].length)}` : message;
    throw new ModelImportError(
      ModelImportErrorCode.DoesNotFit,
      `the layers do not fit the input shape (${input.join(", ")}): ${reason}. Check the input shape and the layer's sizes.`,
      parsed[index]?.position ?? null,
    );
  }
}

/** The input's sizes as dimensions: channels and a square side (or height and width), or features. */
function inputSizes(
  input: (number | string)[],
  size: (name: string, value: number, description: string) => number | string,
  alias: (key: string, name: number | string) => void,
  firstLayer: LayerSpec["type"],
) {
  const [, ...rest] = input as number[];
  if (rest.length === 3) {
    const [channels, height, width] = rest;
    // Channels first: dimensions are drawn (and listed) in the order they are declared.
    const inputChannels = size("C", channels, "input channels");
    alias(`c${channels}`, inputChannels);
    const side = height === width ? size("S", height, "input height and width") : null;
    return [inputChannels, side ?? size("H", height, "input height"), side ?? size("W", width, "input width")];
  }
  if (rest.length === 1 && firstLayer === "Embedding") return [size("L", rest[0], "sequence length")];
  if (rest.length === 1) {
    const features = size("F", rest[0], "input features");
    alias(`f${rest[0]}`, features);
    return [features];
  }
  return rest.map((value, i) => size(`D${i + 1}`, value, `input size ${i + 1}`));
}

/** Makes the problem document for a pasted model; throws ModelImportError saying what is wrong and where. */
export function modelToDocument(options: ModelImportOptions): ModelImport {
  const spread = options.spread ?? DEFAULT_SPREAD;
  if (!(spread >= 0 && spread <= 0.9)) throw new RangeError("spread is from 0 to 0.9");
  const parsed = parseModel(options.model);
  const layers = engineLayers(parsed);
  const shape = parseInputShape(options.inputShape);
  // The batch is the symbol N in the document, so it is here too: a layer that would have to merge it (Flatten(0)) is refused now.
  const pastedInput = [BATCH, ...shape.slice(1)];
  const table = pastedTable(pastedInput, layers, parsed);

  const { plan, size, alias } = dimensionPlanner(spread);
  const input = [BATCH, ...inputSizes(pastedInput, size, alias, layers[0].type)];
  // What reaches each layer along the axis that channels (4-d) or features (2-d) are on.
  const inputAxis = input.length === 4 ? input[1] : input[input.length - 1];
  let incoming: number | string | null = inputAxis;
  const outgoing: (number | string | null)[] = [];
  const documentLayers = layers.map((layer, i) => {
    const inputRank = i === 0 ? input.length : table[i - 1].outputShape.length;
    const stated = documentLayer(layer, i, incoming, inputRank, size, spread > 0);
    incoming = stated.outgoing;
    outgoing.push(stated.outgoing);
    return stated.layer;
  });

  // The variant's parameters show the input's shape, so a layer's output shape must never equal it: where it does on the
  // pasted model (an activation first, a padded convolution that keeps the channels) the layer has no shape part, and
  // elsewhere the layer's channels (or features) are drawn distinct from the input's.
  const keepsInput = table.map((row) => JSON.stringify(row.outputShape.slice(1)) === JSON.stringify(pastedInput.slice(1)));
  const constraints: { kind: "distinct"; dimensions: string[] }[] = [];
  table.forEach((row, i) => {
    const axis = outgoing[i];
    if (keepsInput[i] || row.outputShape.length !== input.length || typeof axis !== "string" || typeof inputAxis !== "string") return;
    if (axis !== inputAxis && !constraints.some(({ dimensions }) => dimensions[1] === axis)) {
      constraints.push({ kind: "distinct", dimensions: [inputAxis, axis] });
    }
  });

  const notes = [...plan.notes];
  const parts = tableParts(layers, documentLayers, input, table, keepsInput, notes);
  const document: ProblemDocumentInput = {
    slug: options.slug ?? "imported-model",
    title: options.title ?? "Shapes and parameters of a network",
    statement:
      `A network takes inputs of shape {{${NETWORK}.input}} (batch first; ${BATCH} is the batch size) and applies these layers in order:\n\n` +
      `{{${NETWORK}}}\n\n` +
      "Give each layer's output shape (with N for the batch) and its number of trainable parameters, weights and biases. " +
      "For each convolution, also give the number of parameters of a fully connected layer mapping its flattened input to its flattened output.",
    ...(Object.keys(plan.dimensions).length > 0 ? { dimensions: plan.dimensions } : {}),
    ...(constraints.length > 0 ? { constraints } : {}),
    networks: { [NETWORK]: { input, layers: documentLayers } },
    ...(Object.keys(plan.handout).length > 0 ? { handout: { dimensions: plan.handout } } : {}),
    parts,
  };
  // Every size was checked on the way; this is the last guard that the editor is never handed a document its schema refuses.
  const checked = problemDocumentSchema.safeParse(document);
  if (!checked.success) {
    const [issue] = checked.error.issues;
    throw new ModelImportError(
      ModelImportErrorCode.NotExpressible,
      `the model cannot be stated as a problem document: ${issue.path.join(".")}: ${issue.message}`,
    );
  }
  return { document, layers, notes };
}

/** The parts, within the document's cap: parameter-free layers lose their (zero) parameter part first. */
function tableParts(
  layers: LayerSpec[],
  stated: DocumentLayer[],
  input: (number | string)[],
  table: LayerSummary<Dim>[],
  keepsInput: boolean[],
  notes: string[],
): DocumentInputPart[] {
  if (keepsInput.some(Boolean)) {
    const which = keepsInput.flatMap((keeps, i) => (keeps ? [String(i + 1)] : []));
    const listed = which.length === 1 ? `Layer ${which[0]} keeps` : `Layers ${which.slice(0, -1).join(", ")} and ${which.at(-1)} keep`;
    notes.push(`${listed} the input's shape, which students see among their parameters: no part asks for it.`);
  }
  const make = (withZeroParams: boolean) =>
    layers.flatMap((layer, i) => {
      const parts = keepsInput[i] ? [] : [shapePart(i)];
      const inputRank = i === 0 ? input.length : table[i - 1].outputShape.length;
      const side = inputRank === 4 ? sidePart(stated[i], i, input) : null;
      if (side) parts.push(side);
      if (withZeroParams || table[i].params > 0) parts.push(paramsPart(stated[i], i, table[i].buffers > 0));
      if (layer.type === "Conv2d") parts.push(densePart(i, table[i].outputShape.length));
      return parts;
    });
  let parts = make(true);
  if (parts.length > DOCUMENT_LIMITS.maxParts) {
    parts = make(false);
    notes.push("Layers without parameters have no parameter part, to keep within the number of parts a problem may have.");
  }
  if (parts.length > DOCUMENT_LIMITS.maxParts) {
    throw new ModelImportError(
      ModelImportErrorCode.TooLarge,
      `this model would make ${parts.length} parts; a problem has at most ${DOCUMENT_LIMITS.maxParts}. Paste a smaller part of it.`,
    );
  }
  return parts;
}

const layerRef = (i: number) => `layer ${i + 1}, \`{{${NETWORK}.${i + 1}}}\``;

function shapePart(i: number): DocumentInputPart {
  return {
    id: `a.${i + 1}`,
    prompt: `The output shape of ${layerRef(i)}.`,
    answer: { kind: "shape", symbols: [BATCH] },
    reference: { outputShape: { network: NETWORK, layer: i + 1 } },
    hints: [SHAPE_HINT],
  };
}

/**
 * The output height of a convolution or pooling with a stride or a padding, with the two mistakes a shape part cannot carry. Padding
 * ignored is stated only at stride 1: at other strides it needs a floor, which the expression language does not have.
 */
function sidePart(layer: DocumentLayer, i: number, input: (number | string)[]): DocumentInputPart | null {
  if ((layer.type !== "Conv2d" && layer.type !== "MaxPool2d" && layer.type !== "AvgPool2d") || layer.ceilMode) return null;
  // Heights: the first of each (h, w) pair.
  const first = (value: DocumentLayer[string]) => (Array.isArray(value) ? (value[0] as number) : (value as number | undefined));
  const kernel = first(layer.kernelSize)!;
  const dilation = first(layer.dilation) ?? 1;
  const span = dilation * (kernel - 1) + 1;
  const stride = first(layer.stride ?? undefined) ?? (layer.type === "Conv2d" ? 1 : kernel);
  // Padding on both sides together; "same" pads what keeps the size (stride 1), "valid" nothing.
  const padding = layer.padding === "same" ? span - 1 : layer.padding === "valid" ? 0 : 2 * (first(layer.padding) ?? 0);
  if (stride === 1 && padding === 0) return null;
  const height = i === 0 ? String(input[2]) : `outputSize(${NETWORK}, ${i}, 2)`;
  const knownMistakes = [];
  if (stride !== 1) {
    knownMistakes.push({
      id: "ignored-stride",
      expression: `${height} + ${padding - span + 1}`,
      message: "This is the height at stride 1: divide (n + 2p − f) by the stride s, round down, then add 1.",
    });
  }
  if (padding !== 0 && stride === 1) {
    knownMistakes.push({
      id: "ignored-padding",
      expression: `${height} - ${span - 1}`,
      message: "This is the height without padding: the padding adds 2p to the input's height before the window slides.",
    });
  }
  return {
    id: `a.${i + 1}.h`,
    prompt: `The height of the output of ${layerRef(i)}.`,
    answer: { kind: "integer" },
    reference: `outputSize(${NETWORK}, ${i + 1}, 2)`,
    knownMistakes,
    hints: [SHAPE_HINT],
  };
}

function paramsPart(layer: DocumentLayer, i: number, hasBuffers: boolean): DocumentInputPart {
  const params = `layerParams(${NETWORK}, ${i + 1})`;
  const knownMistakes = [];
  const convolution = layer.type === "Conv2d" || layer.type === "ConvTranspose2d";
  if ((convolution || layer.type === "Linear") && layer.bias !== false) {
    const outputs = convolution ? layer.outChannels : layer.outFeatures;
    knownMistakes.push({
      id: "no-bias",
      expression: `${params} - ${outputs}`,
      message: convolution ? "Each output channel also has a bias." : "Each output also has a bias.",
    });
  }
  if (layer.type === "Conv2d") {
    knownMistakes.push({
      id: "dense-for-conv",
      expression: `denseParams(${NETWORK}, ${i + 1})`,
      message:
        "That is the count of a fully connected layer between the same input and output. A convolution shares one small kernel " +
        "per pair of channels across every position: C·C′·k·k weights and C′ biases.",
    });
  }
  if (hasBuffers) {
    knownMistakes.push({
      id: "buffers-counted",
      expression: `${params} + layerBuffers(${NETWORK}, ${i + 1})`,
      message: "Running statistics (running_mean, running_var, num_batches_tracked) are buffers, not trainable parameters.",
    });
  }
  return {
    id: `b.${i + 1}`,
    prompt: `The number of trainable parameters of ${layerRef(i)}.`,
    answer: { kind: "integer" },
    reference: params,
    knownMistakes,
  };
}

function densePart(i: number, rank: number): DocumentInputPart {
  const outputs = Array.from({ length: rank - 1 }, (_, d) => `outputSize(${NETWORK}, ${i + 1}, ${d + 1})`).join(" * ");
  return {
    id: `b.${i + 1}.dense`,
    prompt:
      `The number of parameters of a fully connected layer mapping the flattened input of ${layerRef(i)} to its flattened output, ` +
      "biases included.",
    answer: { kind: "integer" },
    reference: `denseParams(${NETWORK}, ${i + 1})`,
    knownMistakes: [
      {
        id: "no-bias",
        expression: `denseParams(${NETWORK}, ${i + 1}) - ${outputs}`,
        message: "A fully connected layer also has one bias per output: add C′·H′·W′.",
      },
      {
        id: "conv-for-dense",
        expression: `layerParams(${NETWORK}, ${i + 1})`,
        message:
          "That is the convolution's own count. A fully connected layer has a weight for every pair of an input entry (C·H·W) " +
          "and an output entry (C′·H′·W′), and a bias per output.",
      },
    ],
  };
}
