/**
 * Section 10, question 3: the shapes inside multi-head cross-attention
 * (queries from a target sequence of length L, keys and values from a
 * source of length S), as nn.MultiheadAttention computes them with
 * batch_first=True.
 *
 * Its parameter count comes from the engine's `summarize` (4E² + 4E with
 * biases). The shapes come from running the computation on the engine at batch size
 * 1 (the in-projection with functional.linear, the split into heads with
 * reshape and transpose, one head's scores with matmul, the attention with
 * scaledDotProductAttention) and writing N for the batch.
 */
import { functional, pytorchConstructor, summarize, zeros, type MultiheadAttentionLayer, type Rng, type Tensor } from "../../autograd";
import type { KnownMistakeValue } from "../../answers";
import { pick, randomInt, redrawUntil } from "../../variant-tools/draw";
import { shapeTuple } from "../../variant-tools/format";
import type { PartDefinition, ProblemDefinition } from "../../problems/types";

export interface MultiheadAttentionParams {
  /** embed_dim E. */
  embedDim: number;
  /** num_heads h; divides E. */
  numHeads: number;
  /** Target (query) length L. */
  targetLength: number;
  /** Source (key and value) length S, never L. */
  sourceLength: number;
}

const BATCH = "N";

/** Seed 0: the Transformer paper's base sizes, E = 512 and h = 8 heads, on short sequences. */
export const HANDOUT_ATTENTION_SIZES: MultiheadAttentionParams = { embedDim: 512, numHeads: 8, targetLength: 10, sourceLength: 12 };

function drawSizes(rng: Rng): MultiheadAttentionParams | null {
  const embedDim = pick(rng, [64, 96, 128, 256, 384, 512, 768]);
  const numHeads = pick(rng, [2, 3, 4, 6, 8, 12, 16]);
  const targetLength = randomInt(rng, 4, 40);
  const sourceLength = randomInt(rng, 4, 40);
  // h divides E; h, E/h, L and S all differ, so that no two sizes can stand in for each other (with L = d_k, a
  // query shape written (N, h, d_k, L) would pass).
  if (embedDim % numHeads !== 0) return null;
  if (new Set([numHeads, embedDim / numHeads, targetLength, sourceLength]).size < 4) return null;
  return { embedDim, numHeads, targetLength, sourceLength };
}

type Shape = (number | string)[];

export interface AttentionShapes {
  headDim: number;
  query: Shape;
  key: Shape;
  value: Shape;
  scores: Shape;
  output: Shape;
}

/** One sequence's projection split into heads: (1, length, E) → (1, h, length, E/h). */
function projectedHeads(params: MultiheadAttentionParams, length: number): Tensor {
  const { embedDim: E, numHeads: h } = params;
  const projected = functional.linear(zeros([1, length, E]), zeros([E, E]), zeros([E]));
  return projected.reshape([1, length, h, E / h]).transpose(1, 2);
}

const batched = (tensor: Tensor): Shape => [BATCH, ...tensor.shape.slice(1)];

/** Every shape the problem asks for, from the engine at batch size 1. */
export function attentionShapes(params: MultiheadAttentionParams): AttentionShapes {
  const { embedDim: E, numHeads: h, targetLength: L } = params;
  const query = projectedHeads(params, L);
  const key = projectedHeads(params, params.sourceLength);
  const value = projectedHeads(params, params.sourceLength);
  const headDim = query.shape[3];
  // One head's scores: its queries against its keys.
  const oneHead = zeros([L, headDim]).matmul(zeros([params.sourceLength, headDim]).T);
  const attended = functional.scaledDotProductAttention(query, key, value);
  const merged = attended.transpose(1, 2).reshape([1, L, E]);
  const output = functional.linear(merged, zeros([E, E]), zeros([E]));
  return {
    headDim,
    query: batched(query),
    key: batched(key),
    value: batched(value),
    scores: [BATCH, h, ...oneHead.shape],
    output: batched(output),
  };
}

type ShapeName = Exclude<keyof AttentionShapes, "headDim">;

function shapePart(
  id: string,
  name: ShapeName,
  prompt: string,
  mistakes: (params: MultiheadAttentionParams, shapes: AttentionShapes) => KnownMistakeValue[],
): PartDefinition<MultiheadAttentionParams> {
  const withoutRight = (params: MultiheadAttentionParams) => {
    const shapes = attentionShapes(params);
    return mistakes(params, shapes).filter((mistake) => JSON.stringify(mistake.value) !== JSON.stringify(shapes[name]));
  };
  return {
    id,
    points: 1,
    prompt,
    answer: { kind: "shape", symbols: [BATCH] },
    reference: (params) => attentionShapes(params)[name],
    knownMistakes: withoutRight,
    examples: (params) => {
      const shape = attentionShapes(params)[name];
      return {
        correct: [shapeTuple(shape), `[${shape.join(", ")}]`],
        wrong: [shapeTuple(shape.slice(1)), ...withoutRight(params).map((mistake) => shapeTuple(mistake.value as Shape))],
      };
    },
  };
}

function layer(params: MultiheadAttentionParams, change: Partial<MultiheadAttentionLayer> = {}): MultiheadAttentionLayer {
  return { type: "MultiheadAttention", embedDim: params.embedDim, numHeads: params.numHeads, batchFirst: true, ...change };
}

/** summarize's parameter count of the layer (on the queries' shape; the count does not depend on it). */
export function attentionParamCount(params: MultiheadAttentionParams, change: Partial<MultiheadAttentionLayer> = {}): number {
  return summarize([BATCH, params.targetLength, params.embedDim], [layer(params, change)])[0].params;
}

function paramMistakes(params: MultiheadAttentionParams): KnownMistakeValue[] {
  const right = attentionParamCount(params);
  const E = params.embedDim;
  const mistakes: KnownMistakeValue[] = [
    {
      id: "no-bias",
      value: attentionParamCount(params, { bias: false }),
      message: "The projections have biases (bias=True is the default): one per output feature of each.",
    },
    {
      id: "no-output-projection",
      // The packed in-projection alone, as a Linear from E to 3E features.
      value: summarize([BATCH, E], [{ type: "Linear", inFeatures: E, outFeatures: 3 * E }])[0].params,
      message: "The concatenated heads go through one more E×E projection, with its bias.",
    },
    {
      id: "full-size-heads",
      value: params.numHeads * right,
      message: "The heads share the E×E projections: each head uses E/h of their output features, not a full set of its own.",
    },
  ];
  return mistakes.filter((mistake) => mistake.value !== right);
}

const UNSPLIT = "Each head works on its own slice of the projected features, not on all E of them.";

/**
 * The (N·h, length, d_k) layout that nn.MultiheadAttention's own code uses
 * inside (heads folded into the batch): right sizes, but not the layout the
 * statement asks for. Said as such, never "expected 4 dimensions".
 */
function foldedHeads(params: MultiheadAttentionParams, rest: number[]): KnownMistakeValue {
  return {
    id: "heads-folded-into-batch",
    value: [`${params.numHeads}${BATCH}`, ...rest],
    message:
      "Those are the right sizes with the heads folded into the batch, as nn.MultiheadAttention does inside; " +
      "give the heads a dimension of their own after the batch, as the statement's layout has them.",
  };
}

export const multiheadAttention: ProblemDefinition<MultiheadAttentionParams> = {
  slug: "multihead-attention",
  version: 1,
  title: "Multi-head attention: shapes and parameters",
  source: "Section 10, question 3",
  draw: (rng, seed) => (seed === 0 ? HANDOUT_ATTENTION_SIZES : redrawUntil(() => drawSizes(rng), "attention sizes")),
  statement: (params) =>
    [
      `A decoder attends to an encoder's output with \`MultiheadAttention(embed_dim=${params.embedDim}, ` +
        `num_heads=${params.numHeads}, batch_first=True)\`. The queries come from the target sequence, ` +
        `of shape $(N, L, E)$ with $L = ${params.targetLength}$; the keys and values from the source sequence, ` +
        `of shape $(N, S, E)$ with $S = ${params.sourceLength}$; $E = ${params.embedDim}$ and there are $h = ${params.numHeads}$ heads.`,
      "",
      "The layer projects queries, keys and values with $E \\times E$ weights, splits the features into $h$ heads " +
        "(each head a dimension of its own, right after the batch: $(N, h, \\text{length}, d_k)$, the layout " +
        "`F.scaled_dot_product_attention` takes), computes each head's scaled dot-product " +
        "scores and attention, concatenates the heads and applies an output projection.",
      "",
      "Give shapes with $N$ for the batch size.",
    ].join("\n"),
  displayParams: (params) => [
    { name: "E", latex: "E", description: "embedding size", display: { kind: "dimension", value: params.embedDim } },
    { name: "h", latex: "h", description: "heads", display: { kind: "dimension", value: params.numHeads } },
    { name: "L", latex: "L", description: "target (query) length", display: { kind: "dimension", value: params.targetLength } },
    { name: "S", latex: "S", description: "source (key and value) length", display: { kind: "dimension", value: params.sourceLength } },
  ],
  parts: [
    {
      id: "a.headDim",
      prompt: "(a) The size $d_k$ of each head's queries and keys.",
      points: 1,
      answer: { kind: "integer" },
      reference: (params) => attentionShapes(params).headDim,
      knownMistakes: (params) => [{ id: "unsplit", value: params.embedDim, message: UNSPLIT }],
      examples: (params) => {
        const headDim = attentionShapes(params).headDim;
        return { correct: [headDim, `${params.embedDim}/${params.numHeads}`], wrong: [params.embedDim, headDim + 1] };
      },
    },
    shapePart("a.query", "query", "(a) The shape of the queries $Q$ once projected and split into heads.", (params, shapes) => [
      { id: "unsplit", value: [BATCH, params.numHeads, params.targetLength, params.embedDim], message: UNSPLIT },
      {
        id: "heads-not-split-out",
        value: [BATCH, params.targetLength, params.embedDim],
        message: "That is the projection before the split: the heads get a dimension of their own.",
      },
      {
        id: "source-length",
        value: [BATCH, params.numHeads, params.sourceLength, shapes.headDim],
        message: "The queries come from the target sequence, of length L.",
      },
      foldedHeads(params, [params.targetLength, shapes.headDim]),
    ]),
    shapePart("a.key", "key", "(a) The shape of the keys $K$ once projected and split into heads.", (params, shapes) => [
      {
        id: "target-length",
        value: [BATCH, params.numHeads, params.targetLength, shapes.headDim],
        message: "The keys come from the source sequence, of length S.",
      },
      { id: "unsplit", value: [BATCH, params.numHeads, params.sourceLength, params.embedDim], message: UNSPLIT },
      foldedHeads(params, [params.sourceLength, shapes.headDim]),
    ]),
    shapePart("a.value", "value", "(a) The shape of the values $V$ once projected and split into heads.", (params, shapes) => [
      {
        id: "target-length",
        value: [BATCH, params.numHeads, params.targetLength, shapes.headDim],
        message: "The values come with the keys, from the source sequence of length S.",
      },
      { id: "unsplit", value: [BATCH, params.numHeads, params.sourceLength, params.embedDim], message: UNSPLIT },
      foldedHeads(params, [params.sourceLength, shapes.headDim]),
    ]),
    shapePart("a.scores", "scores", "(a) The shape of the scores $QK^\\top / \\sqrt{d_k}$, for all heads.", (params) => [
      {
        id: "transposed",
        value: [BATCH, params.numHeads, params.sourceLength, params.targetLength],
        message: "The scores have one row per query and one column per key, so that the softmax runs along each row.",
      },
      {
        id: "self-attention",
        value: [BATCH, params.numHeads, params.targetLength, params.targetLength],
        message: "Each query is compared with every key, and the keys come from the source sequence.",
      },
      {
        id: "no-heads",
        value: [BATCH, params.targetLength, params.sourceLength],
        message: "Each head computes scores of its own.",
      },
      foldedHeads(params, [params.targetLength, params.sourceLength]),
    ]),
    shapePart("a.output", "output", "(a) The shape of the layer's output.", (params, shapes) => [
      {
        id: "heads-not-merged",
        value: [BATCH, params.numHeads, params.targetLength, shapes.headDim],
        message: "The heads' outputs are concatenated back to E features and projected by the output layer.",
      },
      {
        id: "source-length",
        value: [BATCH, params.sourceLength, params.embedDim],
        message: "There is one output per query, and the queries come from the target sequence.",
      },
    ]),
    {
      id: "b.params",
      prompt: (params) => `(b) The number of trainable parameters of \`${pytorchConstructor(layer(params))}\`.`,
      points: 2,
      answer: { kind: "integer" },
      reference: (params) => attentionParamCount(params),
      knownMistakes: paramMistakes,
      hints: ["Count the query, key, value and output projections: each is an E×E weight with a bias of E."],
      examples: (params) => {
        const count = attentionParamCount(params);
        const E = params.embedDim;
        return {
          correct: [count, `4*${E}*${E} + 4*${E}`, count.toLocaleString("en-US")],
          wrong: [count + 1, ...paramMistakes(params).map((mistake) => mistake.value as number)],
        };
      },
    },
  ],
};
