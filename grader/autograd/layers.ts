/**
 * The torch.nn layers the engine knows, as their constructors' arguments in
 * camelCase (PyTorch's defaults where an argument is left out). summarize
 * gives their output shapes and parameter counts, pytorchConstructor their
 * constructor text, and the model importer reads them from pasted text.
 */
import type { Pair } from "./geometry";

export interface Conv2dLayer {
  type: "Conv2d";
  inChannels: number;
  outChannels: number;
  kernelSize: Pair;
  stride?: Pair;
  padding?: Pair | "same" | "valid";
  dilation?: Pair;
  /** Default 1; inChannels and outChannels must both divide by it. */
  groups?: number;
  /** Default true, as in PyTorch. */
  bias?: boolean;
}

export interface MaxPool2dLayer {
  type: "MaxPool2d";
  kernelSize: Pair;
  /** Default: kernelSize. */
  stride?: Pair | null;
  padding?: Pair;
  dilation?: Pair;
  ceilMode?: boolean;
}

/** nn.Flatten: merges startDim..endDim, by default every dimension after the batch (1..−1). */
export interface FlattenLayer {
  type: "Flatten";
  startDim?: number;
  endDim?: number;
}

export interface LinearLayer {
  type: "Linear";
  inFeatures: number;
  outFeatures: number;
  /** Default true, as in PyTorch. */
  bias?: boolean;
}

/** Elementwise layers without options (inplace changes no shape, so it is not kept). */
export interface ActivationLayer {
  type: "ReLU" | "Sigmoid" | "Tanh" | "Identity";
}

export interface GeluLayer {
  type: "GELU";
  /** Default "none" (the exact, erf form). */
  approximate?: "none" | "tanh";
}

export interface LeakyReluLayer {
  type: "LeakyReLU";
  /** Default 0.01. */
  negativeSlope?: number;
}

export interface EluLayer {
  type: "ELU";
  /** Default 1. */
  alpha?: number;
}

export interface SoftplusLayer {
  type: "Softplus";
  /** Default 1. */
  beta?: number;
  /** Default 20. */
  threshold?: number;
}

export interface SoftmaxLayer {
  type: "Softmax";
  /** Default null: PyTorch then picks a dimension from the rank, with a warning. */
  dim?: number | null;
}

export interface ConvTranspose2dLayer {
  type: "ConvTranspose2d";
  inChannels: number;
  outChannels: number;
  kernelSize: Pair;
  stride?: Pair;
  padding?: Pair;
  outputPadding?: Pair;
  groups?: number;
  bias?: boolean;
  dilation?: Pair;
}

export interface AvgPool2dLayer {
  type: "AvgPool2d";
  kernelSize: Pair;
  /** Default: kernelSize. */
  stride?: Pair | null;
  padding?: Pair;
  ceilMode?: boolean;
  countIncludePad?: boolean;
}

export interface AdaptiveAvgPool2dLayer {
  type: "AdaptiveAvgPool2d";
  outputSize: Pair;
}

export interface BatchNorm2dLayer {
  type: "BatchNorm2d";
  numFeatures: number;
  eps?: number;
  /** Default 0.1; null for a cumulative moving average. */
  momentum?: number | null;
  /** Default true: a weight and a bias of numFeatures each. */
  affine?: boolean;
  /** Default true (PyTorch 2.13+, keyword only); only with affine. */
  bias?: boolean;
  /** Default true: running mean, running variance and num_batches_tracked buffers. */
  trackRunningStats?: boolean;
}

export interface LayerNormLayer {
  type: "LayerNorm";
  normalizedShape: number | readonly number[];
  eps?: number;
  elementwiseAffine?: boolean;
  /** Default true (PyTorch 2.1+); only with elementwiseAffine. */
  bias?: boolean;
}

export interface GroupNormLayer {
  type: "GroupNorm";
  numGroups: number;
  numChannels: number;
  eps?: number;
  affine?: boolean;
  /** Default true (PyTorch 2.13+, keyword only); only with affine. */
  bias?: boolean;
}

export interface EmbeddingLayer {
  type: "Embedding";
  numEmbeddings: number;
  embeddingDim: number;
  paddingIdx?: number | null;
}

export interface DropoutLayer {
  type: "Dropout";
  p?: number;
}

/** nn.RNN, nn.LSTM and nn.GRU: the output is the sequence output (not the final hidden state). */
export interface RecurrentLayer {
  type: "RNN" | "LSTM" | "GRU";
  inputSize: number;
  hiddenSize: number;
  numLayers?: number;
  /** RNN only: "tanh" (default) or "relu". */
  nonlinearity?: "tanh" | "relu";
  /** Default true: PyTorch's two bias vectors (b_ih and b_hh) per layer and direction. */
  bias?: boolean;
  /** Default false: input (L, N, H_in); true: (N, L, H_in). */
  batchFirst?: boolean;
  /** Default 0: dropout between stacked layers (values only, not shapes). */
  dropout?: number;
  bidirectional?: boolean;
}

export interface MultiheadAttentionLayer {
  type: "MultiheadAttention";
  embedDim: number;
  numHeads: number;
  /** Default 0: dropout on the attention weights (values only, not shapes). */
  dropout?: number;
  /** Default true: in- and out-projection biases. */
  bias?: boolean;
  /** Default false: input (L, N, E); true: (N, L, E). */
  batchFirst?: boolean;
}

export interface TransformerEncoderLayerSpec {
  type: "TransformerEncoderLayer";
  dModel: number;
  nhead: number;
  /** Default 2048, as in PyTorch. */
  dimFeedforward?: number;
  dropout?: number;
  activation?: "relu" | "gelu";
  layerNormEps?: number;
  batchFirst?: boolean;
  normFirst?: boolean;
  bias?: boolean;
}

export type LayerSpec =
  | Conv2dLayer
  | ConvTranspose2dLayer
  | MaxPool2dLayer
  | AvgPool2dLayer
  | AdaptiveAvgPool2dLayer
  | FlattenLayer
  | LinearLayer
  | ActivationLayer
  | GeluLayer
  | LeakyReluLayer
  | EluLayer
  | SoftplusLayer
  | SoftmaxLayer
  | BatchNorm2dLayer
  | LayerNormLayer
  | GroupNormLayer
  | EmbeddingLayer
  | DropoutLayer
  | RecurrentLayer
  | MultiheadAttentionLayer
  | TransformerEncoderLayerSpec;
