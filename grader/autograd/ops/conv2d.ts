import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";
import { convGeometry, type Pair, type WindowGeometry } from "../geometry";
import { gemm, type OperandWriter } from "../kernels/gemm";
import { segmentTable, withImageColumns, type ImageColumns, type RowBand } from "../kernels/im2col";
import { reshape } from "./reshape";
import { gradientBuffer } from "../gradient-buffers";

export interface Conv2dOptions {
  stride?: Pair;
  /** A number, [h, w], "valid" (0) or "same" (stride 1 only; an odd total goes bottom/right). */
  padding?: Pair | "same" | "valid";
  dilation?: Pair;
  /** Input and output channels split into this many independent groups (default 1; = C for depthwise). */
  groups?: number;
}

/**
 * `groups` checked as PyTorch checks it for conv2d and convTranspose2d: a
 * positive integer dividing the weight's first dimension (out channels for
 * conv2d, in channels for convTranspose2d).
 */
export function convolutionGroups(groups: number | undefined, weight: Tensor, where: string): number {
  const value = groups ?? 1;
  if (!Number.isInteger(value) || value < 1) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, `${where}: groups must be a positive integer, but got ${value}`);
  }
  if (weight.shape[0] % value !== 0) {
    throw new AutogradError(
      AutogradErrorCode.ChannelMismatch,
      `${where}: given groups=${value}, expected weight to be divisible by ${value} at dimension 0, ` +
        `but got weight of size ${formatShape(weight.shape)} instead`,
    );
  }
  return value;
}

/**
 * Doubles of a column matrix worked on at once (256 KiB): a band this large
 * stays in the L2 cache between im2col writing it and the kernel reading it.
 * Written whole, conv2d's column matrices (up to 27 × 4096 doubles for the
 * handout's first layer) went out to main memory and back.
 */
const BAND_DOUBLES = 32_768;

/** The output rows of an image split into bands of about BAND_DOUBLES doubles of column matrix (at least one row each). */
function bands(g: WindowGeometry, K: number): RowBand[] {
  const rowsPerBand = Math.max(1, Math.floor(BAND_DOUBLES / Math.max(1, K * g.outWidth)));
  const result: RowBand[] = [];
  for (let ohStart = 0; ohStart < g.outHeight; ohStart += rowsPerBand) {
    result.push({ ohStart, ohEnd: Math.min(g.outHeight, ohStart + rowsPerBand) });
  }
  return result;
}

/**
 * 2-D cross-correlation, as torch.nn.functional.conv2d.
 * Layout: input NCHW (or CHW, unbatched), weight OIHW (out channels, in
 * channels per group, kernel height, kernel width), bias [O].
 *
 * Forward, per image and group: columns = im2col(image's group channels)
 * (K×P), output's group channels = W_group (O/groups × K) · columns.
 * VJP, per image and group, with G = dL/d(output's group channels):
 *   dW_group += G · columnsᵀ,   db += Σ_p G,   d(image's group) = col2im(W_groupᵀ · G).
 * A group's channels, weight rows and output channels are contiguous blocks
 * in NCHW/OIHW, so groups = 1 runs exactly the ungrouped path (one loop turn).
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
      `conv2d expects a 4-D input (N, C, H, W) and a 4-D weight (O, C/groups, kH, kW), but ` +
        `got input ${formatShape(input.shape)} and weight ${formatShape(weight.shape)}`,
    );
  }
  const [batch, channels, height, width] = input.shape;
  const [outChannels, weightChannels, kh, kw] = weight.shape;
  const groups = convolutionGroups(options.groups, weight, "conv2d");
  if (weightChannels * groups !== channels) {
    throw new AutogradError(
      AutogradErrorCode.ChannelMismatch,
      `conv2d: given groups=${groups}, weight of size ${formatShape(weight.shape)}, expected input${formatShape(input.shape)} ` +
        `to have ${weightChannels * groups} channels, but got ${channels} channels instead`,
    );
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== outChannels)) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `conv2d: bias of shape ${formatShape(bias.shape)} does not match weight ${formatShape(weight.shape)} (expected [${outChannels}])`,
    );
  }
  const g = convGeometry(height, width, { kernelSize: [kh, kw], ...options }, "conv2d");
  // Per group: K rows of columns, groupOut output channels, groupSize input values.
  const K = weightChannels * kh * kw;
  const groupOut = outChannels / groups;
  const P = g.outHeight * g.outWidth;
  const imageSize = channels * height * width;
  const groupSize = weightChannels * height * width;
  const segments = segmentTable({ channels: weightChannels, height, width }, g);

  // The column matrix of an image's group, written by im2col straight into
  // gemm's scratch memory (by WebAssembly's, where gemm runs there), one
  // band of output rows at a time (see bands).
  // It is not kept for the weight gradient: the backward pass writes it
  // again, which costs what copying a kept one would and allocates nothing.
  const withColumnsOf = <T>(n: number, group: number, gradImage: Float64Array | null, work: (columns: ImageColumns) => T) =>
    withImageColumns(input.data, n * imageSize + group * groupSize, groupSize, segments, g, gradImage, work);
  const imageBands = bands(g, K);
  const output = new Float64Array(batch * outChannels * P);
  for (let n = 0; n < batch; n++) {
    for (let group = 0; group < groups; group++) {
      withColumnsOf(n, group, null, ({ columnsOf }) => {
        for (const band of imageBands) {
          const first = band.ohStart * g.outWidth;
          gemm({
            transA: false,
            transB: false,
            M: groupOut,
            N: (band.ohEnd - band.ohStart) * g.outWidth,
            K,
            A: weight.data,
            aOffset: group * groupOut * K,
            B: columnsOf(band),
            C: output,
            cOffset: (n * outChannels + group * groupOut) * P + first,
            ldc: P,
            rowBias: bias?.data,
            rowBiasOffset: group * groupOut,
          });
        }
      });
    }
  }

  const inputs = bias ? [input, weight, bias] : [input, weight];
  return Tensor.fromOp("ConvolutionBackward", output, [batch, outChannels, g.outHeight, g.outWidth], inputs, (gradOutput) => {
    const gradInput = input.requiresGrad ? gradientBuffer(input.numel) : null;
    const gradWeight = weight.requiresGrad ? new Float64Array(weight.numel) : null;
    const gradBias = bias?.requiresGrad ? new Float64Array(outChannels) : null;
    // With a bias to learn, the weight's product also sums the output's
    // gradient: the column matrix gets a last row of ones, so column K of
    // that product is the bias's gradient, without a pass of its own over it.
    const biasColumn = gradWeight !== null && gradBias !== null;
    const weightColumns = biasColumn ? K + 1 : K;
    const gradWeightAndBias = biasColumn ? new Float64Array(outChannels * weightColumns) : gradWeight;
    for (let n = 0; n < batch; n++) {
      const gradOffset = n * outChannels * P;
      for (let group = 0; group < groups; group++) {
        const groupGradOffset = gradOffset + group * groupOut * P;
        withColumnsOf(n, group, gradInput, ({ columnsOf, gradientOf }) => {
          for (const band of imageBands) {
            const first = band.ohStart * g.outWidth;
            const width = (band.ohEnd - band.ohStart) * g.outWidth;
            if (gradWeightAndBias) {
              gemm({
                transA: false,
                transB: true,
                M: groupOut,
                N: weightColumns,
                K: width,
                A: gradOutput,
                aOffset: groupGradOffset + first,
                lda: P,
                B: biasColumn ? withRowOfOnes(columnsOf(band), K, width) : columnsOf(band),
                C: gradWeightAndBias,
                cOffset: group * groupOut * weightColumns,
                accumulate: true,
              });
            }
            if (gradInput) {
              gemm({
                transA: true,
                transB: false,
                M: K,
                N: width,
                K: groupOut,
                A: weight.data,
                aOffset: group * groupOut * K,
                B: gradOutput,
                bOffset: groupGradOffset + first,
                ldb: P,
                C: gradientOf(band),
              });
            }
          }
        });
      }
      if (gradBias && !biasColumn) {
        for (let o = 0; o < outChannels; o++) {
          let total = 0;
          for (let p = gradOffset + o * P; p < gradOffset + (o + 1) * P; p++) total += gradOutput[p];
          gradBias[o] += total;
        }
      }
    }
    if (biasColumn) {
      for (let o = 0; o < outChannels; o++) {
        gradWeight!.set(gradWeightAndBias!.subarray(o * weightColumns, o * weightColumns + K), o * K);
        gradBias![o] = gradWeightAndBias![o * weightColumns + K];
      }
    }
    return bias ? [gradInput, gradWeight, gradBias] : [gradInput, gradWeight];
  });
}

/** A writer of `rows` rows of `width`, and after them a row of ones; transposed too, where the writer can. */
function withRowOfOnes(writer: OperandWriter, rows: number, width: number): OperandWriter {
  const transposed = writer.transposed;
  return Object.assign(
    (heap: Float64Array, start: number, rowStride: number) => {
      writer(heap, start, rowStride);
      heap.fill(1, start + rows * rowStride, start + rows * rowStride + width);
    },
    transposed && {
      transposed: (heap: Float64Array, start: number, rowStride: number) => {
        transposed(heap, start, rowStride);
        for (let p = 0; p < width; p++) heap[start + p * rowStride + rows] = 1;
      },
    },
  );
}
