/**
 * Each layer's PyTorch constructor signature: its arguments in PyTorch's
 * positional order, with their snake_case names, defaults and the LayerSpec
 * field each fills. pytorchConstructor writes from this table and
 * layerFromCall reads through it, so the text one writes is the text the
 * other reads.
 */
import type { LayerSpec } from "../layers";

/** A Python literal in constructor text: tuples and lists as arrays. */
export type LayerArg = number | boolean | string | null | readonly LayerArg[];

/**
 * What an argument accepts:
 *   count: a whole number; int: a whole number, possibly negative;
 *   float: a number; bool; pair: a number or an (h, w) tuple;
 *   shape: a number or a tuple of numbers; choice: one of `choices`;
 *   orNone variants also take None.
 */
export type ArgumentKind =
  "count" | "int" | "intOrNone" | "float" | "floatOrNone" | "bool" | "pair" | "pairOrNone" | "padding" | "shape" | "choice";

export interface ArgumentSignature {
  /** PyTorch's keyword. */
  python: string;
  kind: ArgumentKind;
  /** The LayerSpec field; absent for an argument only accepted at its default (padding_mode='zeros'). */
  field?: string;
  /** PyTorch's default; absent for a required argument. */
  default?: LayerArg;
  choices?: readonly string[];
  /** Only by keyword (BatchNorm2d's bias). */
  keywordOnly?: boolean;
  /** Accepted with any value of its kind and not kept: it changes no shape or count (inplace). */
  ignored?: boolean;
  /**
   * Always written by pytorchConstructor, even at its default: the texts
   * Section 07 already shows (Conv2d's and MaxPool2d's stride and padding).
   */
  alwaysShown?: boolean;
  /** The field whose value a None default stands for (a pool's stride is its kernel size). */
  defaultFrom?: string;
}

const required = (python: string, field: string, kind: ArgumentKind): ArgumentSignature => ({ python, field, kind });
const optional = (
  python: string,
  field: string,
  kind: ArgumentKind,
  value: LayerArg,
  extra: Partial<ArgumentSignature> = {},
): ArgumentSignature => ({
  python,
  field,
  kind,
  default: value,
  ...extra,
});
/** An argument we accept only at PyTorch's default: its other values change what the layer computes in ways the table does not model. */
const fixed = (python: string, kind: ArgumentKind, value: LayerArg): ArgumentSignature => ({ python, kind, default: value });
const inplace = (): ArgumentSignature => ({ python: "inplace", kind: "bool", default: false, ignored: true });
const factory = (): ArgumentSignature[] => [fixed("device", "choice", null), fixed("dtype", "choice", null)];

const recurrentSizes = (): ArgumentSignature[] => [
  required("input_size", "inputSize", "count"),
  required("hidden_size", "hiddenSize", "count"),
  optional("num_layers", "numLayers", "count", 1),
];
const recurrentCommon = (): ArgumentSignature[] => [
  optional("bias", "bias", "bool", true),
  optional("batch_first", "batchFirst", "bool", false),
  optional("dropout", "dropout", "float", 0),
  optional("bidirectional", "bidirectional", "bool", false),
];

export const LAYER_SIGNATURES: { readonly [T in LayerSpec["type"]]: readonly ArgumentSignature[] } = {
  Conv2d: [
    required("in_channels", "inChannels", "count"),
    required("out_channels", "outChannels", "count"),
    required("kernel_size", "kernelSize", "pair"),
    optional("stride", "stride", "pair", 1, { alwaysShown: true }),
    optional("padding", "padding", "padding", 0, { alwaysShown: true }),
    optional("dilation", "dilation", "pair", 1),
    optional("groups", "groups", "count", 1),
    optional("bias", "bias", "bool", true),
    fixed("padding_mode", "choice", "zeros"),
    ...factory(),
  ],
  ConvTranspose2d: [
    required("in_channels", "inChannels", "count"),
    required("out_channels", "outChannels", "count"),
    required("kernel_size", "kernelSize", "pair"),
    optional("stride", "stride", "pair", 1),
    optional("padding", "padding", "pair", 0),
    optional("output_padding", "outputPadding", "pair", 0),
    optional("groups", "groups", "count", 1),
    optional("bias", "bias", "bool", true),
    optional("dilation", "dilation", "pair", 1),
    fixed("padding_mode", "choice", "zeros"),
    ...factory(),
  ],
  MaxPool2d: [
    required("kernel_size", "kernelSize", "pair"),
    optional("stride", "stride", "pairOrNone", null, { alwaysShown: true, defaultFrom: "kernelSize" }),
    optional("padding", "padding", "pair", 0, { alwaysShown: true }),
    optional("dilation", "dilation", "pair", 1),
    fixed("return_indices", "bool", false),
    optional("ceil_mode", "ceilMode", "bool", false),
  ],
  AvgPool2d: [
    required("kernel_size", "kernelSize", "pair"),
    optional("stride", "stride", "pairOrNone", null),
    optional("padding", "padding", "pair", 0),
    optional("ceil_mode", "ceilMode", "bool", false),
    optional("count_include_pad", "countIncludePad", "bool", true),
    fixed("divisor_override", "intOrNone", null),
  ],
  AdaptiveAvgPool2d: [required("output_size", "outputSize", "pair")],
  Flatten: [optional("start_dim", "startDim", "int", 1), optional("end_dim", "endDim", "int", -1)],
  Linear: [
    required("in_features", "inFeatures", "count"),
    required("out_features", "outFeatures", "count"),
    optional("bias", "bias", "bool", true),
    ...factory(),
  ],
  ReLU: [inplace()],
  Sigmoid: [],
  Tanh: [],
  Identity: [],
  GELU: [optional("approximate", "approximate", "choice", "none", { choices: ["none", "tanh"] })],
  LeakyReLU: [optional("negative_slope", "negativeSlope", "float", 0.01), inplace()],
  ELU: [optional("alpha", "alpha", "float", 1), inplace()],
  Softplus: [optional("beta", "beta", "float", 1), optional("threshold", "threshold", "float", 20)],
  Softmax: [optional("dim", "dim", "intOrNone", null)],
  BatchNorm2d: [
    required("num_features", "numFeatures", "count"),
    optional("eps", "eps", "float", 1e-5),
    optional("momentum", "momentum", "floatOrNone", 0.1),
    optional("affine", "affine", "bool", true),
    optional("track_running_stats", "trackRunningStats", "bool", true),
    ...factory(),
    optional("bias", "bias", "bool", true, { keywordOnly: true }),
  ],
  LayerNorm: [
    required("normalized_shape", "normalizedShape", "shape"),
    optional("eps", "eps", "float", 1e-5),
    optional("elementwise_affine", "elementwiseAffine", "bool", true),
    optional("bias", "bias", "bool", true),
    ...factory(),
  ],
  GroupNorm: [
    required("num_groups", "numGroups", "count"),
    required("num_channels", "numChannels", "count"),
    optional("eps", "eps", "float", 1e-5),
    optional("affine", "affine", "bool", true),
    ...factory(),
    optional("bias", "bias", "bool", true, { keywordOnly: true }),
  ],
  Embedding: [
    required("num_embeddings", "numEmbeddings", "count"),
    required("embedding_dim", "embeddingDim", "count"),
    optional("padding_idx", "paddingIdx", "intOrNone", null),
    fixed("max_norm", "floatOrNone", null),
    fixed("norm_type", "float", 2),
    fixed("scale_grad_by_freq", "bool", false),
    fixed("sparse", "bool", false),
  ],
  Dropout: [optional("p", "p", "float", 0.5), inplace()],
  RNN: [
    ...recurrentSizes(),
    optional("nonlinearity", "nonlinearity", "choice", "tanh", { choices: ["tanh", "relu"] }),
    ...recurrentCommon(),
    ...factory(),
  ],
  LSTM: [...recurrentSizes(), ...recurrentCommon(), fixed("proj_size", "int", 0), ...factory()],
  GRU: [...recurrentSizes(), ...recurrentCommon(), ...factory()],
  MultiheadAttention: [
    required("embed_dim", "embedDim", "count"),
    required("num_heads", "numHeads", "count"),
    optional("dropout", "dropout", "float", 0),
    optional("bias", "bias", "bool", true),
    fixed("add_bias_kv", "bool", false),
    fixed("add_zero_attn", "bool", false),
    fixed("kdim", "intOrNone", null),
    fixed("vdim", "intOrNone", null),
    optional("batch_first", "batchFirst", "bool", false),
    ...factory(),
  ],
  TransformerEncoderLayer: [
    required("d_model", "dModel", "count"),
    required("nhead", "nhead", "count"),
    optional("dim_feedforward", "dimFeedforward", "count", 2048),
    optional("dropout", "dropout", "float", 0.1),
    optional("activation", "activation", "choice", "relu", { choices: ["relu", "gelu"] }),
    optional("layer_norm_eps", "layerNormEps", "float", 1e-5),
    optional("batch_first", "batchFirst", "bool", false),
    optional("norm_first", "normFirst", "bool", false),
    optional("bias", "bias", "bool", true),
    ...factory(),
  ],
};

export const LAYER_TYPES = Object.keys(LAYER_SIGNATURES) as LayerSpec["type"][];
