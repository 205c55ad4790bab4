/**
 * The one matrix product behind matmul, linear and conv2d.
 *
 * Layout: every matrix is a row-major block of a Float64Array starting at an
 * offset. `gemm` computes C (M×N) = op(A) · op(B), or adds it to C when
 * `accumulate` is set, where op(A) is M×K and op(B) is K×N. With `transA` the
 * stored A is K×M (so op(A) = Aᵀ); with `transB` the stored B is N×K.
 *
 * How: the operands are copied into one scratch heap (the WebAssembly memory
 * when the SIMD kernel is available), where the kernel reads A in place
 * whichever way it is stored, and B as a row-major K×N matrix, four adjacent
 * columns at a time. Each 4×4 block of C is accumulated in registers over a
 * block of KC steps of k (a block of B then fits in the L1 cache), and added
 * to a zero-padded copy of C, which is copied out once at the end. Blocks
 * past the edge of C compute on whatever lies beyond the operands and are
 * never copied out.
 *
 * When B is stored transposed it must be rearranged; since
 * C = op(A)·op(B) ⟺ Cᵀ = op(B)ᵀ·op(A)ᵀ, the product is computed as Cᵀ
 * whenever that rearranges less (a smaller A) or nothing at all (A stored
 * transposed too).
 *
 * An operand may also be given as a writer (`OperandWriter`) that puts the
 * matrix, as stored, straight into the scratch heap: conv2d's im2col then
 * writes its column matrix where the kernel reads it, instead of into an
 * array of its own that would be copied there (megabytes a step, most of
 * it fresh memory for the garbage collector).
 *
 * Arrays a writer reads can be staged below gemm's operands in the
 * WebAssembly memory (withStagedArrays), so that the writer runs there too.
 *
 * The kernel runs in WebAssembly SIMD where available (wasm-kernel.ts, two
 * float64 lanes per instruction and no bounds checks) and in plain
 * JavaScript otherwise; both compute the same sums in the same order, so
 * results do not depend on which one ran. Small products (smallProduct)
 * skip the heap and make those sums too.
 */
import { createWasmKernel, type WasmKernel } from "./wasm-kernel";
import { countMultiplyAdds } from "../work";

const BLOCK = 4;
const KC = 256;
/**
 * A product at least this many columns wide has a left operand stored as
 * rows (A, or Bᵀ when computing Cᵀ) packed into panels of four rows: the
 * kernel's quicker form for adjacent rows saves about 0.012 ns a
 * multiply-add, so 0.012 ns × the product's columns a double of the
 * operand, against about 0.35 ns (short rows) to 0.75 ns (long ones) more
 * a double to pack it than to copy it (AMD EPYC, BENCHMARKS.md).
 */
const PACK_LEFT_MIN_COLS = 128;
/** Doubles of slack after each operand, for the reads of edge blocks past its end. */
const SLACK = BLOCK;

/**
 * Writes an operand's stored matrix (row-major, as the array with its offset
 * would hold it) into `heap` from index `start`, each row `rowStride`
 * doubles after the one before (at least the row's length; longer rows
 * leave gaps the kernel never reads).
 */
export type OperandWriter = ((heap: Float64Array, start: number, rowStride: number) => void) & {
  /**
   * Writes the transpose of the stored matrix instead, rows `rowStride`
   * apart: for an operand stored transposed (transB), which gemm would
   * otherwise rearrange in JavaScript after writing it.
   */
  transposed?: (heap: Float64Array, start: number, rowStride: number) => void;
};

/**
 * Takes the product C (M×N, rows `rowStride` doubles apart) from `heap` at
 * `start`, instead of gemm copying it into an array: conv2d's col2im reads
 * it there. Only without `accumulate`.
 */
export type ProductReader = (heap: Float64Array, start: number, rowStride: number) => void;

export interface GemmOperands {
  transA: boolean;
  transB: boolean;
  M: number;
  N: number;
  K: number;
  A: Float64Array | OperandWriter;
  aOffset?: number;
  B: Float64Array | OperandWriter;
  bOffset?: number;
  C: Float64Array | ProductReader;
  cOffset?: number;
  /**
   * Row strides of the stored A, B and C (BLAS's leading dimensions), in
   * doubles; by default their row lengths, so contiguous. A block of a
   * larger matrix (some of an image's output columns) is then read or
   * written in place. A writer is told the stride to write with instead.
   */
  lda?: number;
  ldb?: number;
  ldc?: number;
  accumulate?: boolean;
  /**
   * Added to every entry of row i of the product: C = op(A)·op(B) + rowBias[rowBiasOffset + i]
   * (a convolution's bias, with no pass of its own over C). Ignored with `accumulate`.
   */
  rowBias?: Float64Array;
  rowBiasOffset?: number;
  /** Added to every entry of column j instead: C = op(A)·op(B) + columnBias[columnBiasOffset + j] (linear's bias). */
  columnBias?: Float64Array;
  columnBiasOffset?: number;
}

/** The product's starting values: one per row of C, one per column, or none (zeros). */
interface StartValues {
  values: Float64Array;
  offset: number;
  alongRows: boolean;
}

function startValuesOf(operands: GemmOperands): StartValues | null {
  if (operands.rowBias && operands.columnBias) throw new Error("gemm: a row bias and a column bias together");
  if (operands.accumulate) return null;
  if (operands.rowBias) return { values: operands.rowBias, offset: operands.rowBiasOffset ?? 0, alongRows: true };
  if (operands.columnBias) return { values: operands.columnBias, offset: operands.columnBiasOffset ?? 0, alongRows: false };
  return null;
}

const wasm: WasmKernel | null = createWasmKernel();
let useWasm = wasm !== null;

/**
 * Chooses the kernel: "wasm" (the default where WebAssembly SIMD exists) or
 * "js". For tests and benchmarks; returns the kernel in use.
 */
export function setGemmKernel(kernel: "wasm" | "js"): "wasm" | "js" {
  useWasm = kernel === "wasm" && wasm !== null;
  return useWasm ? "wasm" : "js";
}

/**
 * The WebAssembly kernel addresses bytes with 32-bit integers: products
 * needing more than 1 GiB of scratch (2^27 doubles) run in JavaScript.
 */
const WASM_MAX_DOUBLES = 2 ** 27;

/** Scratch memory of the JavaScript kernel, reused across calls (no allocation per product once warm). */
let jsHeap: Float64Array = new Float64Array(0);

function jsScratch(doubles: number): Float64Array {
  if (jsHeap.length < doubles) jsHeap = new Float64Array(Math.max(doubles, jsHeap.length * 2));
  return jsHeap;
}

/**
 * Doubles at the bottom of the WebAssembly memory that withStagedArrays holds:
 * gemm lays its operands out above them while they are staged.
 */
let stagedDoubles = 0;

/** Arrays copied into the WebAssembly memory, and the kernel that can read them there. */
export interface StagedArrays {
  kernel: WasmKernel;
  /** Each array's byte address, in the order given. */
  addresses: number[];
}

/**
 * Runs `work` with `arrays` copied to the bottom of the WebAssembly
 * kernel's memory, where the kernel's other functions (im2col, col2im) read
 * and write them beside gemm's operands; gemm calls inside `work` lay out
 * above them. A number stands for that many doubles of space, not copied.
 * `work` gets null, and nothing is copied, where the kernel is JavaScript,
 * the arrays would not fit, or arrays are staged already (work must then
 * take the JavaScript way).
 */
export function withStagedArrays<T>(arrays: readonly (Float64Array | Int32Array | number)[], work: (staged: StagedArrays | null) => T): T {
  if (!useWasm || stagedDoubles !== 0) return work(null);
  const kernel = wasm!;
  const addresses: number[] = [];
  let doubles = 0;
  for (const array of arrays) {
    addresses.push(doubles * 8);
    doubles += typeof array === "number" ? array : Math.ceil(array.byteLength / 8);
  }
  if (doubles > WASM_MAX_DOUBLES / 2 || !kernel.reserve(doubles)) return work(null);
  arrays.forEach((array, i) => {
    if (typeof array === "number") return;
    new Uint8Array(kernel.heap.buffer, addresses[i], array.byteLength).set(
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength),
    );
  });
  stagedDoubles = doubles;
  try {
    return work({ kernel, addresses });
  } finally {
    stagedDoubles = 0;
  }
}

export function gemm(operands: GemmOperands): void {
  const { M, N, K, A, B, C } = operands;
  const aOffset = operands.aOffset ?? 0;
  const bOffset = operands.bOffset ?? 0;
  const cOffset = operands.cOffset ?? 0;
  const lda = operands.lda ?? (operands.transA ? M : K);
  const ldb = operands.ldb ?? (operands.transB ? K : N);
  const ldc = operands.ldc ?? N;
  const start = startValuesOf(operands);
  if (typeof C === "function" && operands.accumulate) throw new Error("gemm: a product reader cannot accumulate");
  if (M === 0 || N === 0) return;
  countMultiplyAdds(M * N * K);

  if (M * N * K <= SMALL_PRODUCT && K <= KC && typeof A !== "function" && typeof B !== "function" && typeof C !== "function") {
    smallProduct(operands, aOffset, bOffset, cOffset, lda, ldb, ldc, start);
    return;
  }

  // Compute Cᵀ = op(B)ᵀ·op(A)ᵀ instead when B is stored transposed and that rearranges less; never when B's writer
  // writes it transposed (nothing to rearrange) or the product is read in place (it must be C, not Cᵀ).
  const bWritesTransposed = typeof B === "function" && B.transposed !== undefined;
  const swap = operands.transB && (operands.transA || M < N) && !bWritesTransposed && typeof C !== "function";
  const rows = swap ? N : M; // of the product actually computed
  const cols = swap ? M : N;
  const left = swap ? B : A;
  const leftOffset = swap ? bOffset : aOffset;
  const leftStride = swap ? ldb : lda;
  const leftTransposed = swap ? !operands.transB : operands.transA; // stored K×rows rather than rows×K
  const right = swap ? A : B;
  const rightOffset = swap ? aOffset : bOffset;
  const rightStride = swap ? lda : ldb;
  const rightTransposed = swap ? !operands.transA : operands.transB; // stored cols×K rather than K×cols

  const rowBlocks = Math.ceil(rows / BLOCK);
  const colBlocks = Math.ceil(cols / BLOCK);
  const productStride = colBlocks * BLOCK;
  const heapLdb = rightRowStride(cols);
  // Heap layout, in doubles: staged arrays (withStagedArrays), left operand, right operand (row-major K×cols, rows
  // heapLdb apart), padded product.
  const leftStart = stagedDoubles;
  const rightStart = leftStart + rowBlocks * BLOCK * K + SLACK;
  const productStart = rightStart + K * heapLdb + SLACK;
  const heapSize = productStart + rowBlocks * BLOCK * productStride;
  const viaWasm = useWasm && heapSize <= WASM_MAX_DOUBLES && wasm!.reserve(heapSize);
  const heap = viaWasm ? wasm!.heap : jsScratch(heapSize);

  // The left operand in the heap: as stored (rows×K or K×rows), or packed in panels of four rows (a(4p..4p + 3, k)
  // adjacent, k after k) when the product is wide enough to repay packing. WebAssembly's kernel reads four adjacent
  // rows, as in panels or stored transposed, through one pointer, which is quicker.
  const packLeft = !leftTransposed && viaWasm && cols >= PACK_LEFT_MIN_COLS && typeof left !== "function";
  if (packLeft) packPanels(left, leftOffset, rows, K, leftStride, heap, leftStart);
  else if (leftTransposed) copyInto(left, leftOffset, K, rows, leftStride, heap, leftStart, rows);
  else copyInto(left, leftOffset, rows, K, leftStride, heap, leftStart, K);
  if (!rightTransposed) copyInto(right, rightOffset, K, cols, rightStride, heap, rightStart, heapLdb);
  else if (typeof right === "function" && right.transposed) right.transposed(heap, rightStart, heapLdb);
  else if (typeof right === "function") transposeInto(materialize(right, cols, K), 0, cols, K, K, heap, rightStart, heapLdb);
  else transposeInto(right, rightOffset, cols, K, rightStride, heap, rightStart, heapLdb);
  startProduct(heap, productStart, productStride, rows, cols, rowBlocks * BLOCK, start, swap);
  // Accumulating into C itself (not Cᵀ): C's values start the product, as a bias does, and the product is then copied
  // out. Adding it on afterwards, entry by entry in JavaScript, took about 2 % of a CNN step.
  if (operands.accumulate && !swap) copyInto(C as Float64Array, cOffset, rows, cols, ldc, heap, productStart, productStride);

  // Where a(i, k) of the left operand lives: heap[leftStart + ⌊i / 4⌋·aBlock + (i mod 4)·aRow + k·aK].
  const [aBlock, aRow, aK] = packLeft ? [BLOCK * K, 1, BLOCK] : leftTransposed ? [BLOCK, 1, rows] : [BLOCK * K, K, 1];
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = Math.min(KC, K - k0);
    const aStart = leftStart + k0 * aK;
    const bStart = rightStart + k0 * heapLdb;
    if (viaWasm) {
      // The adjacent-rows form takes the step between blocks of four rows where the other takes the step between rows.
      const kernel = aRow === 1 ? wasm!.runAdjacentRows : wasm!.run;
      const aStep = aRow === 1 ? aBlock : aRow;
      kernel(kc, rowBlocks, colBlocks, aStart * 8, aStep * 8, aK * 8, bStart * 8, heapLdb * 8, productStart * 8, productStride * 8);
    } else {
      kernelJs(kc, rowBlocks, colBlocks, heap, aStart, aBlock, aRow, aK, bStart, heapLdb, productStart, productStride);
    }
  }

  if (typeof C === "function") {
    C(heap, productStart, productStride);
  } else if (swap) {
    // The product is Cᵀ (rows = N, cols = M), bias included: written back transposed.
    if (operands.accumulate) {
      for (let j = 0; j < rows; j++) for (let i = 0; i < cols; i++) C[cOffset + i * ldc + j] += heap[productStart + j * productStride + i];
    } else {
      for (let j = 0; j < rows; j++) for (let i = 0; i < cols; i++) C[cOffset + i * ldc + j] = heap[productStart + j * productStride + i];
    }
  } else if (productStride === N && ldc === N) {
    C.set(heap.subarray(productStart, productStart + M * N), cOffset);
  } else {
    for (let i = 0; i < M; i++)
      C.set(heap.subarray(productStart + i * productStride, productStart + i * productStride + N), cOffset + i * ldc);
  }
}

/**
 * Sets the padded product (`paddedRows` rows `stride` apart, of which
 * `rows` × `cols` are the product) to its starting values: the bias, laid
 * along the product's rows or columns (swapped when it computes Cᵀ), and
 * zeros elsewhere. The bias is then in each entry's sum before the first
 * block of k, as the small products put it.
 */
function startProduct(
  heap: Float64Array,
  productStart: number,
  stride: number,
  rows: number,
  cols: number,
  paddedRows: number,
  start: StartValues | null,
  swap: boolean,
): void {
  const end = productStart + paddedRows * stride;
  if (start === null) {
    heap.fill(0, productStart, end);
    return;
  }
  const { values, offset } = start;
  if (start.alongRows !== swap) {
    for (let i = 0; i < rows; i++) heap.fill(values[offset + i], productStart + i * stride, productStart + (i + 1) * stride);
  } else {
    const row = values.subarray(offset, offset + cols);
    for (let i = 0; i < rows; i++) {
      heap.set(row, productStart + i * stride);
      heap.fill(0, productStart + i * stride + cols, productStart + (i + 1) * stride);
    }
  }
  heap.fill(0, productStart + rows * stride, end);
}

/**
 * Products of at most this many multiply-adds skip the heap: the formulas
 * graded on random instances multiply matrices of a few rows, where copying
 * operands into the kernel's memory and back cost more than the product.
 */
const SMALL_PRODUCT = 512;

/**
 * C = op(A)·op(B) (+ the bias, or += with `accumulate`) by plain loops, with
 * the sums the kernels make: each entry's products added in order of k from
 * 0 (K ≤ KC, so in one block), and the total added to the bias, zero or C.
 */
function smallProduct(
  operands: GemmOperands,
  aOffset: number,
  bOffset: number,
  cOffset: number,
  lda: number,
  ldb: number,
  ldc: number,
  start: StartValues | null,
): void {
  const { M, N, K, transA, transB } = operands;
  const A = operands.A as Float64Array;
  const B = operands.B as Float64Array;
  const C = operands.C as Float64Array;
  // Steps between a(i, k) and a(i + 1, k), a(i, k + 1); b(k, j) and b(k + 1, j), b(k, j + 1).
  const aRow = transA ? 1 : lda;
  const aK = transA ? lda : 1;
  const bK = transB ? 1 : ldb;
  const bCol = transB ? ldb : 1;
  const accumulate = operands.accumulate === true;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let total = 0;
      for (let k = 0, a = aOffset + i * aRow, b = bOffset + j * bCol; k < K; k++, a += aK, b += bK) total += A[a] * B[b];
      const at = cOffset + i * ldc + j;
      const bias = start === null ? 0 : start.values[start.offset + (start.alongRows ? i : j)];
      C[at] = (accumulate ? C[at] : bias) + total;
    }
  }
}

/**
 * The row stride of the right operand in the heap, in doubles: its width,
 * plus one cache line when the width is a multiple of 64 doubles. The kernel
 * reads a column block down all the rows of B; rows a multiple of 512 bytes
 * apart fall into a handful of the L1 cache's sets and evict one another
 * (conv2d's 64×64 images make rows of 4096 doubles: twice the time).
 */
function rightRowStride(cols: number): number {
  return cols % 64 === 0 ? cols + 8 : cols;
}

/**
 * Puts an operand, as stored (`rows` rows of `width`, `sourceStride` apart
 * from `offset`), at heap[start], rows `heapStride` apart.
 */
function copyInto(
  operand: Float64Array | OperandWriter,
  offset: number,
  rows: number,
  width: number,
  sourceStride: number,
  heap: Float64Array,
  start: number,
  heapStride: number,
): void {
  if (typeof operand === "function") operand(heap, start, heapStride);
  else if (sourceStride === width && heapStride === width) heap.set(operand.subarray(offset, offset + rows * width), start);
  else
    for (let r = 0; r < rows; r++)
      heap.set(operand.subarray(offset + r * sourceStride, offset + r * sourceStride + width), start + r * heapStride);
}

/**
 * Packs the rows×K matrix at source[offset] (rows `sourceStride` apart) into
 * heap[start] in panels of four rows: panel p holds a(4p + r, k) at
 * 4K·p + 4k + r. A last panel of fewer rows is filled out with zeros.
 */
function packPanels(
  source: Float64Array,
  offset: number,
  rows: number,
  K: number,
  sourceStride: number,
  heap: Float64Array,
  start: number,
): void {
  for (let first = 0; first < rows; first += BLOCK) {
    const panel = start + first * K;
    const s0 = offset + first * sourceStride;
    if (first + BLOCK <= rows) {
      for (let k = 0, to = panel; k < K; k++, to += BLOCK) {
        heap[to] = source[s0 + k];
        heap[to + 1] = source[s0 + sourceStride + k];
        heap[to + 2] = source[s0 + 2 * sourceStride + k];
        heap[to + 3] = source[s0 + 3 * sourceStride + k];
      }
    } else {
      heap.fill(0, panel, panel + BLOCK * K);
      for (let r = 0; first + r < rows; r++) for (let k = 0; k < K; k++) heap[panel + BLOCK * k + r] = source[s0 + r * sourceStride + k];
    }
  }
}

/** An operand (rows×width as stored) as an array a writer writes into: for the one layout the kernel cannot read in place. */
function materialize(operand: OperandWriter, rows: number, width: number): Float64Array {
  const array = new Float64Array(rows * width);
  operand(array, 0, width);
  return array;
}

/**
 * Writes the transpose of the rows×cols matrix at source[offset] (rows
 * `sourceStride` apart) into heap[start] (cols×rows, row-major, rows
 * `heapStride` apart).
 */
function transposeInto(
  source: Float64Array,
  offset: number,
  rows: number,
  cols: number,
  sourceStride: number,
  heap: Float64Array,
  start: number,
  heapStride: number,
): void {
  // Four source rows at a time, so that each written row segment is contiguous.
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const s0 = offset + r * sourceStride;
    for (let c = 0; c < cols; c++) {
      const to = start + c * heapStride + r;
      heap[to] = source[s0 + c];
      heap[to + 1] = source[s0 + sourceStride + c];
      heap[to + 2] = source[s0 + 2 * sourceStride + c];
      heap[to + 3] = source[s0 + 3 * sourceStride + c];
    }
  }
  for (; r < rows; r++) for (let c = 0; c < cols; c++) heap[start + c * heapStride + r] = source[offset + r * sourceStride + c];
}

/**
 * The JavaScript kernel, the same computation as wasm-kernel.ts: for each
 * 4×4 block of the product, Σ_k a(i, k)·b(k, j) in 16 local variables, then
 * added to the padded product. Indices are in doubles; rows 4ib..4ib + 3 of
 * A start at aStart + ib·aBlock, aRow apart.
 */
function kernelJs(
  kc: number,
  rowBlocks: number,
  colBlocks: number,
  heap: Float64Array,
  aStart: number,
  aBlock: number,
  aRow: number,
  aK: number,
  bStart: number,
  ldb: number,
  cStart: number,
  ldc: number,
): void {
  for (let jb = 0; jb < colBlocks; jb++) {
    for (let ib = 0; ib < rowBlocks; ib++) {
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0;
      let c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0;
      let c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      let pa = aStart + ib * aBlock;
      let pb = bStart + jb * BLOCK;
      for (let k = 0; k < kc; k++, pa += aK, pb += ldb) {
        const b0 = heap[pb],
          b1 = heap[pb + 1],
          b2 = heap[pb + 2],
          b3 = heap[pb + 3];
        let x = heap[pa];
        c00 += x * b0;
        c01 += x * b1;
        c02 += x * b2;
        c03 += x * b3;
        x = heap[pa + aRow];
        c10 += x * b0;
        c11 += x * b1;
        c12 += x * b2;
        c13 += x * b3;
        x = heap[pa + 2 * aRow];
        c20 += x * b0;
        c21 += x * b1;
        c22 += x * b2;
        c23 += x * b3;
        x = heap[pa + 3 * aRow];
        c30 += x * b0;
        c31 += x * b1;
        c32 += x * b2;
        c33 += x * b3;
      }
      let c = cStart + ib * BLOCK * ldc + jb * BLOCK;
      heap[c] += c00;
      heap[c + 1] += c01;
      heap[c + 2] += c02;
      heap[c + 3] += c03;
      c += ldc;
      heap[c] += c10;
      heap[c + 1] += c11;
      heap[c + 2] += c12;
      heap[c + 3] += c13;
      c += ldc;
      heap[c] += c20;
      heap[c + 1] += c21;
      heap[c + 2] += c22;
      heap[c + 3] += c23;
      c += ldc;
      heap[c] += c30;
      heap[c + 1] += c31;
      heap[c + 2] += c32;
      heap[c + 3] += c33;
    }
  }
}
