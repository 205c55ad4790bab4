import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";
import { gemm } from "../kernels/gemm";

/**
 * y = x·Wᵀ + b, as torch.nn.functional.linear. Weight is [out, in] (PyTorch's
 * layout); x is [in] or [..., in], every leading dimension being batch.
 *
 * VJP with G = dL/dy (B×out): dx = G·W, dW = Gᵀ·x, db = Σ over the batch of G.
 */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (weight.ndim !== 2 || input.ndim === 0) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `linear expects an input [..., in] and a 2-D weight [out, in], but got ` +
        `input ${formatShape(input.shape)} and weight ${formatShape(weight.shape)}`,
    );
  }
  const [outFeatures, inFeatures] = weight.shape;
  const features = input.shape[input.ndim - 1];
  if (features !== inFeatures) {
    const rows = input.numel / Math.max(features, 1);
    throw new AutogradError(
      AutogradErrorCode.ChannelMismatch,
      `linear: mat1 and mat2 shapes cannot be multiplied (${rows}x${features} and ${inFeatures}x${outFeatures}); ` +
        `input ${formatShape(input.shape)}, weight ${formatShape(weight.shape)}`,
    );
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== outFeatures)) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `linear: bias of shape ${formatShape(bias.shape)} does not match weight ${formatShape(weight.shape)} (expected [${outFeatures}])`,
    );
  }
  const rows = input.numel / inFeatures;
  const output = new Float64Array(rows * outFeatures);
  // The bias is the product's starting value: no pass of its own over the output.
  gemm({
    transA: false,
    transB: true,
    M: rows,
    N: outFeatures,
    K: inFeatures,
    A: input.data,
    B: weight.data,
    C: output,
    columnBias: bias?.data,
  });
  const shape = [...input.shape.slice(0, -1), outFeatures];
  const inputs = bias ? [input, weight, bias] : [input, weight];
  return Tensor.fromOp("LinearBackward", output, shape, inputs, (gradOutput) => {
    let gradInput: Float64Array | null = null;
    let gradWeight: Float64Array | null = null;
    let gradBias: Float64Array | null = null;
    if (input.requiresGrad) {
      gradInput = new Float64Array(input.numel);
      gemm({ transA: false, transB: false, M: rows, N: inFeatures, K: outFeatures, A: gradOutput, B: weight.data, C: gradInput });
    }
    if (weight.requiresGrad) {
      gradWeight = new Float64Array(weight.numel);
      gemm({ transA: true, transB: false, M: outFeatures, N: inFeatures, K: rows, A: gradOutput, B: input.data, C: gradWeight });
    }
    if (bias?.requiresGrad) {
      gradBias = new Float64Array(outFeatures);
      for (let r = 0; r < rows; r++) for (let o = 0; o < outFeatures; o++) gradBias[o] += gradOutput[r * outFeatures + o];
    }
    return bias ? [gradInput, gradWeight, gradBias] : [gradInput, gradWeight];
  });
}
