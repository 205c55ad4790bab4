/**
 * im2col and its adjoint col2im, for one image of a batch.
 *
 * Layout: the image is C×H×W (one NCHW batch element, row-major). The
 * column matrix is K×P, row-major, with K = C·kh·kw rows ordered (c, i, j)
 * exactly as a weight of shape [O, C, kh, kw] flattens, and P = outH·outW
 * columns ordered (oh, ow). Then convolution is the product
 * weight (O×K) · columns (K×P), and its output is already O×outH×outW.
 * Positions that fall in the zero padding read as 0 (im2col) and are
 * dropped (col2im).
 */
import type { WindowGeometry } from "../geometry";
import { withStagedArrays, type OperandWriter, type ProductReader } from "./gemm";
import { LruCache } from "../../lru-cache";

interface ImageLayout {
  channels: number;
  height: number;
  width: number;
}

/**
 * For kernel column j, the range of output columns ow whose input column
 * iw = ow·stride − padLeft + j·dilation lies inside [0, width).
 */
function validColumns(j: number, width: number, outWidth: number, g: WindowGeometry): [number, number] {
  const offset = j * g.dilation[1] - g.padding.left;
  const first = Math.max(0, Math.ceil(-offset / g.stride[1]));
  const end = Math.min(outWidth, Math.floor((width - 1 - offset) / g.stride[1]) + 1);
  return [first, Math.max(first, end)];
}

/**
 * Where each segment of the column matrix comes from. A segment is one
 * (row of the column matrix, output row oh) pair: outWidth consecutive
 * columns. For segment s, columns [first[s], end[s]) read the image
 * starting at pixel[s] (an offset within one image, advancing by the
 * stride); the other columns are padding. pixel[s] is −1 when the whole
 * segment lies in a row of padding.
 *
 * im2col and col2im both walk this one table, which is what makes them
 * adjoint; conv2d reuses it for every image of the batch and for the
 * backward pass. Tables are kept for the shapes met (segmentTable), so they
 * are shared, and never written after they are built.
 */
export interface SegmentTable {
  pixel: Int32Array;
  first: Int32Array;
  end: Int32Array;
  /** pixel, first and end one after another, as WebAssembly's im2col reads them. */
  entries: Int32Array;
}

/**
 * Tables already built, by shape: a network meets the same few shapes at every
 * step, and building one cost about 10 ns an entry, 1.6 % of a CNN step
 * (BENCHMARKS.md). Bounded by their entries (4 bytes each): 16 MB at most.
 */
const tables = new LruCache<SegmentTable>(64, { maxWeight: 4 * 2 ** 20, weigh: (table) => table.entries.length });

/** The segment table of this image layout and geometry, built on first use. */
export function segmentTable(layout: ImageLayout, g: WindowGeometry): SegmentTable {
  const key = [
    layout.channels,
    layout.height,
    layout.width,
    g.kernel,
    g.stride,
    g.dilation,
    g.padding.top,
    g.padding.left,
    g.outHeight,
    g.outWidth,
  ].join();
  let table = tables.get(key);
  if (!table) {
    table = buildSegmentTable(layout, g);
    tables.set(key, table);
  }
  return table;
}

function buildSegmentTable(layout: ImageLayout, g: WindowGeometry): SegmentTable {
  const { channels, height, width } = layout;
  const [kh, kw] = g.kernel;
  const { outHeight, outWidth } = g;
  const count = channels * kh * kw * outHeight;
  const entries = new Int32Array(3 * count);
  const table: SegmentTable = {
    pixel: entries.subarray(0, count),
    first: entries.subarray(count, 2 * count),
    end: entries.subarray(2 * count),
    entries,
  };
  let s = 0;
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const [first, end] = validColumns(j, width, outWidth, g);
        const colOffset = j * g.dilation[1] - g.padding.left;
        for (let oh = 0; oh < outHeight; oh++, s++) {
          const ih = oh * g.stride[0] - g.padding.top + i * g.dilation[0];
          const inside = ih >= 0 && ih < height;
          table.pixel[s] = inside ? (c * height + ih) * width + first * g.stride[1] + colOffset : -1;
          table.first[s] = first;
          table.end[s] = end;
        }
      }
    }
  }
  return table;
}

/**
 * The output rows [ohStart, ohEnd) of a column matrix: for each of its K
 * rows, the columns of those output rows ((ohEnd − ohStart)·outWidth of
 * them, from column ohStart·outWidth). conv2d works through a large column
 * matrix in such bands, each small enough to stay in the cache between
 * being written and being read.
 */
export interface RowBand {
  ohStart: number;
  ohEnd: number;
}

/** The whole column matrix as one band. */
export const allRows = (g: WindowGeometry): RowBand => ({ ohStart: 0, ohEnd: g.outHeight });

/**
 * Writes a band of the column matrix of the image at image[imageOffset]
 * into `columns` from `start`, its rows `rowStride` apart (by default
 * contiguous: the band's width) and adjacent columns `columnStep` apart (by
 * default 1; a row stride of 1 and a column step of the row length write
 * the transpose).
 */
export function im2col(
  image: Float64Array,
  imageOffset: number,
  table: SegmentTable,
  g: WindowGeometry,
  columns: Float64Array,
  start = 0,
  band: RowBand = allRows(g),
  rowStride = (band.ohEnd - band.ohStart) * g.outWidth,
  columnStep = 1,
): void {
  const { outWidth, outHeight } = g;
  const { ohStart, ohEnd } = band;
  const sw = g.stride[1];
  const { pixel, first, end } = table;
  // Segment s is row ⌊s / outHeight⌋ of the column matrix, output row s mod outHeight.
  for (let s0 = 0, rowStart = start; s0 < pixel.length; s0 += outHeight, rowStart += rowStride) {
    for (let s = s0 + ohStart, segment = rowStart; s < s0 + ohEnd; s++, segment += outWidth * columnStep) {
      // A segment in a row of padding is zeros throughout.
      const lo = pixel[s] < 0 ? outWidth : first[s];
      const hi = pixel[s] < 0 ? outWidth : end[s];
      for (let ow = 0; ow < lo; ow++) columns[segment + ow * columnStep] = 0;
      let from = imageOffset + pixel[s];
      for (let ow = lo; ow < hi; ow++, from += sw) columns[segment + ow * columnStep] = image[from];
      for (let ow = hi; ow < outWidth; ow++) columns[segment + ow * columnStep] = 0;
    }
  }
}

/** One image's column matrix, band by band, for conv2d: gemm's operand, and where its gradient goes. */
export interface ImageColumns {
  /** A band of the column matrix, written where gemm wants it, as stored or transposed. */
  columnsOf(band: RowBand): OperandWriter;
  /** col2im, as gemm's product reader: adds a band of the column matrix's gradient onto the image's gradient. */
  gradientOf(band: RowBand): ProductReader;
}

/**
 * Runs `work` with the column matrix of the image at image[imageOffset ..]
 * (`imageLength` doubles), and, when `gradImage` is given, col2im onto
 * gradImage at the same offset. Where gemm runs in WebAssembly, the image,
 * its gradient and the table are copied into its memory once, the kernel's
 * own im2col and col2im run there (col2im reads the gradient's band where
 * gemm computed it), and the gradient is copied back at the end: in
 * JavaScript each double cost several cycles of typed-array access, together
 * a third of a CNN step's time. Otherwise im2col and col2im above do the
 * work. Both ways give the same values.
 */
export function withImageColumns<T>(
  image: Float64Array,
  imageOffset: number,
  imageLength: number,
  table: SegmentTable,
  g: WindowGeometry,
  gradImage: Float64Array | null,
  work: (columns: ImageColumns) => T,
): T {
  const count = table.pixel.length;
  const { outHeight, outWidth } = g;
  const sw = g.stride[1];
  const staging = [table.entries, image.subarray(imageOffset, imageOffset + imageLength)];
  if (gradImage) staging.push(gradImage.subarray(imageOffset, imageOffset + imageLength));
  return withStagedArrays(staging, (staged) => {
    const [tableAt, imageAt, gradAt] = staged?.addresses ?? [];
    const kernel = staged?.kernel;
    // gemm's memory is the kernel's unless gemm runs in JavaScript, or this product was too large for the kernel.
    const onKernel = (heap: Float64Array) => kernel !== undefined && heap === kernel.heap;
    const columns = (band: RowBand, heap: Float64Array, start: number, rowStride: number, columnStep: number) => {
      if (onKernel(heap))
        kernel!.im2col(
          tableAt,
          count,
          outHeight,
          band.ohStart,
          band.ohEnd,
          outWidth,
          imageAt,
          start * 8,
          rowStride * 8,
          columnStep * 8,
          sw,
        );
      else im2col(image, imageOffset, table, g, heap, start, band, rowStride, columnStep);
    };
    const result = work({
      columnsOf: (band) =>
        Object.assign((heap: Float64Array, start: number, rowStride: number) => columns(band, heap, start, rowStride, 1), {
          transposed: (heap: Float64Array, start: number, rowStride: number) => columns(band, heap, start, 1, rowStride),
        }),
      gradientOf: (band) => (heap, start, rowStride) => {
        if (onKernel(heap))
          kernel!.col2im(tableAt, count, outHeight, band.ohStart, band.ohEnd, outWidth, gradAt, start * 8, rowStride * 8, 8, sw);
        else if (staged) col2im(heap, table, g, kernel!.heap, gradAt / 8, band, start, rowStride);
        else col2im(heap, table, g, gradImage!, imageOffset, band, start, rowStride);
      },
    });
    if (staged && gradImage) gradImage.set(kernel!.heap.subarray(gradAt / 8, gradAt / 8 + imageLength), imageOffset);
    return result;
  });
}

/**
 * The adjoint of im2col: adds every entry of a band of the column matrix
 * (from `start`, rows `rowStride` apart: by default contiguous) back onto
 * the pixel it was read from.
 */
export function col2im(
  columns: Float64Array,
  table: SegmentTable,
  g: WindowGeometry,
  image: Float64Array,
  imageOffset: number,
  band: RowBand = allRows(g),
  start = 0,
  rowStride = (band.ohEnd - band.ohStart) * g.outWidth,
): void {
  const { outWidth, outHeight } = g;
  const { ohStart, ohEnd } = band;
  const sw = g.stride[1];
  const { pixel, first, end } = table;
  for (let s0 = 0, rowStart = start; s0 < pixel.length; s0 += outHeight, rowStart += rowStride) {
    for (let s = s0 + ohStart, segment = rowStart; s < s0 + ohEnd; s++, segment += outWidth) {
      if (pixel[s] < 0) continue;
      const hi = end[s];
      let to = imageOffset + pixel[s];
      for (let ow = first[s]; ow < hi; ow++, to += sw) image[to] += columns[segment + ow];
    }
  }
}
