import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";
import { checkPerChannel } from "./batchNorm";
import { layerNorm } from "./layerNorm";
import { reshape } from "./reshape";

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
 * In NC* layout a sample's group is one contiguous slice, so this is
 * layerNorm over the last dimension of the input seen as (N, G, (C/G)·∏*),
 * followed by the per-channel affine; the VJP is theirs, composed.
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

  const groupSize = input.numel / Math.max(batch * numGroups, 1);
  const grouped = reshape(input, [batch, numGroups, groupSize]);
  let output = reshape(layerNorm(grouped, [groupSize], { eps }), input.shape);
  // weight and bias of shape (C) broadcast over (N, C, *) as (C, 1, …, 1).
  const perChannel = [channels, ...input.shape.slice(2).map(() => 1)];
  if (weight) output = output.mul(reshape(weight, perChannel));
  if (bias) output = output.add(reshape(bias, perChannel));
  return output;
}
