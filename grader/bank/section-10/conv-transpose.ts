/**
 * Section 10, question 5: the output shapes and parameter counts of a small
 * decoder of transposed convolutions (ConvTranspose2d), the upsampling
 * layers of generators and segmentation networks.
 *
 * Every size and count comes from the engine's `summarize`, whose
 * ConvTranspose2d rows use convTransposeGeometry, the function
 * convTranspose2d uses: it refuses what PyTorch refuses (an output padding
 * not below the stride, an output below 1×1). Known mistakes are the sizes
 * of the usual slips: the ordinary convolution's formula, padding added
 * instead of removed, stride or output padding left out.
 */
import { pytorchConstructor, pytorchListing, summarize, type ConvTranspose2dLayer, type Dim, type Rng } from "../../autograd";
import { layerStackParams } from "../layer-stack";
import type { KnownMistakeValue } from "../../answers";
import { pick, randomInt, redrawUntil } from "../../variant-tools/draw";
import { shapeTuple } from "../../variant-tools/format";
import type { PartDefinition, ProblemDefinition } from "../../problems/types";

/** Square kernels, strides and paddings throughout, so each layer is four numbers. */
export interface SquareConvTranspose extends ConvTranspose2dLayer {
  kernelSize: number;
  stride: number;
  padding: number;
  outputPadding: number;
}

export interface ConvTransposeParams {
  /** Batch first and symbolic: ["N", C, H, W], square. */
  inputShape: [string, number, number, number];
  /** Always three layers, so that part ids keep their meaning. */
  layers: SquareConvTranspose[];
}

const BATCH = "N";
const LAYER_COUNT = 3;

/**
 * Seed 0: a DCGAN-like decoder from 4×4 to 16×16 and three channels. No layer has as many channels as its output
 * side (a 16-channel 16×16 map would pass a channels-last (N, H, W, C) answer).
 */
export const HANDOUT_DECODER: ConvTransposeParams = {
  inputShape: [BATCH, 128, 4, 4],
  layers: [
    { type: "ConvTranspose2d", inChannels: 128, outChannels: 64, kernelSize: 4, stride: 2, padding: 1, outputPadding: 0 },
    { type: "ConvTranspose2d", inChannels: 64, outChannels: 32, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1 },
    { type: "ConvTranspose2d", inChannels: 32, outChannels: 3, kernelSize: 5, stride: 1, padding: 2, outputPadding: 0 },
  ],
};

/** summarize's rows for the decoder: one per layer. */
function table(params: ConvTransposeParams) {
  return summarize(params.inputShape as Dim[], params.layers);
}

/** The spatial side entering each layer and leaving the last: [n₀, n₁, n₂, n₃]. */
export function sides(params: ConvTransposeParams): number[] {
  return [params.inputShape[2], ...table(params).map((row) => row.outputShape[2] as number)];
}

export function outputShape(params: ConvTransposeParams, index: number): Dim[] {
  return table(params)[index].outputShape;
}

function drawLayer(rng: Rng, inChannels: number, outChannels: number): SquareConvTranspose {
  const kernelSize = pick(rng, [2, 3, 4, 5]);
  const stride = pick(rng, [1, 2, 2, 3]);
  return {
    type: "ConvTranspose2d",
    inChannels,
    outChannels,
    kernelSize,
    stride,
    padding: randomInt(rng, 0, Math.floor((kernelSize - 1) / 2)),
    outputPadding: stride > 1 ? randomInt(rng, 0, 1) : 0,
  };
}

function drawDecoder(rng: Rng): ConvTransposeParams | null {
  const channels = pick(rng, [32, 64, 128]);
  const side = randomInt(rng, 3, 8);
  const outChannels = [channels / 2, channels / 4, pick(rng, [1, 3])];
  const layers = outChannels.map((out, i) => drawLayer(rng, i === 0 ? channels : outChannels[i - 1], out));
  const params: ConvTransposeParams = { inputShape: [BATCH, channels, side, side], layers };
  try {
    sides(params);
  } catch {
    return null; // a configuration PyTorch refuses: draw again
  }
  // At least one layer upsamples with a stride and one uses padding, so those slips show.
  if (!layers.some((layer) => layer.stride > 1) || !layers.some((layer) => layer.padding > 0)) return null;
  // No output with as many channels as its side, where a channels-last answer would pass.
  if (sides(params).some((side, i) => i > 0 && side === layers[i - 1].outChannels)) return null;
  return params;
}

/** The sizes a slip gives on the layer's true input side n, each with its message. */
function shapeMistakes(params: ConvTransposeParams, index: number): KnownMistakeValue[] {
  const layer = params.layers[index];
  const n = sides(params)[index];
  const right = outputShape(params, index);
  const { kernelSize: k, stride: s, padding: p, outputPadding: op } = layer;
  const candidates: [string, number, string][] = [
    [
      "ordinary-convolution",
      Math.floor((n - k + 2 * p) / s) + 1,
      "That is the output of an ordinary Conv2d with these settings, which shrinks its input; " +
        "a transposed convolution maps the other way, from a convolution's output size back to its input size.",
    ],
    [
      "padding-added",
      (n - 1) * s + 2 * p + k + op,
      "In a transposed convolution the padding is taken away from each side of the output, not added.",
    ],
    ["ignored-stride", n - 1 - 2 * p + k + op, "The stride spreads the input out: each step between input pixels is s output pixels."],
    ["ignored-output-padding", (n - 1) * s - 2 * p + k, "output_padding adds that many rows and columns at one side of the output."],
  ];
  return candidates
    .filter(([, side]) => side >= 1 && side !== right[2])
    .map(([id, side, message]) => ({ id, value: [BATCH, layer.outChannels, side, side], message }));
}

function shapePart(index: number): PartDefinition<ConvTransposeParams> {
  const position = index + 1;
  return {
    id: `a.${position}`,
    points: 1,
    prompt: (params) => `(a) The output shape of layer ${position}, \`${pytorchConstructor(params.layers[index])}\`.`,
    answer: { kind: "shape", symbols: [BATCH] },
    reference: (params) => outputShape(params, index),
    knownMistakes: (params) => shapeMistakes(params, index),
    hints: ["Think of the transposed convolution as the convolution it undoes: which input size would that convolution take to this one?"],
    examples: (params) => {
      const shape = outputShape(params, index);
      const wrong = [BATCH, shape[1], (shape[2] as number) + 1, (shape[3] as number) + 1];
      return {
        correct: [shapeTuple(shape), `[${shape.join(", ")}]`],
        wrong: [shapeTuple(wrong), shapeTuple(shape.slice(1)), ...shapeMistakes(params, index).map((m) => shapeTuple(m.value as string[]))],
      };
    },
  };
}

function paramsPart(index: number): PartDefinition<ConvTransposeParams> {
  const position = index + 1;
  const mistakes = (params: ConvTransposeParams): KnownMistakeValue[] => {
    const layer = params.layers[index];
    const weights = layer.inChannels * layer.outChannels * layer.kernelSize ** 2;
    return [
      { id: "no-bias", value: weights, message: "Each output channel also has a bias." },
      { id: "bias-per-input", value: weights + layer.inChannels, message: "There is one bias per output channel, not per input channel." },
    ].filter((mistake) => mistake.value !== table(params)[index].params);
  };
  return {
    id: `b.${position}`,
    points: 1,
    prompt: (params) => `(b) The number of trainable parameters of layer ${position}, \`${pytorchConstructor(params.layers[index])}\`.`,
    answer: { kind: "integer" },
    reference: (params) => table(params)[index].params,
    knownMistakes: mistakes,
    examples: (params) => {
      const count = table(params)[index].params;
      const layer = params.layers[index];
      return {
        correct: [count, `${layer.inChannels}*${layer.outChannels}*${layer.kernelSize}*${layer.kernelSize} + ${layer.outChannels}`],
        wrong: [count + 1, ...mistakes(params).map((mistake) => mistake.value as number)],
      };
    },
  };
}

export const convTranspose: ProblemDefinition<ConvTransposeParams> = {
  slug: "conv-transpose-shapes",
  version: 1,
  title: "Transposed convolutions: output sizes and parameters",
  source: "Section 10, question 5",
  draw: (rng, seed) => (seed === 0 ? HANDOUT_DECODER : redrawUntil(() => drawDecoder(rng), "a valid decoder")),
  statement: (params) =>
    [
      "A decoder upsamples a small feature map with transposed convolutions (PyTorch's `ConvTranspose2d`). " +
        "Each has a square kernel of size $k$, a stride $s$, a padding $p$ and an output padding, all the same along both sides; " +
        "a setting left out takes PyTorch's default (stride 1, padding 0, output padding 0).",
      `The input is a batch of $N$ feature maps of shape $${params.inputShape[1]} \\times ${params.inputShape[2]} \\times ` +
        `${params.inputShape[3]}$, so the tensor has shape $${shapeTuple(params.inputShape)}$. It flows through:`,
      "",
      ...pytorchListing(params.layers),
      "",
      "(a) Give the output shape of each layer, with $N$ for the batch size. (b) Give each layer's number of trainable parameters.",
    ].join("\n"),
  displayParams: (params) => layerStackParams(params.inputShape, params.layers),
  parts: [
    ...Array.from({ length: LAYER_COUNT }, (_, index) => shapePart(index)),
    ...Array.from({ length: LAYER_COUNT }, (_, index) => paramsPart(index)),
  ],
};
