/**
 * Section 09, question 4: the parameters of a ResNet basic block (He et al.'s
 * conv3×3–BN–ReLU–conv3×3–BN), with and without the 1×1 downsample shortcut
 * (conv1×1–BN). Every count and shape comes from the engine's `summarize`,
 * run on the main path and on the shortcut as two layer stacks from the
 * same input.
 */
import { pytorchConstructor, summarize, type Dim, type LayerSpec, type Rng } from "../../autograd";
import type { KnownMistakeValue } from "../../answers";
import { pick } from "../../variant-tools/draw";
import { shapeTuple } from "../../variant-tools/format";
import type { PartDefinition, ProblemDefinition } from "../../problems/types";

export interface ResnetBlockParams {
  /** Batch first and symbolic: ["N", C_in, H, W]. */
  inputShape: [string, number, number, number];
  outChannels: number;
  /** 2 where the block halves the resolution (and then needs the shortcut), as the first block of a ResNet stage. */
  stride: number;
}

const BATCH = "N";

/** Seed 0: the first block of ResNet-18's second stage, 64 → 128 channels at stride 2 on 56×56 maps. */
export const HANDOUT_RESNET_BLOCK: ResnetBlockParams = { inputShape: [BATCH, 64, 56, 56], outChannels: 128, stride: 2 };

/** The main path as layers: conv3×3 (stride s) – BN – ReLU – conv3×3 – BN, the convolutions without bias. */
export function mainPath(params: ResnetBlockParams): LayerSpec[] {
  const [, inChannels] = params.inputShape;
  const { outChannels, stride } = params;
  return [
    { type: "Conv2d", inChannels, outChannels, kernelSize: 3, stride, padding: 1, bias: false },
    { type: "BatchNorm2d", numFeatures: outChannels },
    { type: "ReLU" },
    { type: "Conv2d", inChannels: outChannels, outChannels, kernelSize: 3, stride: 1, padding: 1, bias: false },
    { type: "BatchNorm2d", numFeatures: outChannels },
  ];
}

/** The downsample shortcut: conv1×1 (stride s, no bias) – BN. */
export function shortcut(params: ResnetBlockParams): LayerSpec[] {
  const [, inChannels] = params.inputShape;
  return [
    { type: "Conv2d", inChannels, outChannels: params.outChannels, kernelSize: 1, stride: params.stride, padding: 0, bias: false },
    { type: "BatchNorm2d", numFeatures: params.outChannels },
  ];
}

/** The block that follows in the same stage: C_out → C_out at stride 1, whose shortcut is the identity. */
function identityBlock(params: ResnetBlockParams): ResnetBlockParams {
  const [, , H, W] = mainOutputShape(params) as [string, number, number, number];
  return { inputShape: [BATCH, params.outChannels, H, W], outChannels: params.outChannels, stride: 1 };
}

const table = (params: ResnetBlockParams, layers: LayerSpec[]) => summarize(params.inputShape as Dim[], layers);
const total = (params: ResnetBlockParams, layers: LayerSpec[]) => table(params, layers).reduce((sum, row) => sum + row.params, 0);

function mainOutputShape(params: ResnetBlockParams): Dim[] {
  return table(params, mainPath(params)).at(-1)!.outputShape;
}

export function blockParams(params: ResnetBlockParams, withShortcut: boolean): number {
  return total(params, mainPath(params)) + (withShortcut ? total(params, shortcut(params)) : 0);
}

function drawBlock(rng: Rng, seed: number): ResnetBlockParams {
  if (seed === 0) return HANDOUT_RESNET_BLOCK;
  const inChannels = pick(rng, [16, 32, 64, 128]);
  const size = pick(rng, [14, 28, 32, 56]);
  return { inputShape: [BATCH, inChannels, size, size], outChannels: inChannels * 2, stride: 2 };
}

/** Known mistakes for one layer's count: a convolution given a bias, a BatchNorm2d counted with its running statistics. */
function layerMistakes(layer: LayerSpec, count: number): KnownMistakeValue[] {
  if (layer.type === "Conv2d") {
    return [
      {
        id: "conv-bias",
        value: count + layer.outChannels,
        message: "This convolution is built with bias=False: the BatchNorm after it has its own shift β, which would cancel a bias.",
      },
    ];
  }
  if (layer.type === "BatchNorm2d") {
    return [
      {
        id: "running-stats",
        value: 2 * count,
        message:
          "The running mean and variance are buffers, updated by averaging, not by gradient descent: they are not trainable parameters.",
      },
      { id: "one-per-channel", value: count / 2, message: "Each channel has a scale γ and a shift β." },
    ];
  }
  return [];
}

function mainLayerPart(index: number): PartDefinition<ResnetBlockParams> {
  const position = index + 1;
  return {
    id: `a.${position}`,
    points: 1,
    prompt: (params) =>
      `(a) The trainable parameters of layer ${position} of the main path, \`${pytorchConstructor(mainPath(params)[index])}\`.`,
    answer: { kind: "integer" },
    reference: (params) => table(params, mainPath(params))[index].params,
    knownMistakes: (params) => layerMistakes(mainPath(params)[index], table(params, mainPath(params))[index].params),
    examples: (params) => {
      const count = table(params, mainPath(params))[index].params;
      return {
        correct: [count, String(count)],
        wrong: [count + 1, ...layerMistakes(mainPath(params)[index], count).map((m) => m.value as number)],
      };
    },
  };
}

function countPart(
  id: string,
  prompt: string,
  points: number,
  value: (params: ResnetBlockParams) => number,
  mistakes: (params: ResnetBlockParams) => KnownMistakeValue[],
): PartDefinition<ResnetBlockParams> {
  return {
    id,
    prompt,
    points,
    answer: { kind: "integer" },
    reference: value,
    knownMistakes: (params) => mistakes(params).filter((mistake) => mistake.value !== value(params)),
    examples: (params) => ({
      correct: [value(params), value(params).toLocaleString("en-US")],
      wrong: [
        value(params) + 1,
        ...mistakes(params)
          .filter((mistake) => mistake.value !== value(params))
          .map((m) => m.value as number),
      ],
    }),
  };
}

const WHY_NO_BIAS = [
  { id: "bn-shift", text: "The BatchNorm after it subtracts the batch mean, which cancels any constant bias." },
  {
    id: "fewer-flops",
    text: "A bias would make each convolution too slow to compute on a GPU for maps of this size.",
    feedback: "A bias costs one addition per output: the reason is what the BatchNorm that follows does to it.",
  },
  {
    id: "relu-bias",
    text: "The ReLU that follows the first convolution already plays the part of a learned bias.",
    feedback: "ReLU has no parameters; look at what the BatchNorm right after the convolution does to a constant added to its input.",
  },
  {
    id: "shortcut-bias",
    text: "The shortcut adds the block's input back to its output, which plays the role of a bias.",
    feedback: "The shortcut adds x, which varies with the input: it is not a constant shift.",
  },
];

export const resnetBlock: ProblemDefinition<ResnetBlockParams> = {
  slug: "resnet-block",
  version: 1,
  title: "Parameters of a ResNet basic block",
  source: "Section 09, question 4",
  draw: drawBlock,
  statement: (params) =>
    [
      "A ResNet basic block adds a shortcut to a short stack of layers: its output is $\\operatorname{relu}(F(x) + S(x))$, where the main path $F$ is",
      "",
      ...mainPath(params).map((layer, i) => `${i + 1}. \`${pytorchConstructor(layer)}\``),
      "",
      `and, since this block changes the number of channels and the resolution, the shortcut $S$ is a downsample: ` +
        shortcut(params)
          .map((layer) => `\`${pytorchConstructor(layer)}\``)
          .join(" followed by ") +
        ". Where neither changes, $S$ is the identity, with no parameters.",
      "",
      `The input has shape $${shapeTuple(params.inputShape)}$, with $N$ the batch size.`,
    ].join("\n"),
  displayParams: (params) => [
    { name: "input", latex: "x", description: "input tensor", display: { kind: "shape", value: params.inputShape } },
    ...mainPath(params).map((layer, i) => ({
      name: `layer${i + 1}`,
      latex: `F_{${i + 1}}`,
      display: { kind: "text" as const, value: pytorchConstructor(layer) },
    })),
    ...shortcut(params).map((layer, i) => ({
      name: `shortcut${i + 1}`,
      latex: `S_{${i + 1}}`,
      display: { kind: "text" as const, value: pytorchConstructor(layer) },
    })),
  ],
  parts: [
    ...mainPath(HANDOUT_RESNET_BLOCK).map((_, index) => mainLayerPart(index)),
    countPart(
      "b.main",
      "(b) The trainable parameters of the main path $F$ in all.",
      1,
      (params) => blockParams(params, false),
      (params) => [
        {
          id: "conv-bias",
          value: blockParams(params, false) + 2 * params.outChannels,
          message: "Both convolutions are built with bias=False.",
        },
      ],
    ),
    countPart(
      "c.shortcut",
      "(c) The trainable parameters of the downsample shortcut $S$ (both of its layers).",
      2,
      (params) => total(params, shortcut(params)),
      (params) => [
        {
          id: "no-bn",
          value: table(params, shortcut(params))[0].params,
          message: "That is the 1×1 convolution alone: the shortcut's BatchNorm2d has parameters too.",
        },
        {
          id: "three-by-three",
          value: 9 * table(params, shortcut(params))[0].params + table(params, shortcut(params))[1].params,
          message: "The shortcut's convolution is 1×1: one weight per pair of input and output channels.",
        },
      ],
    ),
    countPart(
      "d.block",
      "(d) The trainable parameters of the whole block with its downsample shortcut.",
      1,
      (params) => blockParams(params, true),
      (params) => [
        {
          id: "no-shortcut",
          value: blockParams(params, false),
          message: "That leaves out the downsample shortcut, whose convolution and BatchNorm are trained too.",
        },
      ],
    ),
    countPart(
      "e.identity",
      "(e) The next block of the same stage keeps the channels and the resolution ($C_\\text{out} \\to C_\\text{out}$, stride 1), " +
        "so its shortcut is the identity. Its trainable parameters in all.",
      2,
      (params) => blockParams(identityBlock(params), false),
      (params) => [
        {
          id: "first-block",
          value: blockParams(params, false),
          message:
            "That is the first block's main path: here the first convolution takes the block's own output channels in, not the stage's input channels.",
        },
        {
          id: "with-downsample",
          value: blockParams(identityBlock(params), true),
          message: "An identity shortcut has no layers and so no parameters.",
        },
      ],
    ),
    {
      id: "f.output",
      prompt: "(f) The shape of the block's output, with $N$ for the batch size.",
      points: 1,
      answer: { kind: "shape", symbols: [BATCH] },
      reference: (params) => mainOutputShape(params),
      knownMistakes: (params) => [
        {
          id: "ignored-stride",
          value: mainOutputShape({ ...params, stride: 1 }),
          message: "The first convolution has stride 2: it halves the height and the width.",
        },
      ],
      examples: (params) => {
        const shape = mainOutputShape(params);
        return { correct: [shapeTuple(shape), `[${shape.join(", ")}]`], wrong: [shapeTuple(mainOutputShape({ ...params, stride: 1 }))] };
      },
    },
    {
      id: "g.why",
      prompt: "(g) Why are the block's convolutions built without a bias?",
      points: 1,
      answer: { kind: "choice", options: WHY_NO_BIAS },
      reference: () => "bn-shift",
      examples: () => ({ correct: ["bn-shift"], wrong: ["fewer-flops", "relu-bias", "shortcut-bias"] }),
    },
  ],
};
