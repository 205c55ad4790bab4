import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";
import { convGeometry, type Pair } from "../geometry";
import { gemm } from "../kernels/gemm";
import { col2im, im2col, segmentTable } from "../kernels/im2col";
import { reshape } from "./reshape";

export interface Conv2dOptions {
  stride?: Pair;
  /** A number, [h, w], "valid" (0) or "same" (stride 1 only; an odd total goes bottom/right). */
  padding?: Pair | "same" | "valid";
  dilation?: Pair;
}

/**
 * 2-D cross-correlation, as torch.nn.functional.conv2d with groups = 1.
 * Layout: input NCHW (or CHW, unbatched), weight OIHW (out channels, in
 * channels, kernel height, kernel width), bias [O].
 *
 * Forward, per image: columns = im2col(image) (K×P), output = W (O×K) · columns.
 * VJP, per image, with G = dL/d(output) (O×P):
 *   dW += G · columnsᵀ,   db += Σ_p G,   d(image) = col2im(Wᵀ · G).
 */
export function conv2d(input: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv2dOptions = {}): Tensor {
  if (input.ndim === 3) {
    // Unbatched CHW input: run as a batch of one and drop the batch dimension.
    const batched = conv2d(reshape(input, [1, ...input.shape]), weight, bias, options);
    return reshape(batched, batched.shape.slice(1));
  }
  if (input.ndim !== 4 || weight.ndim !== 4) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `conv2d expects a 4-D input (N, C, H, W) and a 4-D weight (O, C, kH, kW), but ` +
        `got input ${formatShape(input.shape)} and weight ${formatShape(weight.shape)}`,
    );
  }
  const [batch, channels, height, width] = input.shape;
  const [outChannels, weightChannels, kh, kw] = weight.shape;
  if (weightChannels !== channels) {
    throw new AutogradError(
      AutogradErrorCode.ChannelMismatch,
      `conv2d: given groups=1, weight of size ${formatShape(weight.shape)}, expected input${formatShape(input.shape)} ` +
        `to have ${weightChannels} channels, but got ${channels} channels instead`,
    );
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== outChannels)) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `conv2d: bias of shape ${formatShape(bias.shape)} does not match weight ${formatShape(weight.shape)} (expected [${outChannels}])`,
    );
  }
  const g = convGeometry(height, width, { kernelSize: [kh, kw], ...options }, "conv2d");
  const K = channels * kh * kw;
  const P = g.outHeight * g.outWidth;
  const imageSize = channels * height * width;
  const segments = segmentTable({ channels, height, width }, g);

  // The column matrices of every image are kept for the weight gradient.
  const columns = new Float64Array(batch * K * P);
  const output = new Float64Array(batch * outChannels * P);
  for (let n = 0; n < batch; n++) {
    const cols = columns.subarray(n * K * P, (n + 1) * K * P);
    im2col(input.data, n * imageSize, segments, g, cols);
    gemm({ transA: false, transB: false, M: outChannels, N: P, K, A: weight.data, B: cols, C: output, cOffset: n * outChannels * P });
    if (bias) {
      for (let o = 0; o < outChannels; o++) {
        const b = bias.data[o];
        const start = (n * outChannels + o) * P;
        for (let p = start; p < start + P; p++) output[p] += b;
      }
    }
  }

  const inputs = bias ? [input, weight, bias] : [input, weight];
  return Tensor.fromOp("ConvolutionBackward", output, [batch, outChannels, g.outHeight, g.outWidth], inputs, (gradOutput) => {
    const gradInput = input.requiresGrad ? new Float64Array(input.numel) : null;
    const gradWeight = weight.requiresGrad ? new Float64Array(weight.numel) : null;
    const gradBias = bias?.requiresGrad ? new Float64Array(outChannels) : null;
    const gradColumns = gradInput ? new Float64Array(K * P) : null;
    for (let n = 0; n < batch; n++) {
      const gradOffset = n * outChannels * P;
      if (gradWeight) {
        gemm({
          transA: false,
          transB: true,
          M: outChannels,
          N: K,
          K: P,
          A: gradOutput,
          aOffset: gradOffset,
          B: columns,
          bOffset: n * K * P,
          C: gradWeight,
          accumulate: true,
        });
      }
      if (gradBias) {
        for (let o = 0; o < outChannels; o++) {
          let total = 0;
          for (let p = gradOffset + o * P; p < gradOffset + (o + 1) * P; p++) total += gradOutput[p];
          gradBias[o] += total;
        }
      }
      if (gradInput && gradColumns) {
        gemm({
          transA: true,
          transB: false,
          M: K,
          N: P,
          K: outChannels,
          A: weight.data,
          B: gradOutput,
          bOffset: gradOffset,
          C: gradColumns,
        });
        col2im(gradColumns, segments, g, gradInput, n * imageSize);
      }
    }
    return bias ? [gradInput, gradWeight, gradBias] : [gradInput, gradWeight];
  });
}
