/**
 * The inner loops of gemm.ts in WebAssembly with 128-bit SIMD (two float64
 * lanes per instruction, no bounds checks), assembled here from a readable
 * list of instructions, so the engine keeps no binary blob and no build step.
 * Beside the matrix kernel (in two forms, see gemmBody) the module holds
 * im2col.ts's im2col and col2im and maxPool2d.ts's 2×2 windows, which work on
 * arrays staged in the same memory.
 *
 * What the kernel computes (the same as kernelJs in gemm.ts, in the same order):
 * C[i, j] += Σ_{k < kc} a(i, k)·b(k, j) for i < 4·rowBlocks, j < 4·colBlocks,
 * where, in bytes, a(i, k) is at aPtr + i·aRowStride + k·aKStride (so A may
 * be row-major or transposed, read in place), b(k, j) at
 * bPtr + k·bKStride + 8j (row-major: four adjacent columns are two v128
 * loads), and C[i, j] at cPtr + i·cRowStride + 8j. Each 4×4 block of C is
 * held in eight f64x2 registers for the whole k loop, then added to memory.
 *
 * Memory is imported, so the JavaScript side copies operands straight in.
 */

// ----------------------------------------------------------------- encoding
function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

function signedLeb(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

const utf8 = (text: string) => [...unsignedLeb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];
const vector = (items: number[][]) => [...unsignedLeb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...unsignedLeb(body.length), ...body];

const I32 = 0x7f;
const V128 = 0x7b;

/** The instructions used, by their names in the WebAssembly text format. */
const op = {
  localGet: (i: number) => [0x20, ...unsignedLeb(i)],
  localSet: (i: number) => [0x21, ...unsignedLeb(i)],
  localTee: (i: number) => [0x22, ...unsignedLeb(i)],
  i32Const: (v: number) => [0x41, ...signedLeb(v)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Eq: [0x46],
  i32And: [0x71],
  i32Mul: [0x6c],
  i32LtU: [0x49],
  i32LtS: [0x48],
  i32GeS: [0x4e],
  i32Shl: [0x74],
  i32Load: (offset: number) => [0x28, 2, ...unsignedLeb(offset)],
  f64Load: (offset: number) => [0x2b, 3, ...unsignedLeb(offset)],
  f64Store: (offset: number) => [0x39, 3, ...unsignedLeb(offset)],
  f64Zero: [0x44, 0, 0, 0, 0, 0, 0, 0, 0],
  f64Add: [0xa0],
  block: [0x02, 0x40], // a block with no result
  loop: [0x03, 0x40], // a loop with no result
  if: [0x04, 0x40],
  else: [0x05],
  br: (depth: number) => [0x0c, ...unsignedLeb(depth)],
  brIf: (depth: number) => [0x0d, ...unsignedLeb(depth)],
  end: [0x0b],
  // SIMD: prefix 0xfd, then the opcode as unsigned LEB128, then a memarg (log2 alignment, offset).
  v128Load: (offset: number) => [0xfd, 0x00, 4, ...unsignedLeb(offset)],
  v128Load64Splat: (offset: number) => [0xfd, 0x0a, 3, ...unsignedLeb(offset)],
  v128Store: (offset: number) => [0xfd, 0x0b, 4, ...unsignedLeb(offset)],
  v128Zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  f64x2Add: [0xfd, ...unsignedLeb(240)],
  f64x2Mul: [0xfd, ...unsignedLeb(242)],
  i32Store: (offset: number) => [0x36, 2, ...unsignedLeb(offset)],
  /** A vector of the bytes `lanes` (0–15 from the first operand, 16–31 from the second). */
  i8x16Shuffle: (lanes: number[]) => [0xfd, 0x0d, ...lanes],
  i32x4Splat: [0xfd, 0x11],
  i32x4ExtractLane: (lane: number) => [0xfd, 0x1b, lane],
  i32x4ReplaceLane: (lane: number) => [0xfd, 0x1c, lane],
  i32x4Add: [0xfd, ...unsignedLeb(174)],
  f64x2Ne: [0xfd, ...unsignedLeb(72)],
  f64x2Gt: [0xfd, ...unsignedLeb(74)],
  v128And: [0xfd, ...unsignedLeb(78)],
  v128Or: [0xfd, ...unsignedLeb(80)],
  v128Bitselect: [0xfd, ...unsignedLeb(82)], // (where the mask is set, otherwise, mask)
};

// --------------------------------------------------------------- assembly
/** A function's code as it is written, with the shorthands every function below uses. */
function assembler() {
  const code: number[][] = [];
  const emit = (...instructions: number[][]) => code.push(...instructions);
  /** local += the value `by` leaves on the stack. */
  const add = (local: number, by: number[]) => emit(op.localGet(local), by, op.i32Add, op.localSet(local));
  return { code, emit, add };
}

/** A function body: its locals (count, type) after the parameters, then its code, with its length in front. */
function functionBody(locals: [count: number, type: number][], code: number[][]): number[] {
  const body = [...vector(locals.map(([count, type]) => [...unsignedLeb(count), type])), ...code.flat()];
  return [...unsignedLeb(body.length), ...body];
}

// ------------------------------------------------------------- gemm kernel
// Parameters (i32, byte addresses and strides).
const KC = 0,
  ROW_BLOCKS = 1,
  COL_BLOCKS = 2,
  A_PTR = 3,
  A_ROW = 4,
  A_K = 5,
  B_PTR = 6,
  B_K = 7,
  C_PTR = 8,
  C_ROW = 9;
const PARAMS = 10;
// Locals: loop counters and running pointers (i32), then accumulators and operands (v128).
const JP = 10,
  IP = 11,
  K = 12,
  PA = 13,
  PB = 17,
  PC = 18; // PA .. PA + 3: one pointer per row of A
const I32_LOCALS = 9;
const ACC = 19; // ACC + 2r holds C[r, 0..1] of the block, ACC + 2r + 1 holds C[r, 2..3]
const B01 = 27,
  B23 = 28,
  A_SPLAT = 29;
const V128_LOCALS = 11;

/**
 * With `adjacentRows` the kernel is only for an A whose rows come in
 * fours of adjacent doubles: a(4·ip + r, k) at aPtr + ip·aBlockStride +
 * 8r + k·aKStride (A stored transposed, or packed in panels of four rows;
 * its fifth parameter is then aBlockStride). It reads a(4·ip..4·ip + 3, k)
 * through one pointer: three pointer updates fewer for every k, which made
 * the kernel 7–15 % quicker on the CNN's shapes (BENCHMARKS.md).
 */
function gemmBody(adjacentRows: boolean): number[] {
  const { code, emit, add: increment } = assembler();

  emit(op.i32Const(0), op.localSet(JP));
  emit(op.loop); // over column blocks
  {
    emit(op.i32Const(0), op.localSet(IP));
    emit(op.loop); // over row blocks
    {
      // PA + r = aPtr + (4·ip + r)·aRowStride (adjacent rows: PA = aPtr + ip·aBlockStride); PB = bPtr + 32·jp.
      if (adjacentRows) emit(op.localGet(A_PTR), op.localGet(IP), op.localGet(A_ROW), op.i32Mul, op.i32Add, op.localSet(PA));
      else emit(op.localGet(A_PTR), op.localGet(IP), op.i32Const(4), op.i32Mul, op.localGet(A_ROW), op.i32Mul, op.i32Add, op.localSet(PA));
      if (!adjacentRows) for (let r = 1; r < 4; r++) emit(op.localGet(PA + r - 1), op.localGet(A_ROW), op.i32Add, op.localSet(PA + r));
      emit(op.localGet(B_PTR), op.localGet(JP), op.i32Const(32), op.i32Mul, op.i32Add, op.localSet(PB));
      for (let i = 0; i < 8; i++) emit(op.v128Zero, op.localSet(ACC + i));
      emit(op.localGet(KC), op.localSet(K));
      emit(op.loop); // over k, counting down
      {
        emit(op.localGet(PB), op.v128Load(0), op.localSet(B01));
        emit(op.localGet(PB), op.v128Load(16), op.localSet(B23));
        for (let r = 0; r < 4; r++) {
          emit(adjacentRows ? op.localGet(PA) : op.localGet(PA + r), op.v128Load64Splat(adjacentRows ? 8 * r : 0), op.localSet(A_SPLAT));
          emit(op.localGet(ACC + 2 * r), op.localGet(A_SPLAT), op.localGet(B01), op.f64x2Mul, op.f64x2Add, op.localSet(ACC + 2 * r));
          emit(
            op.localGet(ACC + 2 * r + 1),
            op.localGet(A_SPLAT),
            op.localGet(B23),
            op.f64x2Mul,
            op.f64x2Add,
            op.localSet(ACC + 2 * r + 1),
          );
          if (!adjacentRows) increment(PA + r, op.localGet(A_K));
        }
        if (adjacentRows) increment(PA, op.localGet(A_K));
        increment(PB, op.localGet(B_K));
        emit(op.localGet(K), op.i32Const(1), op.i32Sub, op.localTee(K), op.brIf(0));
      }
      emit(op.end);
      // C block += accumulators; PC walks the block's four rows.
      emit(op.localGet(C_PTR), op.localGet(IP), op.i32Const(4), op.i32Mul, op.localGet(C_ROW), op.i32Mul, op.i32Add);
      emit(op.localGet(JP), op.i32Const(32), op.i32Mul, op.i32Add, op.localSet(PC));
      for (let r = 0; r < 4; r++) {
        for (const half of [0, 1]) {
          emit(
            op.localGet(PC),
            op.localGet(PC),
            op.v128Load(16 * half),
            op.localGet(ACC + 2 * r + half),
            op.f64x2Add,
            op.v128Store(16 * half),
          );
        }
        increment(PC, op.localGet(C_ROW));
      }
      emit(op.localGet(IP), op.i32Const(1), op.i32Add, op.localTee(IP), op.localGet(ROW_BLOCKS), op.i32LtU, op.brIf(0));
    }
    emit(op.end);
    emit(op.localGet(JP), op.i32Const(1), op.i32Add, op.localTee(JP), op.localGet(COL_BLOCKS), op.i32LtU, op.brIf(0));
  }
  emit(op.end);
  emit(op.end); // end of function

  return functionBody(
    [
      [I32_LOCALS, I32],
      [V128_LOCALS, V128],
    ],
    code,
  );
}

// ---------------------------------------------------------- im2col, col2im
// The loops of im2col.ts's im2col and col2im over one band, on an image and
// a segment table put in this memory (gemm.ts withStagedArrays).
// Parameters (i32): the table's byte address (pixel[], then first[] and
// end[], COUNT entries each), COUNT, outHeight, the band's ohStart and
// ohEnd, outWidth, the image's and the columns' byte addresses, the columns'
// row stride and column step in bytes (8 for rows of adjacent doubles; a
// row stride of 8 writes the transpose), and the image's column stride in
// doubles. im2col writes the columns (zeros where they fall in the
// padding); col2im adds each column onto the pixel it was read from.
const T_PIXEL = 0,
  T_COUNT = 1,
  OUT_H = 2,
  OH_START = 3,
  OH_END = 4,
  OUT_W = 5,
  IMAGE = 6,
  COLS = 7,
  COLS_ROW = 8,
  COL_STEP = 9,
  SW = 10;
const IM2COL_PARAMS = 11;
const T_FIRST = 11,
  T_END = 12,
  S0 = 13,
  S = 14,
  S_END = 15,
  SEGMENT = 16,
  LO = 17,
  HI = 18,
  AT = 19,
  FROM = 20,
  ROW_START = 21,
  PX = 22,
  CONTIGUOUS = 23,
  TO = 24,
  TO_END = 25;
const IM2COL_LOCALS = 15;

function segmentsBody(direction: "im2col" | "col2im"): number[] {
  const { code, emit, add } = assembler();
  /** while (local < limit) { body } — a block around a loop, leaving at the top. */
  const whileBelow = (local: number, limit: number, body: () => void) => {
    emit(op.block, op.loop, op.localGet(local), op.localGet(limit), op.i32GeS, op.brIf(1));
    body();
    emit(op.br(0), op.end, op.end);
  };
  /** The address of entry S of the table at `base`. */
  const entry = (base: number) => emit(op.localGet(base), op.localGet(S), op.i32Const(2), op.i32Shl, op.i32Add, op.i32Load(0));
  const storeZeroUntil = (limit: number) =>
    whileBelow(AT, limit, () => {
      emit(op.localGet(SEGMENT), op.localGet(AT), op.localGet(COL_STEP), op.i32Mul, op.i32Add, op.f64Zero, op.f64Store(0));
      add(AT, op.i32Const(1));
    });

  emit(op.localGet(T_PIXEL), op.localGet(T_COUNT), op.i32Const(2), op.i32Shl, op.i32Add, op.localTee(T_FIRST));
  emit(op.localGet(T_COUNT), op.i32Const(2), op.i32Shl, op.i32Add, op.localSet(T_END));
  emit(op.i32Const(0), op.localSet(S0), op.localGet(COLS), op.localSet(ROW_START));
  // Segments whose columns are adjacent doubles (a column step of 8 bytes) and read adjacent pixels (stride 1):
  // im2col copies them, and col2im adds them, two doubles to an instruction.
  emit(op.localGet(COL_STEP), op.i32Const(8), op.i32Eq, op.localGet(SW), op.i32Const(1), op.i32Eq, op.i32And, op.localSet(CONTIGUOUS));
  whileBelow(S0, T_COUNT, () => {
    // One row of the column matrix: segments S0 + ohStart .. S0 + ohEnd.
    emit(op.localGet(S0), op.localGet(OH_START), op.i32Add, op.localSet(S));
    emit(op.localGet(S0), op.localGet(OH_END), op.i32Add, op.localSet(S_END));
    emit(op.localGet(ROW_START), op.localSet(SEGMENT));
    whileBelow(S, S_END, () => {
      entry(T_PIXEL);
      emit(op.localSet(PX));
      entry(T_FIRST);
      emit(op.localSet(LO));
      entry(T_END);
      emit(op.localSet(HI));
      // A segment in a row of padding is zeros throughout: copy nothing.
      emit(op.localGet(PX), op.i32Const(0), op.i32LtS, op.if, op.localGet(OUT_W), op.localTee(LO), op.localSet(HI), op.end);
      emit(op.localGet(IMAGE), op.localGet(PX), op.i32Const(3), op.i32Shl, op.i32Add, op.localSet(FROM));
      const column = [...op.localGet(SEGMENT), ...op.localGet(AT), ...op.localGet(COL_STEP), ...op.i32Mul, ...op.i32Add];
      const oneAtATime = () => {
        emit(direction === "im2col" ? op.i32Const(0) : op.localGet(LO), op.localSet(AT));
        if (direction === "im2col") storeZeroUntil(LO);
        whileBelow(AT, HI, () => {
          if (direction === "im2col") emit(column, op.localGet(FROM), op.f64Load(0), op.f64Store(0));
          else emit(op.localGet(FROM), op.localGet(FROM), op.f64Load(0), column, op.f64Load(0), op.f64Add, op.f64Store(0));
          add(FROM, [...op.localGet(SW), ...op.i32Const(3), ...op.i32Shl]);
          add(AT, op.i32Const(1));
        });
        if (direction === "im2col") storeZeroUntil(OUT_W);
      };
      /** The address of column `at` of the segment, in bytes. */
      const columnAt = (at: number) => [...op.localGet(SEGMENT), ...op.localGet(at), ...op.i32Const(3), ...op.i32Shl, ...op.i32Add];
      /** Columns [lo, hi) of the segment and the pixels from FROM: 16 bytes at a time, then the odd one. */
      const twoAtATime = (pair: () => void, single: () => void) => {
        emit(columnAt(LO), op.localSet(TO), columnAt(HI), op.localSet(TO_END));
        emit(op.block, op.loop, op.localGet(TO_END), op.localGet(TO), op.i32Sub, op.i32Const(16), op.i32LtS, op.brIf(1));
        pair();
        add(TO, op.i32Const(16));
        add(FROM, op.i32Const(16));
        emit(op.br(0), op.end, op.end);
        emit(op.localGet(TO), op.localGet(TO_END), op.i32LtU, op.if);
        single();
        emit(op.end);
      };
      emit(op.localGet(CONTIGUOUS), op.if);
      if (direction === "im2col") {
        emit(op.i32Const(0), op.localSet(AT));
        storeZeroUntil(LO);
        // None in a row of padding (lo = hi), whose pixel (−1) is no address.
        twoAtATime(
          () => emit(op.localGet(TO), op.localGet(FROM), op.v128Load(0), op.v128Store(0)),
          () => emit(op.localGet(TO), op.localGet(FROM), op.f64Load(0), op.f64Store(0)),
        );
        emit(op.localGet(HI), op.localSet(AT));
        storeZeroUntil(OUT_W);
      } else {
        twoAtATime(
          () => emit(op.localGet(FROM), op.localGet(FROM), op.v128Load(0), op.localGet(TO), op.v128Load(0), op.f64x2Add, op.v128Store(0)),
          () => emit(op.localGet(FROM), op.localGet(FROM), op.f64Load(0), op.localGet(TO), op.f64Load(0), op.f64Add, op.f64Store(0)),
        );
      }
      emit(op.else);
      oneAtATime();
      emit(op.end);
      add(SEGMENT, [...op.localGet(OUT_W), ...op.localGet(COL_STEP), ...op.i32Mul]);
      add(S, op.i32Const(1));
    });
    add(S0, op.localGet(OUT_H));
    add(ROW_START, op.localGet(COLS_ROW));
  });
  emit(op.end); // end of function

  return functionBody([[IM2COL_LOCALS, I32]], code);
}

// ------------------------------------------------------- 2×2 max pooling
// maxPool2d.ts's pool2x2Row on a staged image, two windows at a time, with
// no branch: `pairs` pairs of adjacent 2×2 windows of stride 2 along one
// row, the first window's top left at byte `IN` (input index FIRST), the
// row below ROW bytes after. Each window's maximum goes to OUT (doubles)
// and the input index it came from to WINNERS (i32s). The rule is the
// row-major scan's: a value replaces the running maximum only if strictly
// greater or NaN; each comparison's mask then selects values and indices.
const P_IN = 0,
  P_ROW = 1,
  P_PAIRS = 2,
  P_OUT = 3,
  P_WINNERS = 4,
  P_FIRST = 5,
  P_WIDTH = 6;
const POOL_PARAMS = 7;
const P_BELOW = 7; // IN + ROW
const POOL_I32_LOCALS = 1;
// v128 locals: window indices, index offsets, the four corners and the steps' results.
const V_INDEX = 8,
  V_ONE = 9,
  V_DOWN = 10,
  V_DOWN_RIGHT = 11,
  V_A = 12,
  V_B = 13,
  V_C = 14,
  V_D = 15,
  V_MASK = 16,
  V_TOP = 17,
  V_TOP_AT = 18,
  V_BOTTOM = 19,
  V_BOTTOM_AT = 20,
  V_PAIR = 21;
const POOL_V128_LOCALS = 14;

function pool2x2Body(): number[] {
  const { code, emit, add } = assembler();
  // Indices are i32x4 lanes 0 and 2 (the low halves of the two f64x2 lanes, whose masks select them); lanes 1 and 3
  // come along unread.
  const splat = (local: number, value: number[]) => emit(value, op.i32x4Splat, op.localSet(local));
  splat(V_ONE, op.i32Const(1));
  splat(V_DOWN, op.localGet(P_WIDTH));
  splat(V_DOWN_RIGHT, [...op.localGet(P_WIDTH), ...op.i32Const(1), ...op.i32Add]);
  // Window 2i starts at FIRST + 4i (lane 0), window 2i + 1 at FIRST + 4i + 2 (lane 2).
  splat(V_INDEX, op.localGet(P_FIRST));
  emit(op.localGet(V_INDEX), op.localGet(P_FIRST), op.i32Const(2), op.i32Add, op.i32x4ReplaceLane(2), op.localSet(V_INDEX));
  emit(op.localGet(P_IN), op.localGet(P_ROW), op.i32Add, op.localSet(P_BELOW));
  /** The left and right corners of two windows, from four adjacent doubles at `at`. */
  const corners = (at: number, left: number, right: number) => {
    emit(
      op.localGet(at),
      op.v128Load(0),
      op.localTee(V_PAIR),
      op.localGet(at),
      op.v128Load(16),
      op.i8x16Shuffle([0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]),
      op.localSet(left),
    );
    emit(
      op.localGet(V_PAIR),
      op.localGet(at),
      op.v128Load(16),
      op.i8x16Shuffle([8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31]),
      op.localSet(right),
    );
  };
  /** MASK = (later > earlier) or later is NaN: where `later` replaces `earlier`. */
  const replaces = (earlier: number, later: number) =>
    emit(
      op.localGet(later),
      op.localGet(earlier),
      op.f64x2Gt,
      op.localGet(later),
      op.localGet(later),
      op.f64x2Ne,
      op.v128Or,
      op.localSet(V_MASK),
    );
  const select = (where: number[], otherwise: number[], into: number) =>
    emit(where, otherwise, op.localGet(V_MASK), op.v128Bitselect, op.localSet(into));

  emit(op.block, op.loop, op.localGet(P_PAIRS), op.i32Const(1), op.i32LtS, op.brIf(1));
  corners(P_IN, V_A, V_B);
  corners(P_BELOW, V_C, V_D);
  replaces(V_A, V_B);
  select(op.localGet(V_B), op.localGet(V_A), V_TOP);
  emit(op.localGet(V_ONE), op.localGet(V_MASK), op.v128And, op.localSet(V_TOP_AT)); // 1 where b won, else 0
  replaces(V_C, V_D);
  select(op.localGet(V_D), op.localGet(V_C), V_BOTTOM);
  select(op.localGet(V_DOWN_RIGHT), op.localGet(V_DOWN), V_BOTTOM_AT);
  replaces(V_TOP, V_BOTTOM);
  emit(op.localGet(P_OUT), op.localGet(V_BOTTOM), op.localGet(V_TOP), op.localGet(V_MASK), op.v128Bitselect, op.v128Store(0));
  select(op.localGet(V_BOTTOM_AT), op.localGet(V_TOP_AT), V_PAIR);
  emit(op.localGet(V_PAIR), op.localGet(V_INDEX), op.i32x4Add, op.localSet(V_PAIR));
  emit(op.localGet(P_WINNERS), op.localGet(V_PAIR), op.i32x4ExtractLane(0), op.i32Store(0));
  emit(op.localGet(P_WINNERS), op.localGet(V_PAIR), op.i32x4ExtractLane(2), op.i32Store(4));
  emit(op.localGet(V_INDEX), op.i32Const(4), op.i32x4Splat, op.i32x4Add, op.localSet(V_INDEX));
  add(P_IN, op.i32Const(32));
  add(P_BELOW, op.i32Const(32));
  add(P_OUT, op.i32Const(16));
  add(P_WINNERS, op.i32Const(8));
  add(P_PAIRS, op.i32Const(-1));
  emit(op.br(0), op.end, op.end);
  emit(op.end); // end of function

  return functionBody(
    [
      [POOL_I32_LOCALS, I32],
      [POOL_V128_LOCALS, V128],
    ],
    code,
  );
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const i32Params = (count: number) => [0x60, ...vector(new Array(count).fill([I32])), ...vector([])];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, vector([i32Params(PARAMS), i32Params(IM2COL_PARAMS), i32Params(POOL_PARAMS)])), // types: (i32 ×10), (i32 ×11), (i32 ×7) → ()
    ...section(2, vector([[...utf8("env"), ...utf8("memory"), 0x02, 0x00, ...unsignedLeb(1)]])), // import memory, min 1 page
    ...section(3, vector([[0], [0], [1], [1], [2]])), // five functions, of types 0, 0, 1, 1 and 2
    ...section(
      7,
      vector([
        [...utf8("kernel"), 0x00, 0],
        [...utf8("kernelAdjacentRows"), 0x00, 1],
        [...utf8("im2col"), 0x00, 2],
        [...utf8("col2im"), 0x00, 3],
        [...utf8("pool2x2"), 0x00, 4],
      ]),
    ), // exported by these names
    ...section(10, vector([gemmBody(false), gemmBody(true), segmentsBody("im2col"), segmentsBody("col2im"), pool2x2Body()])),
  ]);
}

export interface WasmKernel {
  /** Float64 view of the whole memory; replaced when the memory grows. */
  heap: Float64Array;
  /** Makes the memory at least `doubles` float64s long; false if it cannot grow that far. */
  reserve(doubles: number): boolean;
  /** Byte addresses and strides; see the file comment. */
  run(
    kc: number,
    rowBlocks: number,
    colBlocks: number,
    aPtr: number,
    aRowStride: number,
    aKStride: number,
    bPtr: number,
    bKStride: number,
    cPtr: number,
    cRowStride: number,
  ): void;
  /** `run` for an A whose rows come in fours of adjacent doubles, quicker: its aRowStride is aBlockStride, see gemmBody. */
  runAdjacentRows: WasmKernel["run"];
  /** im2col.ts's im2col on staged arrays; byte addresses and strides, see im2colBody. */
  im2col(
    table: number,
    count: number,
    outHeight: number,
    ohStart: number,
    ohEnd: number,
    outWidth: number,
    image: number,
    columns: number,
    columnsRowStride: number,
    columnsColumnStep: number,
    imageColumnStride: number,
  ): void;
  /** im2col.ts's col2im on staged arrays, with the same parameters as im2col. */
  col2im: WasmKernel["im2col"];
  /** maxPool2d.ts's 2×2 windows of stride 2 along a row, two at a time, on a staged image; see pool2x2Body. */
  pool2x2(input: number, rowBytes: number, pairs: number, output: number, winners: number, firstIndex: number, width: number): void;
}

/** The compiled kernel, or null where WebAssembly SIMD is unavailable (then gemm uses JavaScript). */
export function createWasmKernel(): WasmKernel | null {
  try {
    const bytes = moduleBytes();
    if (typeof WebAssembly === "undefined" || !WebAssembly.validate(bytes)) return null;
    const memory = new WebAssembly.Memory({ initial: 16 }); // 1 MB, grown on demand
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    const run = instance.exports.kernel as WasmKernel["run"];
    const runAdjacentRows = instance.exports.kernelAdjacentRows as WasmKernel["run"];
    const im2col = instance.exports.im2col as WasmKernel["im2col"];
    const col2im = instance.exports.col2im as WasmKernel["col2im"];
    const pool2x2 = instance.exports.pool2x2 as WasmKernel["pool2x2"];
    const kernel: WasmKernel = {
      heap: new Float64Array(memory.buffer),
      reserve(doubles: number) {
        const needed = doubles * 8;
        if (needed <= memory.buffer.byteLength) return true;
        try {
          memory.grow(Math.ceil((needed - memory.buffer.byteLength) / 65536));
        } catch {
          return false; // past the engine's limit for this memory
        }
        kernel.heap = new Float64Array(memory.buffer);
        return true;
      },
      run,
      runAdjacentRows,
      im2col,
      col2im,
      pool2x2,
    };
    return kernel;
  } catch {
    return null;
  }
}
