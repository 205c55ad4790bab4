import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";
import { convTransposeGeometry, type Pair, type WindowGeometry } from "../geometry";
import { gemm } from "../kernels/gemm";
import { col2im, im2col, segmentTable } from "../kernels/im2col";
import { reshape } from "./reshape";

export interface ConvTranspose2dOptions {
  stride?: Pair;
  /** Rows/columns removed from each side of the full output (no "same"/"valid", as in PyTorch). */
  padding?: Pair;
  /** Rows/columns added at the bottom/right; each below its stride or its dilation. */
  outputPadding?: Pair;
  /** Input and output channels split into this many independent groups (default 1). */
  groups?: number;
  dilation?: Pair;
}

/**
 * 2-D transposed convolution, as torch.nn.functional.conv_transpose2d: the
 * adjoint of conv2d with the same weight, stride, padding and dilation.
 * Layout: input NCHW (or CHW, unbatched), weight [C_in, C_out/groups, kH, kW]
 * (PyTorch's; note in-channels first), bias [C_out]. Output size per
 * dimension: (in − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1
 * (geometry.ts's convTransposeGeometry).
 *
 * Seen from the output image, the input pixels are the windows of a conv2d
 * over that image (whose own output is H×W), so the im2col tables of conv2d
 * apply unchanged. Per image and group, with X the group's input (C_in/g × HW)
 * and W its weight rows (C_in/g × K, K = C_out/g·kH·kW):
 *   forward:  output = col2im(Wᵀ · X)            (a scatter of every input pixel's window)
 *   VJP with G = dL/d(output), columns = im2col(G) (K × HW):
 *     dX = W · columns (a conv2d of G),   dW += X · columnsᵀ,   db += Σ G.
 */
export function convTranspose2d(input: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvTranspose2dOptions = {}): Tensor {
  if (input.ndim === 3) {
    // Unbatched CHW input: run as a batch of one and drop the batch dimension.
    const batched = convTranspose2d(reshape(input, [1, ...input.shape]), weight, bias, options);
    return reshape(batched, batched.shape.slice(1));
  }
  if (input.ndim !== 4 || weight.ndim !== 4) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `convTranspose2d expects a 4-D input (N, C_in, H, W) and a 4-D weight (C_in, C_out/groups, kH, kW), but ` +
        `got input ${formatShape(input.shape)} and weight ${formatShape(weight.shape)}`,
    );
  }
  const [batch, channels, height, width] = input.shape;
  const [weightInChannels, groupOut, kh, kw] = weight.shape;
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, `convTranspose2d: groups must be a positive integer, but got ${groups}`);
  }
  if (weightInChannels % groups !== 0) {
    throw new AutogradError(
      AutogradErrorCode.ChannelMismatch,
      `convTranspose2d: given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, ` +
        `but got weight of size ${formatShape(weight.shape)} instead`,
    );
  }
  if (weightInChannels !== channels) {
    throw new AutogradError(
      AutogradErrorCode.ChannelMismatch,
      `convTranspose2d: given transposed=1, weight of size ${formatShape(weight.shape)}, expected input${formatShape(input.shape)} ` +
        `to have ${weightInChannels} channels, but got ${channels} channels instead`,
    );
  }
  const outChannels = groupOut * groups;
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== outChannels)) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `convTranspose2d: bias of shape ${formatShape(bias.shape)} does not match weight ${formatShape(weight.shape)} ` +
        `with groups=${groups} (expected [${outChannels}])`,
    );
  }
  const t = convTransposeGeometry(height, width, { kernelSize: [kh, kw], ...options }, "convTranspose2d");
  // The conv2d that maps the output image back onto the input grid. Only the
  // top/left padding places windows; the output padding rows at the bottom
  // and right are covered by no window unless a dilated kernel reaches them.
  const g: WindowGeometry = {
    kernel: t.kernel,
    stride: t.stride,
    dilation: t.dilation,
    padding: { top: t.padding[0], bottom: t.padding[0], left: t.padding[1], right: t.padding[1] },
    outHeight: height,
    outWidth: width,
  };
  const groupIn = channels / groups;
  const K = groupOut * kh * kw;
  const P = height * width;
  const outPlane = t.outHeight * t.outWidth;
  const imageSize = channels * P;
  const outImageSize = outChannels * outPlane;
  const segments = segmentTable({ channels: groupOut, height: t.outHeight, width: t.outWidth }, g);

  const output = new Float64Array(batch * outImageSize);
  const columns = new Float64Array(K * P);
  for (let n = 0; n < batch; n++) {
    for (let group = 0; group < groups; group++) {
      gemm({
        transA: true,
        transB: false,
        M: K,
        N: P,
        K: groupIn,
        A: weight.data,
        aOffset: group * groupIn * K,
        B: input.data,
        bOffset: n * imageSize + group * groupIn * P,
        C: columns,
      });
      col2im(columns, segments, g, output, n * outImageSize + group * groupOut * outPlane);
    }
    if (bias) {
      for (let o = 0; o < outChannels; o++) {
        const b = bias.data[o];
        const start = n * outImageSize + o * outPlane;
        for (let p = start; p < start + outPlane; p++) output[p] += b;
      }
    }
  }

  const inputs = bias ? [input, weight, bias] : [input, weight];
  const shape = [batch, outChannels, t.outHeight, t.outWidth];
  return Tensor.fromOp("ConvolutionBackward", output, shape, inputs, (gradOutput) => {
    const gradInput = input.requiresGrad ? new Float64Array(input.numel) : null;
    const gradWeight = weight.requiresGrad ? new Float64Array(weight.numel) : null;
    const gradBias = bias?.requiresGrad ? new Float64Array(outChannels) : null;
    const gradColumns = new Float64Array(K * P);
    for (let n = 0; n < batch; n++) {
      for (let group = 0; group < groups; group++) {
        if (!gradInput && !gradWeight) break;
        im2col(gradOutput, n * outImageSize + group * groupOut * outPlane, segments, g, gradColumns);
        if (gradInput) {
          gemm({
            transA: false,
            transB: false,
            M: groupIn,
            N: P,
            K,
            A: weight.data,
            aOffset: group * groupIn * K,
            B: gradColumns,
            C: gradInput,
            cOffset: n * imageSize + group * groupIn * P,
          });
        }
        if (gradWeight) {
          gemm({
            transA: false,
            transB: true,
            M: groupIn,
            N: K,
            K: P,
            A: input.data,
            aOffset: n * imageSize + group * groupIn * P,
            B: gradColumns,
            C: gradWeight,
            cOffset: group * groupIn * K,
            accumulate: true,
          });
        }
      }
      if (gradBias) {
        for (let o = 0; o < outChannels; o++) {
          let total = 0;
          const start = n * outImageSize + o * outPlane;
          for (let p = start; p < start + outPlane; p++) total += gradOutput[p];
          gradBias[o] += total;
        }
      }
    }
    return bias ? [gradInput, gradWeight, gradBias] : [gradInput, gradWeight];
  });
}
