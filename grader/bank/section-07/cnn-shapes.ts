/**
 * Section 07, question 3: the output shape and parameter count of each layer
 * of a small CNN, and for each convolution the parameter count of a fully
 * connected layer between the same flattened input and output.
 *
 * Every reference comes from the engine's `summarize`, which refuses the
 * configurations PyTorch refuses. The handout's typed key gives 805306512
 * for the first convolution's dense equivalent; 3·64·64·16·64·64 + 16·64·64
 * is 805371904, which summarize computes and PyTorch confirms
 * (test/fixtures/autograd/summarize.json). A student who copies the key's
 * figure gets a message of its own (HANDOUT_KEY_SLIP), not a bare 0.
 */
import { pytorchConstructor, pytorchListing, summarize, type Dim, type LayerSpec, type Rng } from "../../autograd";
import { layerStackParams } from "../layer-stack";
import type { KnownMistakeValue } from "../../answers";
import { pick, randomInt, redrawUntil } from "../../variant-tools/draw";
import { shapeTuple } from "../../variant-tools/format";
import type { PartDefinition, ProblemDefinition } from "../../problems/types";

export interface CnnShapesParams {
  /** Batch first and symbolic: ["N", C, H, W]. */
  inputShape: [string, number, number, number];
  /** Always Conv, Pool, Conv, Pool, Conv, Conv, Flatten, Linear, so that part ids keep their meaning. */
  layers: LayerSpec[];
}

const BATCH = "N";

/** The handout's stack on (N, 3, 64, 64). */
export const HANDOUT_CNN: CnnShapesParams = {
  inputShape: [BATCH, 3, 64, 64],
  layers: [
    { type: "Conv2d", inChannels: 3, outChannels: 16, kernelSize: 3, stride: 1, padding: 1 },
    { type: "MaxPool2d", kernelSize: 2, stride: 2, padding: 0 },
    { type: "Conv2d", inChannels: 16, outChannels: 32, kernelSize: 3, stride: 1, padding: 0 },
    { type: "MaxPool2d", kernelSize: 2, stride: 2, padding: 1 },
    { type: "Conv2d", inChannels: 32, outChannels: 8, kernelSize: 1, stride: 1, padding: 0 },
    { type: "Conv2d", inChannels: 8, outChannels: 4, kernelSize: 5, stride: 1, padding: 0 },
    { type: "Flatten" },
    { type: "Linear", inFeatures: 576, outFeatures: 10 },
  ],
};

/** The handout key's figure for layer 1's dense equivalent, with its arithmetic slip (the right count is computed, never typed in). */
const HANDOUT_KEY_SLIP = 805306512;

/** The layer positions (1-based) that are convolutions: they also get a dense-equivalent part. */
const CONV_POSITIONS = [1, 3, 5, 6] as const;

/** The smallest spatial size a drawn variant may reach before Flatten, so no layer degenerates to 1×1 by accident. */
const MIN_FINAL_SIZE = 2;

function drawStack(rng: Rng): CnnShapesParams | null {
  const channels = pick(rng, [1, 3]);
  const size = pick(rng, [28, 32, 40, 48, 64]);
  const c1 = pick(rng, [6, 8, 16]);
  const k1 = pick(rng, [3, 5]);
  const c2 = pick(rng, [12, 16, 32]);
  const k2 = pick(rng, [3, 5]);
  const c3 = pick(rng, [4, 8, 12]);
  const c4 = pick(rng, [2, 4, 6]);
  const k4 = pick(rng, [3, 5]);
  const pool2Kernel = pick(rng, [2, 3]);
  const convolutionalPart: LayerSpec[] = [
    {
      type: "Conv2d",
      inChannels: channels,
      outChannels: c1,
      kernelSize: k1,
      stride: pick(rng, [1, 1, 2]),
      padding: randomInt(rng, 0, (k1 - 1) / 2),
    },
    { type: "MaxPool2d", kernelSize: 2, stride: 2, padding: randomInt(rng, 0, 1) },
    { type: "Conv2d", inChannels: c1, outChannels: c2, kernelSize: k2, stride: 1, padding: randomInt(rng, 0, 1) },
    { type: "MaxPool2d", kernelSize: pool2Kernel, stride: 2, padding: randomInt(rng, 0, 1) },
    { type: "Conv2d", inChannels: c2, outChannels: c3, kernelSize: 1, stride: 1, padding: 0 },
    { type: "Conv2d", inChannels: c3, outChannels: c4, kernelSize: k4, stride: 1, padding: 0 },
    { type: "Flatten" },
  ];
  let rows;
  try {
    rows = summarize([1, channels, size, size], convolutionalPart);
  } catch {
    return null; // a configuration PyTorch refuses: draw again
  }
  const beforeFlatten = rows[5].outputShape;
  if (beforeFlatten[2] < MIN_FINAL_SIZE || beforeFlatten[3] < MIN_FINAL_SIZE) return null;
  const flattened = rows[6].outputShape[1];
  return {
    inputShape: [BATCH, channels, size, size],
    layers: [...convolutionalPart, { type: "Linear", inFeatures: flattened, outFeatures: pick(rng, [10, 5, 100]) }],
  };
}

function table(params: CnnShapesParams) {
  return summarize(params.inputShape as Dim[], params.layers);
}

function withLayer(params: CnnShapesParams, index: number, change: Partial<LayerSpec>): CnnShapesParams {
  return { ...params, layers: params.layers.map((layer, i) => (i === index ? ({ ...layer, ...change } as LayerSpec) : layer)) };
}

/** Known mistakes for a layer's output shape: the shape computed as if padding (or stride) were ignored. */
function shapeMistakes(params: CnnShapesParams, index: number): KnownMistakeValue[] {
  const layer = params.layers[index];
  const mistakes: KnownMistakeValue[] = [];
  const tryVariant = (changed: CnnShapesParams, id: string, message: string) => {
    try {
      // Only the layers up to this one: a mistaken size would make a later Linear refuse its input.
      const wrong = table({ ...changed, layers: changed.layers.slice(0, index + 1) })[index].outputShape;
      const right = table(params)[index].outputShape;
      if (JSON.stringify(wrong) !== JSON.stringify(right)) mistakes.push({ id, value: wrong, message });
    } catch {
      // the mistaken layer would be refused: no value to match
    }
  };
  if ((layer.type === "Conv2d" || layer.type === "MaxPool2d") && (layer.padding ?? 0) !== 0) {
    tryVariant(
      withLayer(params, index, { padding: 0 }),
      "ignored-padding",
      "This is the size without padding: the padding adds 2p to the input size before the window slides.",
    );
  }
  if (layer.type === "MaxPool2d" || (layer.type === "Conv2d" && (layer.stride ?? 1) !== 1)) {
    tryVariant(
      withLayer(params, index, { stride: 1 }),
      "ignored-stride",
      "This is the size with stride 1: divide (n − f + 2p) by the stride s before adding 1.",
    );
  }
  return mistakes;
}

function shapePart(index: number): PartDefinition<CnnShapesParams> {
  const position = index + 1;
  return {
    id: `a.${position}`,
    points: 1,
    prompt: (params) => `The output shape of layer ${position}, \`${pytorchConstructor(params.layers[index])}\`.`,
    answer: { kind: "shape", symbols: [BATCH] },
    reference: (params) => table(params)[index].outputShape,
    knownMistakes: (params) => shapeMistakes(params, index),
    hints: ["For an n×n input, f×f window, padding p and stride s the output is ⌊(n − f + 2p)/s⌋ + 1 per side."],
    examples: (params) => {
      const shape = table(params)[index].outputShape;
      const wrong = shape.map((dim, i) => (i === shape.length - 1 && typeof dim === "number" ? dim + 1 : dim));
      return { correct: [shapeTuple(shape), `[${shape.join(", ")}]`], wrong: [shapeTuple(wrong), shapeTuple(shape.slice(1))] };
    },
  };
}

function paramsPart(index: number): PartDefinition<CnnShapesParams> {
  const position = index + 1;
  return {
    id: `b.${position}`,
    points: 1,
    prompt: (params) => `The number of trainable parameters of layer ${position}, \`${pytorchConstructor(params.layers[index])}\`.`,
    answer: { kind: "integer" },
    reference: (params) => table(params)[index].params,
    knownMistakes: (params) => {
      const layer = params.layers[index];
      if (layer.type === "Conv2d") {
        const [k] = [layer.kernelSize as number];
        return [
          { id: "no-bias", value: layer.inChannels * layer.outChannels * k * k, message: "Each of the output channels also has a bias." },
        ];
      }
      if (layer.type === "Linear") {
        return [{ id: "no-bias", value: layer.inFeatures * layer.outFeatures, message: "Each output also has a bias." }];
      }
      return [];
    },
    examples: (params) => {
      const count = table(params)[index].params;
      const layer = params.layers[index];
      const asProduct =
        layer.type === "Conv2d"
          ? `${layer.inChannels}*${layer.outChannels}*${layer.kernelSize}*${layer.kernelSize} + ${layer.outChannels}`
          : layer.type === "Linear"
            ? `${layer.inFeatures}*${layer.outFeatures} + ${layer.outFeatures}`
            : "0";
      return { correct: [count, String(count), asProduct], wrong: [count + 1] };
    },
  };
}

function densePart(position: number): PartDefinition<CnnShapesParams> {
  const index = position - 1;
  return {
    id: `b.${position}.dense`,
    points: 1,
    prompt: (params) =>
      `The number of parameters of a fully connected layer mapping the flattened input of layer ${position} ` +
      `(\`${pytorchConstructor(params.layers[index])}\`) to its flattened output, biases included.`,
    answer: { kind: "integer" },
    reference: (params) => table(params)[index].denseParams!,
    knownMistakes: (params) => {
      const rows = table(params);
      const perExample = (shape: Dim[]) => shape.slice(1).reduce<number>((product, dim) => product * (dim as number), 1);
      const inputs = perExample(index === 0 ? params.inputShape : rows[index - 1].outputShape);
      const outputs = perExample(rows[index].outputShape);
      const mistakes: KnownMistakeValue[] = [
        { id: "no-bias", value: inputs * outputs, message: "A fully connected layer also has one bias per output: add C′·H′·W′." },
      ];
      if (position === 1 && rows[index].denseParams !== HANDOUT_KEY_SLIP) {
        mistakes.push({
          id: "handout-key-slip",
          value: HANDOUT_KEY_SLIP,
          message:
            "That is the figure printed in the handout's key, which has an arithmetic " +
            "slip: multiply (C·H·W)·(C′·H′·W′) + C′·H′·W′ out again, carefully.",
        });
      }
      return mistakes;
    },
    examples: (params) => {
      const dense = table(params)[index].denseParams!;
      return { correct: [dense, dense.toLocaleString("en-US")], wrong: [dense - 1] };
    },
  };
}

export const cnnShapes: ProblemDefinition<CnnShapesParams> = {
  slug: "cnn-shapes",
  // 2: whole numbers may be written 448.0 or 8.05e8, and the handout key's slip has its own message.
  version: 2,
  title: "Shapes and parameters in a convolutional network",
  source: "Section 07, question 3",
  draw: (rng, seed) => (seed === 0 ? HANDOUT_CNN : redrawUntil(() => drawStack(rng), "a valid CNN stack")),
  statement: (params) =>
    [
      "When designing a convolutional neural network, it is important to think about the shape of the data flowing through it.",
      "For an $n \\times n$ input, an $f \\times f$ filter, padding $p$ and stride $s$, the output is $o \\times o$ with",
      "$$o = \\left\\lfloor \\frac{n - f + 2p}{s} \\right\\rfloor + 1.$$",
      `The input is a batch of $N$ images of shape $${params.inputShape[1]} \\times ${params.inputShape[2]} \\times ` +
        `${params.inputShape[3]}$, so the tensor has shape $${shapeTuple(params.inputShape)}$. ` +
        `It flows through these layers (PyTorch's \`Conv2d\`, \`MaxPool2d\`, \`Flatten\` and \`Linear\`; ` +
        `activations are left out since they do not change shapes):`,
      "",
      ...pytorchListing(params.layers),
      "",
      "(a) Give the output shape of each layer, with $N$ for the batch size. (b) Give " +
        "each layer's number of trainable parameters, and for each convolution the number " +
        "a fully connected layer between the same flattened input and output would have.",
    ].join("\n"),
  displayParams: (params) => layerStackParams(params.inputShape, params.layers),
  parts: [
    ...HANDOUT_CNN.layers.map((_, index) => shapePart(index)),
    ...HANDOUT_CNN.layers.map((_, index) => paramsPart(index)),
    ...CONV_POSITIONS.map((position) => densePart(position)),
  ],
};
