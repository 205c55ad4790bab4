import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";
import { checkPerChannel } from "./batchNorm";

export interface GroupNormOptions {
  /** Per-channel scale γ, of shape (C) (default: none, as 1). */
  weight?: Tensor | null;
  /** Per-channel shift β, of shape (C) (default: none, as 0). */
  bias?: Tensor | null;
  /** Added to the variance before the square root (default 1e-5, as PyTorch). */
  eps?: number;
}

/**
 * Group normalisation, as torch.nn.functional.group_norm, on an input of
 * shape (N, C, *): the C channels of each sample are split into `numGroups`
 * groups of C/G consecutive channels, each group is normalised by its own
 * mean and biased variance over its (C/G)·∏* values, then each channel is
 * scaled by weight[c] and shifted by bias[c]. One group is layer norm over
 * (C, *); C groups is instance norm.
 *
 * In NC* layout a sample's group is one contiguous slice of m = (C/G)·∏*
 * values, so the VJP is layer norm's per slice, with ĝ = g·γ_c:
 *   dx = r·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)),  dγ_c = Σ g·x̂,  dβ_c = Σ g.
 */
export function groupNorm(input: Tensor, numGroups: number, options: GroupNormOptions = {}): Tensor {
  const { weight = null, bias = null } = options;
  const eps = options.eps ?? 1e-5;
  if (input.ndim < 2) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `groupNorm expects an input of shape (N, C) or (N, C, ...), but got shape ${formatShape(input.shape)}`,
    );
  }
  const [batch, channels] = input.shape;
  if (!Number.isInteger(numGroups) || numGroups < 1) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, `groupNorm: numGroups must be a positive integer, but got ${numGroups}`);
  }
  if (channels % numGroups !== 0) {
    throw new AutogradError(
      AutogradErrorCode.ChannelMismatch,
      `groupNorm: expected the number of channels of the input to be divisible by numGroups, but got input of shape ${formatShape(input.shape)} and numGroups=${numGroups}`,
    );
  }
  checkPerChannel(weight, "weight", input, "groupNorm");
  checkPerChannel(bias, "bias", input, "groupNorm");
  if (!(eps >= 0) || !Number.isFinite(eps)) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, `groupNorm: eps must be a non-negative finite number, but got ${eps}`);
  }

  const spatial = input.shape.slice(2).reduce((a, b) => a * b, 1);
  const size = (channels / numGroups) * spatial;
  const slices = batch * numGroups;
  // The channel of flat index k in NC* layout.
  const channelOf = (k: number) => Math.floor(k / spatial) % channels;
  const x = input.data;
  const gamma = weight?.data;
  const beta = bias?.data;
  const normalized = new Float64Array(x.length);
  const reciprocalStd = new Float64Array(slices);
  const output = new Float64Array(x.length);
  for (let s = 0; s < slices; s++) {
    const base = s * size;
    let total = 0;
    for (let i = 0; i < size; i++) total += x[base + i];
    const mean = total / size;
    let squares = 0;
    for (let i = 0; i < size; i++) squares += (x[base + i] - mean) ** 2;
    const r = 1 / Math.sqrt(squares / size + eps);
    reciprocalStd[s] = r;
    for (let k = base; k < base + size; k++) {
      normalized[k] = (x[k] - mean) * r;
      const c = channelOf(k);
      output[k] = normalized[k] * (gamma ? gamma[c] : 1) + (beta ? beta[c] : 0);
    }
  }

  const inputs = [input, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  return Tensor.fromOp("NativeGroupNormBackward", output, input.shape, inputs, (gradOutput) => {
    let gradInput: Float64Array | null = null;
    if (input.requiresGrad) {
      gradInput = new Float64Array(x.length);
      const scaled = (k: number) => gradOutput[k] * (gamma ? gamma[channelOf(k)] : 1);
      for (let s = 0; s < slices; s++) {
        const base = s * size;
        let meanGrad = 0;
        let meanGradXHat = 0;
        for (let k = base; k < base + size; k++) {
          meanGrad += scaled(k);
          meanGradXHat += scaled(k) * normalized[k];
        }
        meanGrad /= size;
        meanGradXHat /= size;
        for (let k = base; k < base + size; k++) {
          gradInput[k] = reciprocalStd[s] * (scaled(k) - meanGrad - normalized[k] * meanGradXHat);
        }
      }
    }
    const sumPerChannel = (term: (index: number) => number): Float64Array => {
      const total = new Float64Array(channels);
      for (let k = 0; k < x.length; k++) total[channelOf(k)] += term(k);
      return total;
    };
    const gradients: (Float64Array | null)[] = [gradInput];
    if (weight) gradients.push(weight.requiresGrad ? sumPerChannel((k) => gradOutput[k] * normalized[k]) : null);
    if (bias) gradients.push(bias.requiresGrad ? sumPerChannel((k) => gradOutput[k]) : null);
    return gradients;
  });
}
