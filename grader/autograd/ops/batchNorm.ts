import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";

export interface BatchNormOptions {
  /** Per-channel scale γ, of shape (C) (default: none, as 1). */
  weight?: Tensor | null;
  /** Per-channel shift β, of shape (C) (default: none, as 0). */
  bias?: Tensor | null;
  /** Normalise by the batch's statistics (true) or by the running ones (false, the default, as PyTorch). */
  training?: boolean;
  /**
   * Weight of the batch in the running average (default 0.1). null, which
   * nn.BatchNorm turns into a cumulative average by counting batches, is
   * refused: the functional form has no batch counter.
   */
  momentum?: number | null;
  /** Added to the variance before the square root (default 1e-5, as PyTorch). */
  eps?: number;
}

/**
 * Batch normalisation, as torch.nn.functional.batch_norm, on an input of
 * shape (N, C, *): each channel c is normalised over the N·∏* values it has
 * in the batch, then scaled by weight[c] and shifted by bias[c].
 *
 *   x̂ = (x − μ_c)·r_c with r_c = 1/√(σ²_c + eps);  y = x̂·γ_c + β_c
 *
 * Training: μ_c and σ²_c are the batch's mean and biased variance (divided
 * by m = N·∏*). Running tensors, when given, are updated in place as
 * PyTorch does: running ← (1 − momentum)·running + momentum·batch, with the
 * unbiased variance (divided by m − 1) for runningVar. The VJP is layer
 * norm's, per channel: with ĝ = g·γ_c,
 *   dx = r_c·(ĝ − mean_c(ĝ) − x̂·mean_c(ĝ·x̂)).
 *
 * Eval: μ_c and σ²_c are runningMean and runningVar, constants, so
 * dx = g·γ_c·r_c. In both modes dγ_c = Σ_c g·x̂ and dβ_c = Σ_c g; the
 * running statistics never receive a gradient.
 */
export function batchNorm(input: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, options: BatchNormOptions = {}): Tensor {
  const { weight = null, bias = null, training = false } = options;
  const eps = options.eps ?? 1e-5;
  const momentum = options.momentum === undefined ? 0.1 : options.momentum;
  if (input.ndim < 2) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `batchNorm expects an input of shape (N, C) or (N, C, ...), but got shape ${formatShape(input.shape)}`,
    );
  }
  const [batch, channels] = input.shape;
  for (const [name, parameter] of [
    ["runningMean", runningMean],
    ["runningVar", runningVar],
    ["weight", weight],
    ["bias", bias],
  ] as const) {
    checkPerChannel(parameter, name, input, "batchNorm");
  }
  if (momentum === null) {
    throw new AutogradError(
      AutogradErrorCode.InvalidArgument,
      "batchNorm: momentum null (a cumulative moving average, as nn.BatchNorm counts batches) is not supported; pass a number such as 0.1",
    );
  }
  if (!Number.isFinite(momentum)) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, `batchNorm: momentum must be a finite number, but got ${momentum}`);
  }
  if (!(eps >= 0) || !Number.isFinite(eps)) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, `batchNorm: eps must be a non-negative finite number, but got ${eps}`);
  }
  const spatial = input.shape.slice(2).reduce((a, b) => a * b, 1);
  const count = batch * spatial;
  if (training && count === 1) {
    throw new AutogradError(
      AutogradErrorCode.InvalidArgument,
      `batchNorm: expected more than 1 value per channel when training, but got input of shape ${formatShape(input.shape)}`,
    );
  }
  if (!training && (runningMean === null || runningVar === null)) {
    throw new AutogradError(
      AutogradErrorCode.InvalidArgument,
      `batchNorm: ${runningMean === null ? "runningMean" : "runningVar"} must be given in evaluation mode (training: false)`,
    );
  }

  const x = input.data;
  // The elements of channel c are, for each n, the `spatial` contiguous values from (n·C + c)·spatial.
  const forEachInChannel = (c: number, visit: (index: number) => void): void => {
    for (let n = 0; n < batch; n++) {
      const base = (n * channels + c) * spatial;
      for (let s = 0; s < spatial; s++) visit(base + s);
    }
  };
  const mean = new Float64Array(channels);
  const reciprocalStd = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    let variance: number;
    if (training) {
      let total = 0;
      forEachInChannel(c, (k) => (total += x[k]));
      mean[c] = total / count;
      let squares = 0;
      forEachInChannel(c, (k) => (squares += (x[k] - mean[c]) ** 2));
      variance = squares / count;
      if (runningMean) runningMean.data[c] = (1 - momentum) * runningMean.data[c] + momentum * mean[c];
      if (runningVar) runningVar.data[c] = (1 - momentum) * runningVar.data[c] + momentum * (squares / (count - 1));
    } else {
      mean[c] = runningMean!.data[c];
      variance = runningVar!.data[c];
    }
    reciprocalStd[c] = 1 / Math.sqrt(variance + eps);
  }

  const gamma = weight?.data;
  const beta = bias?.data;
  const normalized = new Float64Array(x.length);
  const output = new Float64Array(x.length);
  for (let c = 0; c < channels; c++) {
    forEachInChannel(c, (k) => {
      normalized[k] = (x[k] - mean[c]) * reciprocalStd[c];
      output[k] = normalized[k] * (gamma ? gamma[c] : 1) + (beta ? beta[c] : 0);
    });
  }

  const inputs = [input, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  return Tensor.fromOp("NativeBatchNormBackward", output, input.shape, inputs, (gradOutput) => {
    const sumPerChannel = (term: (index: number) => number): Float64Array => {
      const total = new Float64Array(channels);
      for (let c = 0; c < channels; c++) forEachInChannel(c, (k) => (total[c] += term(k)));
      return total;
    };
    const gradSum = sumPerChannel((k) => gradOutput[k]);
    const gradDotNormalized = sumPerChannel((k) => gradOutput[k] * normalized[k]);
    let gradInput: Float64Array | null = null;
    if (input.requiresGrad) {
      gradInput = new Float64Array(x.length);
      for (let c = 0; c < channels; c++) {
        const scale = (gamma ? gamma[c] : 1) * reciprocalStd[c];
        // In eval the statistics are constants; in training they depend on x, which removes the channel's mean of ĝ and of ĝ·x̂.
        const meanGrad = training ? gradSum[c] / count : 0;
        const meanGradXHat = training ? gradDotNormalized[c] / count : 0;
        forEachInChannel(c, (k) => (gradInput![k] = scale * (gradOutput[k] - meanGrad - normalized[k] * meanGradXHat)));
      }
    }
    const gradients: (Float64Array | null)[] = [gradInput];
    if (weight) gradients.push(weight.requiresGrad ? gradDotNormalized : null);
    if (bias) gradients.push(bias.requiresGrad ? gradSum : null);
    return gradients;
  });
}

/** Refuses a per-channel tensor (weight, bias, running statistics) that is not of shape (C) for the input's C = shape[1]. */
export function checkPerChannel(parameter: Tensor | null, name: string, input: Tensor, opName: string): void {
  const channels = input.shape[1];
  if (parameter && (parameter.ndim !== 1 || parameter.shape[0] !== channels)) {
    throw new AutogradError(
      AutogradErrorCode.ChannelMismatch,
      `${opName}: ${name} should contain ${channels} elements, one per channel of the input ${formatShape(input.shape)}, but has shape ${formatShape(parameter.shape)}`,
    );
  }
}
