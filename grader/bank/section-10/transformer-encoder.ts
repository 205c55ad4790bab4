/**
 * Section 10, question 6: the parameter count of a Transformer encoder
 * layer, block by block (self-attention, feed-forward network, the two
 * LayerNorms) and in all, and its output shape.
 *
 * Every count comes from the engine's `summarize`: the blocks from its
 * MultiheadAttention, Linear and LayerNorm rows, the total from its
 * TransformerEncoderLayer row, so the test that the blocks add up to the
 * total checks one against the other.
 */
import { pytorchConstructor, summarize, type Dim, type LayerSpec, type Rng, type TransformerEncoderLayerSpec } from "../../autograd";
import type { KnownMistakeValue } from "../../answers";
import { pick, redrawUntil } from "../../variant-tools/draw";
import { shapeTuple } from "../../variant-tools/format";
import type { PartDefinition, ProblemDefinition } from "../../problems/types";

export interface TransformerEncoderParams {
  dModel: number;
  nhead: number;
  dimFeedforward: number;
}

const BATCH = "N";
const LENGTH = "L";

/** Seed 0: the base model of "Attention Is All You Need", d = 512, 8 heads, a 2048-wide feed-forward network. */
export const HANDOUT_ENCODER: TransformerEncoderParams = { dModel: 512, nhead: 8, dimFeedforward: 2048 };

function drawSizes(rng: Rng): TransformerEncoderParams | null {
  const dModel = pick(rng, [64, 96, 128, 192, 256, 384, 768]);
  const nhead = pick(rng, [2, 4, 6, 8, 12]);
  if (dModel % nhead !== 0) return null;
  return { dModel, nhead, dimFeedforward: pick(rng, [2, 4]) * dModel };
}

export function encoderLayer(
  params: TransformerEncoderParams,
  change: Partial<TransformerEncoderLayerSpec> = {},
): TransformerEncoderLayerSpec {
  return { type: "TransformerEncoderLayer", ...params, batchFirst: true, ...change };
}

/** summarize's rows for layers applied to a batch-first input (N, L, features). */
function rows(features: number, layers: LayerSpec[]) {
  const input: Dim[] = [BATCH, LENGTH, features];
  return summarize(input, layers);
}

export interface BlockCounts {
  attention: number;
  feedforward: number;
  norms: number;
  total: number;
}

/** The counts by block and in all, each from summarize. */
export function blockCounts(params: TransformerEncoderParams): BlockCounts {
  const { dModel: d, nhead, dimFeedforward: ff } = params;
  const [attention] = rows(d, [{ type: "MultiheadAttention", embedDim: d, numHeads: nhead, batchFirst: true }]);
  const feedforward = rows(d, [
    { type: "Linear", inFeatures: d, outFeatures: ff },
    { type: "Linear", inFeatures: ff, outFeatures: d },
  ]);
  const [norm] = rows(d, [{ type: "LayerNorm", normalizedShape: d }]);
  const [total] = rows(d, [encoderLayer(params)]);
  return {
    attention: attention.params,
    feedforward: feedforward[0].params + feedforward[1].params,
    norms: 2 * norm.params,
    total: total.params,
  };
}

function countPart(
  id: string,
  block: keyof BlockCounts,
  prompt: string,
  points: number,
  mistakes: (params: TransformerEncoderParams) => KnownMistakeValue[],
  hints: string[] = [],
): PartDefinition<TransformerEncoderParams> {
  const withoutRight = (params: TransformerEncoderParams) =>
    mistakes(params).filter((mistake) => mistake.value !== blockCounts(params)[block]);
  return {
    id,
    points,
    prompt,
    answer: { kind: "integer" },
    reference: (params) => blockCounts(params)[block],
    knownMistakes: withoutRight,
    hints,
    examples: (params) => {
      const count = blockCounts(params)[block];
      return {
        correct: [count, count.toLocaleString("en-US")],
        wrong: [count + 1, ...withoutRight(params).map((mistake) => mistake.value as number)],
      };
    },
  };
}

const NO_BIAS = "Each of these layers also has a bias (bias=True is the default).";

export const transformerEncoder: ProblemDefinition<TransformerEncoderParams> = {
  slug: "transformer-encoder-params",
  version: 1,
  title: "Parameters of a Transformer encoder layer",
  source: "Section 10, question 6",
  draw: (rng, seed) => (seed === 0 ? HANDOUT_ENCODER : redrawUntil(() => drawSizes(rng), "encoder sizes")),
  statement: (params) =>
    [
      `A Transformer encoder layer \`${pytorchConstructor(encoderLayer(params))}\` reads a batch of $N$ sequences of length $L$, ` +
        `of shape $${shapeTuple([BATCH, LENGTH, params.dModel])}$. Here $d = ${params.dModel}$, ` +
        `there are ${params.nhead} heads, and the feed-forward network is ${params.dimFeedforward} units wide ` +
        `(dim_feedforward${params.dimFeedforward === 2048 ? ", PyTorch's default" : ""}).`,
      "",
      "The layer is post-norm, as PyTorch's default: $x \\leftarrow \\operatorname{LayerNorm}(x + \\operatorname{SelfAttention}(x))$, " +
        "then $x \\leftarrow \\operatorname{LayerNorm}(x + W_2\\, \\operatorname{ReLU}(W_1 x + b_1) + b_2)$. " +
        "Dropout has no parameters.",
      "",
      "Count trainable parameters as `sum(p.numel() for p in module.parameters())` would; you may leave a count as a sum of products.",
    ].join("\n"),
  displayParams: (params) => [
    { name: "d", latex: "d", description: "d_model", display: { kind: "dimension", value: params.dModel } },
    { name: "nhead", latex: "h", description: "heads", display: { kind: "dimension", value: params.nhead } },
    { name: "ff", latex: "d_{ff}", description: "dim_feedforward", display: { kind: "dimension", value: params.dimFeedforward } },
    { name: "layer", latex: "\\text{layer}", display: { kind: "text", value: pytorchConstructor(encoderLayer(params)) } },
  ],
  parts: [
    countPart("a.attention", "attention", "(a) The parameters of the self-attention block.", 1, (params) => {
      const d = params.dModel;
      return [
        { id: "no-bias", value: 4 * d * d, message: NO_BIAS },
        {
          id: "no-output-projection",
          value: rows(d, [{ type: "Linear", inFeatures: d, outFeatures: 3 * d }])[0].params,
          message: "The heads' concatenated outputs go through one more d×d projection, with its bias.",
        },
      ];
    }),
    countPart(
      "a.feedforward",
      "feedforward",
      "(a) The parameters of the feed-forward network ($W_1$, $b_1$, $W_2$, $b_2$).",
      1,
      (params) => {
        const { dModel: d, dimFeedforward: ff } = params;
        return [
          { id: "no-bias", value: 2 * d * ff, message: NO_BIAS },
          { id: "one-linear", value: d * ff + ff, message: "The network has two linear layers: d → dim_feedforward, then back to d." },
        ];
      },
    ),
    countPart("a.norms", "norms", "(a) The parameters of the two LayerNorms together.", 1, (params) => [
      {
        id: "half",
        value: 2 * params.dModel,
        message:
          "That is half the count: there are two LayerNorms, one after each block, and each has a learnable scale and shift of d entries.",
      },
      { id: "none", value: 0, message: "LayerNorm has a learnable elementwise scale and shift (elementwise_affine=True)." },
    ]),
    countPart(
      "b.total",
      "total",
      "(b) The total number of trainable parameters of the layer.",
      2,
      (params) => {
        const { total, norms } = blockCounts(params);
        return [
          { id: "forgot-norms", value: total - norms, message: "The two LayerNorms have parameters too." },
          { id: "no-bias", value: rows(params.dModel, [encoderLayer(params, { bias: false })])[0].params, message: NO_BIAS },
        ];
      },
      ["Add up the blocks of (a); nothing else in the layer has parameters."],
    ),
    {
      id: "b.shape",
      points: 1,
      prompt: "(b) The shape of the layer's output: $N$ and $L$ for the batch size and the length, and the feature size as a number.",
      answer: { kind: "shape", symbols: [BATCH, LENGTH] },
      reference: (params) => rows(params.dModel, [encoderLayer(params)])[0].outputShape,
      knownMistakes: (params) => [
        {
          id: "feedforward-width",
          value: [BATCH, LENGTH, params.dimFeedforward],
          message: "The feed-forward network maps back to d features, so that the residual connection can add them.",
        },
      ],
      examples: (params) => ({
        correct: [shapeTuple([BATCH, LENGTH, params.dModel]), `[N, L, ${params.dModel}]`],
        wrong: [shapeTuple([BATCH, LENGTH, params.dimFeedforward]), shapeTuple([BATCH, params.dModel])],
      }),
    },
  ],
};
