import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";

export interface LayerNormOptions {
  /** Elementwise scale γ, of shape normalizedShape (default: none, as 1). */
  weight?: Tensor | null;
  /** Elementwise shift β, of shape normalizedShape (default: none, as 0). */
  bias?: Tensor | null;
  /** Added to the variance before the square root (default 1e-5, as PyTorch). */
  eps?: number;
}

/**
 * Layer normalisation, as torch.nn.functional.layer_norm: each slice over the
 * trailing dimensions `normalizedShape` is normalised by its own mean and its
 * biased variance (divided by N, not N − 1, as PyTorch), then scaled by
 * `weight` and shifted by `bias` elementwise.
 *
 *   x̂ = (x − μ)·r with r = 1/√(σ² + eps);  y = x̂·γ + β
 *
 * VJP per slice of N elements, with g = dL/dy and ĝ = g·γ:
 *   dx = r·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)),  dγ = Σ over slices of g·x̂,  dβ = Σ over slices of g.
 */
export function layerNorm(input: Tensor, normalizedShape: readonly number[] | number, options: LayerNormOptions = {}): Tensor {
  const shape = typeof normalizedShape === "number" ? [normalizedShape] : [...normalizedShape];
  const { weight = null, bias = null } = options;
  const eps = options.eps ?? 1e-5;
  if (shape.length === 0) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, "layerNorm: normalizedShape must have at least one dimension, but got []");
  }
  const trailing = input.shape.slice(input.ndim - shape.length);
  if (input.ndim < shape.length || trailing.some((size, i) => size !== shape[i])) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `layerNorm: normalizedShape ${formatShape(shape)} does not match the trailing dimensions of the input ${formatShape(input.shape)}`,
    );
  }
  for (const [name, parameter] of [
    ["weight", weight],
    ["bias", bias],
  ] as const) {
    if (parameter && (parameter.ndim !== shape.length || parameter.shape.some((size, i) => size !== shape[i]))) {
      throw new AutogradError(
        AutogradErrorCode.ShapeMismatch,
        `layerNorm: ${name} of shape ${formatShape(parameter.shape)} does not match normalizedShape ${formatShape(shape)}`,
      );
    }
  }
  if (!(eps >= 0) || !Number.isFinite(eps)) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, `layerNorm: eps must be a non-negative finite number, but got ${eps}`);
  }

  const size = shape.reduce((a, b) => a * b, 1);
  const slices = size === 0 ? 0 : input.numel / size;
  const x = input.data;
  const gamma = weight?.data;
  const beta = bias?.data;
  const normalized = new Float64Array(x.length);
  const reciprocalStd = new Float64Array(slices);
  const output = new Float64Array(x.length);
  for (let s = 0; s < slices; s++) {
    const base = s * size;
    let sum = 0;
    for (let i = 0; i < size; i++) sum += x[base + i];
    const mean = sum / size;
    let squares = 0;
    for (let i = 0; i < size; i++) squares += (x[base + i] - mean) ** 2;
    const r = 1 / Math.sqrt(squares / size + eps);
    reciprocalStd[s] = r;
    for (let i = 0; i < size; i++) {
      const xHat = (x[base + i] - mean) * r;
      normalized[base + i] = xHat;
      output[base + i] = xHat * (gamma ? gamma[i] : 1) + (beta ? beta[i] : 0);
    }
  }

  const inputs = [input, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  return Tensor.fromOp("NativeLayerNormBackward", output, input.shape, inputs, (gradOutput) => {
    let gradInput: Float64Array | null = null;
    if (input.requiresGrad) {
      gradInput = new Float64Array(x.length);
      for (let s = 0; s < slices; s++) {
        const base = s * size;
        let meanGrad = 0;
        let meanGradXHat = 0;
        for (let i = 0; i < size; i++) {
          const g = gradOutput[base + i] * (gamma ? gamma[i] : 1);
          meanGrad += g;
          meanGradXHat += g * normalized[base + i];
        }
        meanGrad /= size;
        meanGradXHat /= size;
        for (let i = 0; i < size; i++) {
          const g = gradOutput[base + i] * (gamma ? gamma[i] : 1);
          gradInput[base + i] = reciprocalStd[s] * (g - meanGrad - normalized[base + i] * meanGradXHat);
        }
      }
    }
    const sumOverSlices = (term: (index: number) => number): Float64Array => {
      const total = new Float64Array(size);
      for (let s = 0; s < slices; s++) for (let i = 0; i < size; i++) total[i] += term(s * size + i);
      return total;
    };
    const gradients: (Float64Array | null)[] = [gradInput];
    if (weight) gradients.push(weight.requiresGrad ? sumOverSlices((k) => gradOutput[k] * normalized[k]) : null);
    if (bias) gradients.push(bias.requiresGrad ? sumOverSlices((k) => gradOutput[k]) : null);
    return gradients;
  });
}
