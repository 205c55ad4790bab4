/**
 * Section 10, question 2: the parameter counts of PyTorch's recurrent
 * layers (RNN, LSTM, GRU) on the same input, and the output shape and count
 * of a stacked bidirectional LSTM.
 *
 * Every count comes from the engine's `summarize`, which follows PyTorch:
 * per layer and direction, W_ih (g·H × inputs), W_hh (g·H × H) and two bias
 * vectors b_ih and b_hh of g·H each, with g = 1, 4, 3 gate blocks for RNN,
 * LSTM and GRU. Known mistakes are summarize's counts of mistaken layers
 * (one bias vector, no bias, the wrong number of gates, an upper layer
 * reading H features, one direction).
 */
import { pytorchConstructor, summarize, type Dim, type RecurrentLayer, type Rng } from "../../autograd";
import type { KnownMistakeValue } from "../../answers";
import { distinctInts, pick } from "../../variant-tools/draw";
import { shapeTuple } from "../../variant-tools/format";
import type { PartDefinition, ProblemDefinition } from "../../problems/types";

export interface RecurrentParams {
  /** input_size H_in. */
  inputSize: number;
  /** hidden_size H. */
  hiddenSize: number;
  /** The stacked bidirectional LSTM's num_layers. */
  numLayers: number;
}

const BATCH = "N";
const LENGTH = "L";

/** Seed 0: 10 input features, 20 hidden units, two stacked layers. */
export const HANDOUT_RECURRENT: RecurrentParams = { inputSize: 10, hiddenSize: 20, numLayers: 2 };

function draw(rng: Rng, seed: number): RecurrentParams {
  if (seed === 0) return HANDOUT_RECURRENT;
  // H_in ≠ H, so that a count with the two swapped is wrong.
  const [inputSize, hiddenSize] = distinctInts(rng, 2, 4, 64);
  return { inputSize, hiddenSize, numLayers: pick(rng, [2, 3]) };
}

type Kind = RecurrentLayer["type"];
const GATES: Record<Kind, number> = { RNN: 1, LSTM: 4, GRU: 3 };

/** The layer each (a) part asks about. */
function single(params: RecurrentParams, type: Kind, change: Partial<RecurrentLayer> = {}): RecurrentLayer {
  return { type, inputSize: params.inputSize, hiddenSize: params.hiddenSize, batchFirst: true, ...change };
}

/** The stacked bidirectional LSTM of (b). */
function stacked(params: RecurrentParams, change: Partial<RecurrentLayer> = {}): RecurrentLayer {
  return single(params, "LSTM", { numLayers: params.numLayers, bidirectional: true, ...change });
}

/** summarize's row for a layer on a batch-first input (N, L, H_in) with N and L symbolic. */
function row(layer: RecurrentLayer) {
  const input: Dim[] = [BATCH, LENGTH, layer.inputSize];
  return summarize(input, [layer])[0];
}

const ONE_BIAS = "PyTorch keeps two bias vectors per gate block, b_ih and b_hh, each of size H.";
const NO_BIAS = "The layer has biases (bias=True is the default): b_ih and b_hh, one entry per row of W_ih and W_hh.";
const GATE_MESSAGES: Record<Kind, string> = {
  RNN: "A plain RNN has a single block: one W_ih and one W_hh of H rows each.",
  LSTM: "An LSTM has four blocks of H rows stacked in each weight: the input, forget and output gates and the cell candidate.",
  GRU: "A GRU has three blocks of H rows stacked in each weight: the reset and update gates and the new candidate.",
};

function singleMistakes(params: RecurrentParams, type: Kind): KnownMistakeValue[] {
  const right = row(single(params, type)).params;
  const noBias = row(single(params, type, { bias: false })).params;
  const gates = GATES[type];
  const mistakes: KnownMistakeValue[] = [
    { id: "one-bias", value: noBias + gates * params.hiddenSize, message: ONE_BIAS },
    { id: "no-bias", value: noBias, message: NO_BIAS },
  ];
  // Another kind's count on the same sizes: the gate blocks mixed up.
  for (const other of ["RNN", "LSTM", "GRU"] as const) {
    if (other !== type)
      mistakes.push({ id: `gates-of-${other.toLowerCase()}`, value: row(single(params, other)).params, message: GATE_MESSAGES[type] });
  }
  return mistakes.filter((mistake) => mistake.value !== right);
}

function singlePart(id: string, type: Kind): PartDefinition<RecurrentParams> {
  return {
    id,
    points: 1,
    prompt: (params) => `(a) The number of trainable parameters of \`${pytorchConstructor(single(params, type))}\`.`,
    answer: { kind: "integer" },
    reference: (params) => row(single(params, type)).params,
    knownMistakes: (params) => singleMistakes(params, type),
    hints: ["Count W_ih, W_hh, b_ih and b_hh separately; each has one block of H rows per gate."],
    examples: (params) => {
      const count = row(single(params, type)).params;
      const { inputSize: I, hiddenSize: H } = params;
      const g = GATES[type];
      return {
        correct: [count, `${g}*${H}*${I} + ${g}*${H}*${H} + 2*${g}*${H}`],
        wrong: [count + 1, ...singleMistakes(params, type).map((mistake) => mistake.value as number)],
      };
    },
  };
}

function stackedMistakes(params: RecurrentParams): KnownMistakeValue[] {
  const right = row(stacked(params)).params;
  const first = row(stacked(params, { numLayers: 1 })).params;
  const upperReadingH = row(stacked({ ...params, inputSize: params.hiddenSize }, { numLayers: 1 })).params;
  const mistakes: KnownMistakeValue[] = [
    {
      id: "upper-reads-h",
      value: first + (params.numLayers - 1) * upperReadingH,
      message: "A layer above the first reads the outputs of both directions of the layer below: 2H features, not H.",
    },
    {
      id: "one-direction",
      value: row(stacked(params, { bidirectional: false })).params,
      message: "bidirectional=True gives every layer a second, backward-running set of weights.",
    },
    {
      id: "upper-reads-input",
      value: params.numLayers * first,
      message: "Only the first layer reads the input's H_in features; the layers above read the outputs of the layer below.",
    },
  ];
  return mistakes.filter((mistake) => mistake.value !== right);
}

function stackedShapeMistakes(params: RecurrentParams): KnownMistakeValue[] {
  const H = params.hiddenSize;
  return [
    { id: "one-direction", value: [BATCH, LENGTH, H], message: "The two directions' outputs are concatenated at every position." },
    {
      id: "final-state",
      value: [2 * params.numLayers, BATCH, H],
      message: "That is the shape of the final hidden state h_n; the output is the top layer's output at every position.",
    },
    {
      id: "every-layer",
      value: [BATCH, LENGTH, 2 * params.numLayers * H],
      message: "The output holds only the top layer's outputs, not every layer's.",
    },
  ];
}

export const recurrentParams: ProblemDefinition<RecurrentParams> = {
  slug: "recurrent-params",
  version: 1,
  title: "Parameter counts of RNN, LSTM and GRU layers",
  source: "Section 10, question 2",
  draw,
  statement: (params) =>
    [
      `A batch of $N$ sequences of length $L$ with $H_\\text{in} = ${params.inputSize}$ features per step, of shape ` +
        `$${shapeTuple([BATCH, LENGTH, params.inputSize])}$, is fed to each of these PyTorch layers in turn, ` +
        `each with $H = ${params.hiddenSize}$ hidden units:`,
      "",
      `- \`${pytorchConstructor(single(params, "RNN"))}\``,
      `- \`${pytorchConstructor(single(params, "LSTM"))}\``,
      `- \`${pytorchConstructor(single(params, "GRU"))}\``,
      `- \`${pytorchConstructor(stacked(params))}\``,
      "",
      "Count every trainable parameter, as `sum(p.numel() for p in layer.parameters())` would. " +
        "You may leave a count as a sum of products.",
    ].join("\n"),
  displayParams: (params) => [
    { name: "H_in", latex: "H_\\text{in}", description: "input features", display: { kind: "dimension", value: params.inputSize } },
    { name: "H", latex: "H", description: "hidden units", display: { kind: "dimension", value: params.hiddenSize } },
    { name: "input", latex: "x", description: "input tensor", display: { kind: "shape", value: [BATCH, LENGTH, params.inputSize] } },
    { name: "stacked", latex: "\\text{stacked}", display: { kind: "text", value: pytorchConstructor(stacked(params)) } },
  ],
  parts: [
    singlePart("a.rnn", "RNN"),
    singlePart("a.lstm", "LSTM"),
    singlePart("a.gru", "GRU"),
    {
      id: "b.params",
      points: 2,
      prompt: (params) => `(b) The number of trainable parameters of \`${pytorchConstructor(stacked(params))}\`.`,
      answer: { kind: "integer" },
      reference: (params) => row(stacked(params)).params,
      knownMistakes: stackedMistakes,
      examples: (params) => {
        const count = row(stacked(params)).params;
        return {
          correct: [count, String(count)],
          wrong: [count - 1, ...stackedMistakes(params).map((mistake) => mistake.value as number)],
        };
      },
    },
    {
      id: "b.shape",
      points: 1,
      prompt: (params) => `(b) The shape of the output sequence of \`${pytorchConstructor(stacked(params))}\` (its first return value).`,
      answer: { kind: "shape", symbols: [BATCH, LENGTH] },
      reference: (params) => row(stacked(params)).outputShape,
      knownMistakes: stackedShapeMistakes,
      examples: (params) => {
        const shape = row(stacked(params)).outputShape;
        return {
          correct: [shapeTuple(shape), `[${shape.join(", ")}]`],
          wrong: stackedShapeMistakes(params).map((mistake) => shapeTuple(mistake.value as Dim[])),
        };
      },
    },
  ],
};
