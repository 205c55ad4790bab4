/**
 * Section 09, question 1: batch normalisation in training mode on a small
 * N×C batch (rows are examples), against layer normalisation on the same
 * batch. The values come from the engine's `batchNorm` (training, batch
 * statistics) and `layerNorm`; the axes of their statistics from reductions
 * on an (N, C, H, W) tensor whose sizes are distinct primes
 * (grader/variant-tools/symbolic-shape.ts).
 */
import {
  functional as F,
  ones,
  pytorchConstructor,
  summarize,
  tensor,
  zeros,
  type BatchNorm2dLayer,
  type Rng,
  type Tensor,
} from "../../autograd";
import type { KnownMistakeValue } from "../../answers";
import { pick, randomInt, redrawUntil, roundedMatrix } from "../../variant-tools/draw";
import { latexMatrix, matlabLiteral, numpyLiteral } from "../../variant-tools/format";
import { primeBindings, symbolicShape } from "../../variant-tools/symbolic-shape";
import type { PartDefinition, ProblemDefinition } from "../../problems/types";

export interface BatchNormParams {
  /** The batch, N×C: one example per row. */
  X: number[][];
  /** γ and β, each 1×C. */
  gamma: number[][];
  beta: number[][];
  /** The channels of the BatchNorm2d layer whose parameters and buffers part (g) counts. */
  layerChannels: number;
}

/** PyTorch's default, also what the statement tells students. */
export const EPS = 1e-5;

/**
 * Seed 0: four examples of three features, with small whole-number statistics (means 2, 4 and 1, variances 5, 6
 * and 2). Three features, not two: layer norm over two features is ±1 whatever the values.
 */
const HANDOUT: BatchNormParams = {
  X: [
    [1, 2, 3],
    [3, 8, 1],
    [5, 4, -1],
    [-1, 2, 1],
  ],
  gamma: [[2, 0.5, -1]],
  beta: [[0.5, -1, 2]],
  layerChannels: 64,
};

/** A feature (or an example, for layer norm) whose variance is below this is redrawn: normalising it would blow rounding up. */
const MIN_VARIANCE = 0.1;

/** A normalised entry nearer 0 than this is redrawn: it is an entry at (or within rounding of) its mean. */
const MIN_NORMALISED = 0.01;

const rowVector = (t: Tensor) => [t.toArray() as number[]];
const rows = (t: Tensor) => t.toArray() as number[][];

/** μ_c, the batch mean of each feature (1×C). */
export function batchMean(params: BatchNormParams): number[][] {
  return rowVector(tensor(params.X).mean(0));
}

/** σ²_c, the biased batch variance of each feature (1×C): what training-mode batch norm divides by. */
export function batchVariance(params: BatchNormParams): number[][] {
  const X = tensor(params.X);
  return rowVector(X.sub(X.mean(0, true)).pow(2).mean(0));
}

/**
 * The unbiased variance (divided by N − 1), read from the running variance
 * that batchNorm updates with momentum 1 from a start of 0: PyTorch's
 * running_var convention, and the usual slip in training mode.
 */
function unbiasedVariance(params: BatchNormParams): number[][] {
  const channels = params.X[0].length;
  const runningMean = zeros([channels]);
  const runningVar = zeros([channels]);
  F.batchNorm(tensor(params.X), runningMean, runningVar, { training: true, momentum: 1, eps: EPS });
  return rowVector(runningVar);
}

/** x̂: the batch normalised by its own statistics, without γ and β. */
export function normalised(params: BatchNormParams): number[][] {
  return rows(F.batchNorm(tensor(params.X), null, null, { training: true, eps: EPS }));
}

/** y = γ x̂ + β. */
export function batchNormOutput(params: BatchNormParams): number[][] {
  const perFeature = (values: number[][]) => tensor(values[0]);
  return rows(
    F.batchNorm(tensor(params.X), null, null, {
      training: true,
      eps: EPS,
      weight: perFeature(params.gamma),
      bias: perFeature(params.beta),
    }),
  );
}

/** Layer norm over the C features of each example, without its affine part. */
export function layerNormOutput(params: BatchNormParams): number[][] {
  return rows(F.layerNorm(tensor(params.X), params.X[0].length, { eps: EPS }));
}

/** x̂ computed with the unbiased variance (divided by N − 1). */
function normalisedWithUnbiased(params: BatchNormParams): number[][] {
  const X = tensor(params.X);
  return rows(X.sub(X.mean(0, true)).div(tensor(unbiasedVariance(params)).add(EPS).sqrt()));
}

/** β x̂ + γ: the scale and the shift swapped. */
function swappedAffine(params: BatchNormParams): number[][] {
  return rows(tensor(normalised(params)).mul(tensor(params.beta)).add(tensor(params.gamma)));
}

/** The shape of the means over `axes` of an (N, C, H, W) input, read back in those symbols. */
function statisticsShape(axes: number[]): string[] {
  const bindings = primeBindings(["N", "C", "H", "W"]);
  const input = ones([bindings.N, bindings.C, bindings.H, bindings.W]);
  return symbolicShape(input.mean(axes).shape, bindings);
}

const LAYER_CHANNELS = [16, 32, 48, 64, 96, 128, 256];

function countedLayer(params: BatchNormParams): BatchNorm2dLayer {
  return { type: "BatchNorm2d", numFeatures: params.layerChannels };
}

/** summarize's row for the layer of part (g), on a 4×4 feature map (its counts do not depend on the map's size). */
function layerCounts(params: BatchNormParams): { params: number; buffers: number } {
  const [row] = summarize(["N", params.layerChannels, 4, 4], [countedLayer(params)]);
  return { params: row.params, buffers: row.buffers };
}

/** BatchNorm2d averages each channel over the batch and the positions; LayerNorm([C, H, W]) each example over the rest. */
const BATCH_NORM_AXES = [0, 2, 3];
const LAYER_NORM_AXES = [1, 2, 3];

function drawBatch(rng: Rng, seed: number): BatchNormParams {
  if (seed === 0) return HANDOUT;
  // N > C, so that a statistic over the wrong axis has the wrong shape, never a lucky match.
  // C ≥ 3: layer norm over two features gives ±1 whatever the values (each example's two entries lie
  // symmetrically about their mean), so part (e) would need no computation.
  const C = randomInt(rng, 3, 4);
  const N = randomInt(rng, C + 1, 6);
  const layerChannels = pick(rng, LAYER_CHANNELS);
  return redrawUntil(() => {
    const params = { X: roundedMatrix(rng, N, C, 3), gamma: roundedMatrix(rng, 1, C, 2), beta: roundedMatrix(rng, 1, C, 2), layerChannels };
    const X = tensor(params.X);
    const exampleVariance = X.sub(X.mean(1, true)).pow(2).mean(1).toArray() as number[];
    // An entry equal to its feature's (or example's) mean normalises to 0 up to float64 rounding (1.7e-17 shown as the
    // reference): redrawn, as is a batch whose statistics are too small to normalise by.
    const offMean = [...normalised(params).flat(), ...layerNormOutput(params).flat()].every((value) => Math.abs(value) >= MIN_NORMALISED);
    return offMean && [...batchVariance(params)[0], ...exampleVariance].every((variance) => variance >= MIN_VARIANCE) ? params : null;
  }, "a batch whose every feature and every example varies, with no entry at its mean");
}

/** A matrix part whose reference and known mistakes are engine values. */
function valuePart(
  id: string,
  prompt: string,
  shapeName: string,
  points: number,
  value: (params: BatchNormParams) => number[][],
  mistakes: (params: BatchNormParams) => KnownMistakeValue[] = () => [],
): PartDefinition<BatchNormParams> {
  return {
    id,
    prompt,
    points,
    answer: { kind: "matrix", shapeName },
    reference: value,
    knownMistakes: mistakes,
    examples: (params) => {
      const reference = value(params);
      return {
        correct: [reference, numpyLiteral(reference), matlabLiteral(reference)],
        wrong: [reference.map((row) => row.map((entry) => entry + 1)), ...mistakes(params).map((mistake) => mistake.value as number[][])],
      };
    },
  };
}

function countPart(
  id: string,
  prompt: (params: BatchNormParams) => string,
  count: (params: BatchNormParams) => number,
  mistakes: (params: BatchNormParams) => KnownMistakeValue[],
): PartDefinition<BatchNormParams> {
  return {
    id,
    prompt,
    points: 1,
    answer: { kind: "integer" },
    reference: count,
    knownMistakes: mistakes,
    examples: (params) => ({
      correct: [count(params), String(count(params))],
      wrong: [count(params) + 1, ...mistakes(params).map((mistake) => mistake.value as number)],
    }),
  };
}

/** The same means with the averaged axes kept as 1s, as `mean(dim=…, keepdim=True)` returns them. */
function keptDimsShape(axes: number[]): (string | number)[] {
  return ["N", "C", "H", "W"].map((symbol, axis) => (axes.includes(axis) ? 1 : symbol));
}

const KEPT_DIMS =
  "Those are the right means with the averaged axes kept as 1s (keepdim=True); the part asks for them with those axes dropped, " +
  "as the part's example of a matrix's row means, (A,), has them.";

function shapePart(id: string, prompt: string, axes: number[], mistake: KnownMistakeValue): PartDefinition<BatchNormParams> {
  const mistakes = (): KnownMistakeValue[] => [mistake, { id: "kept-dims", value: keptDimsShape(axes), message: KEPT_DIMS }];
  return {
    id,
    prompt,
    points: 1,
    answer: { kind: "shape", symbols: ["N", "C", "H", "W"] },
    reference: () => statisticsShape(axes),
    knownMistakes: mistakes,
    examples: () => {
      const shape = statisticsShape(axes);
      return {
        correct: [`(${shape.join(", ")},)`, `[${shape.join(", ")}]`],
        wrong: [`(${(mistake.value as string[]).join(", ")},)`, "(N, C)"],
      };
    },
  };
}

const UNBIASED =
  "That divides by N − 1, the unbiased variance (which PyTorch keeps in running_var for evaluation); in training, batch norm normalises with the batch's biased variance, dividing by N.";

export const batchNormProblem: ProblemDefinition<BatchNormParams> = {
  slug: "batch-norm",
  version: 1,
  title: "Batch normalisation and layer normalisation",
  source: "Section 09, question 1",
  draw: drawBatch,
  statement: (params) =>
    [
      `A batch of $N = ${params.X.length}$ examples with $C = ${params.X[0].length}$ features each is the matrix $X$ below, ` +
        "one example per row. In training mode a batch-norm layer normalises each feature $c$ over the batch with the " +
        "batch's own mean $\\mu_c$ and variance $\\sigma_c^2$, then scales and shifts it:",
      "$$\\hat x_{ic} = \\frac{x_{ic} - \\mu_c}{\\sqrt{\\sigma_c^2 + \\varepsilon}}, \\qquad y_{ic} = \\gamma_c \\hat x_{ic} + \\beta_c,$$",
      "with $\\varepsilon = 10^{-5}$, PyTorch's default. Layer normalisation instead normalises each example over its own features.",
      "",
      `$X = ${latexMatrix(params.X)}$, $\\gamma = ${latexMatrix(params.gamma)}$, $\\beta = ${latexMatrix(params.beta)}$.`,
      "",
      "Give per-feature statistics as $1 \\times C$ rows and normalised batches as $N \\times C$ matrices.",
    ].join("\n"),
  displayParams: (params) => [
    { name: "X", latex: "X", description: "N×C batch", display: { kind: "matrix", value: params.X } },
    { name: "gamma", latex: "\\gamma", description: "1×C scale", display: { kind: "matrix", value: params.gamma } },
    { name: "beta", latex: "\\beta", description: "1×C shift", display: { kind: "matrix", value: params.beta } },
  ],
  parts: [
    valuePart("a.mean", "(a) The batch mean $\\mu_c$ of every feature, as a $1 \\times C$ row.", "1×C", 1, batchMean, (params) => [
      {
        id: "mean-per-example",
        value: rows(tensor(params.X).mean(1, true)),
        message: "Those are the means of each example over its features; batch norm averages each feature over the batch.",
      },
    ]),
    valuePart(
      "b.var",
      "(b) The variance $\\sigma_c^2$ of every feature that batch norm normalises with in training, as a $1 \\times C$ row.",
      "1×C",
      2,
      batchVariance,
      (params) => [{ id: "unbiased-variance", value: unbiasedVariance(params), message: UNBIASED }],
    ),
    valuePart("c.xhat", "(c) The normalised batch $\\hat x$, as an $N \\times C$ matrix.", "N×C", 2, normalised, (params) => [
      { id: "unbiased-variance", value: normalisedWithUnbiased(params), message: UNBIASED },
      {
        id: "layer-norm",
        value: layerNormOutput(params),
        message: "Batch norm normalises each feature (a column) over the batch, with that feature's own mean and variance.",
      },
    ]),
    valuePart(
      "d.y",
      "(d) The output $y = \\gamma \\hat x + \\beta$ of the layer, as an $N \\times C$ matrix.",
      "N×C",
      2,
      batchNormOutput,
      (params) => [
        {
          id: "swapped-affine",
          value: swappedAffine(params),
          message: "γ and β are swapped: γ scales the normalised value and β shifts it.",
        },
      ],
    ),
    valuePart(
      "e.ln",
      "(e) The output of layer normalisation over the $C$ features of each example (PyTorch's `LayerNorm(C)` without its affine part, same $\\varepsilon$) on the same $X$, as an $N \\times C$ matrix.",
      "N×C",
      2,
      layerNormOutput,
      (params) => [
        {
          id: "batch-norm",
          value: normalised(params),
          message: "Layer norm normalises each example (a row) over its own features, with that example's own mean and variance.",
        },
      ],
    ),
    shapePart(
      "f.bn-shape",
      "(f) For an image batch of shape $(N, C, H, W)$, `BatchNorm2d(C)` computes a mean over some axes for every index of the others. " +
        "Give the shape of the set of means it computes, with the averaged axes dropped (as `mean(dim=…)` returns them " +
        "without `keepdim`: the means of each row of an $A \\times B$ matrix have shape $(A,)$).",
      BATCH_NORM_AXES,
      {
        id: "per-example",
        value: ["N"],
        message: "Batch norm averages over the batch, so no mean belongs to a single example: which axes does it keep?",
      },
    ),
    shapePart(
      "f.ln-shape",
      "(f) The same for `LayerNorm([C, H, W])` on that batch: the shape of the set of means it computes.",
      LAYER_NORM_AXES,
      {
        id: "per-channel",
        value: ["C"],
        message: "Layer norm normalises each example on its own, over all its channels and positions: no mean is shared across the batch.",
      },
    ),
    countPart(
      "g.params",
      (params) => `(g) The number of trainable parameters of \`${pytorchConstructor(countedLayer(params))}\`.`,
      (params) => layerCounts(params).params,
      (params) => [
        {
          id: "running-stats-as-params",
          value: 2 * layerCounts(params).params,
          message: "The running mean and variance are not trained by gradient descent: they are buffers, not parameters.",
        },
        { id: "scale-only", value: layerCounts(params).params / 2, message: "Each channel has both a scale γ and a shift β." },
      ],
    ),
    countPart(
      "g.buffers",
      (params) =>
        `(g) The number of values \`${pytorchConstructor(countedLayer(params))}\` keeps in its buffers ` +
        "(state saved with the model but not trained), counting every element.",
      (params) => layerCounts(params).buffers,
      (params) => [
        {
          id: "no-batch-counter",
          value: layerCounts(params).buffers - 1,
          message: "Besides the running mean and variance, PyTorch keeps num_batches_tracked, a buffer of one element.",
        },
        { id: "no-buffers", value: 0, message: "Batch norm keeps running statistics for evaluation mode: those are buffers." },
      ],
    ),
  ],
};
