import { gemm, setGemmKernel } from "../../../../grader/autograd/kernels/gemm";
import { createRng } from "../../../../grader/autograd";

/** C = op(A)·op(B) by the textbook triple loop, the reference for the blocked kernel. */
function naive(transA: boolean, transB: boolean, M: number, N: number, K: number, A: Float64Array, B: Float64Array): Float64Array {
  const C = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let total = 0;
      for (let k = 0; k < K; k++) total += (transA ? A[k * M + i] : A[i * K + k]) * (transB ? B[j * K + k] : B[k * N + j]);
      C[i * N + j] = total;
    }
  }
  return C;
}

const rng = createRng(11);
const randomArray = (n: number) => Float64Array.from({ length: n }, () => rng.normal());

afterAll(() => setGemmKernel("wasm"));

describe.each(["wasm", "js"] as const)("gemm, the blocked matrix product, with the %s micro-kernel", (kernel) => {
  beforeAll(() => {
    // Node has WebAssembly SIMD, so both kernels are really exercised here.
    expect(setGemmKernel(kernel)).toBe(kernel);
  });

  // Sizes straddle the 4×4 register block and the 256-deep k block; products 128 or more columns wide have their
  // left operand packed in panels of four rows (the last one short here).
  const sizes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 7],
    [4, 4, 4],
    [9, 6, 300],
    [17, 2, 513],
    [2, 33, 1],
    [7, 130, 300],
    [130, 6, 20],
  ];
  const flags: [boolean, boolean][] = [
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ];

  it.each(sizes.flatMap(([M, N, K]) => flags.map(([ta, tb]) => [M, N, K, ta, tb] as const)))(
    "M=%i N=%i K=%i transA=%s transB=%s: agrees with the triple loop to 1e-13 relative",
    (M, N, K, transA, transB) => {
      const A = randomArray(M * K);
      const B = randomArray(K * N);
      const C = new Float64Array(M * N).fill(NaN); // overwritten, not accumulated
      gemm({ transA, transB, M, N, K, A, B, C });
      const expected = naive(transA, transB, M, N, K, A, B);
      // Sums of K products of O(1) terms: rounding grows like √K·1e-16.
      const scale = expected.reduce((max, v) => Math.max(max, Math.abs(v)), 1);
      const worst = expected.reduce((max, v, i) => Math.max(max, Math.abs(C[i] - v)), 0);
      expect(worst).toBeLessThanOrEqual(1e-13 * scale);
    },
  );

  // Small products (plain loops), the kernel's product computed directly and as Cᵀ (M < N with B stored transposed),
  // K past one k block, and K = 0 (the bias alone).
  const biasSizes: [number, number, number][] = [
    [3, 6, 5],
    [6, 40, 30],
    [40, 6, 30],
    [5, 7, 300],
    [2, 4, 0],
  ];

  it.each(flags.flatMap(([transA, transB]) => (["row", "column"] as const).map((along) => [along, transA, transB] as const)))(
    "adds a bias along each %s of the product, computed directly or transposed, transA=%s transB=%s",
    (along, transA, transB) => {
      for (const [M, N, K] of biasSizes) {
        const A = randomArray(M * K);
        const B = randomArray(K * N);
        // Offsets into a longer array, as conv2d's groups use them.
        const bias = randomArray((along === "row" ? M : N) + 2);
        const C = new Float64Array(M * N).fill(NaN);
        const start = along === "row" ? { rowBias: bias, rowBiasOffset: 2 } : { columnBias: bias, columnBiasOffset: 2 };
        gemm({ transA, transB, M, N, K, A, B, C, ...start });
        const biasOf = (i: number) => bias[2 + (along === "row" ? Math.floor(i / N) : i % N)];
        naive(transA, transB, M, N, K, A, B).forEach((v, i) => expect(C[i]).toBeCloseTo(v + biasOf(i), 12));
      }
    },
  );

  it("ignores the bias when accumulating, and refuses a row and a column bias together", () => {
    const [M, N, K] = [6, 40, 30];
    const A = randomArray(M * K);
    const B = randomArray(N * K);
    const C = new Float64Array(M * N).fill(1);
    gemm({ transA: false, transB: true, M, N, K, A, B, C, accumulate: true, columnBias: randomArray(N) });
    naive(false, true, M, N, K, A, B).forEach((v, i) => expect(C[i]).toBeCloseTo(v + 1, 12));
    const both = () => gemm({ transA: false, transB: false, M, N, K, A, B, C, rowBias: randomArray(M), columnBias: randomArray(N) });
    expect(both).toThrow("a row bias and a column bias together");
  });

  it.each(flags)("hands the product, not Cᵀ, to a product reader, transA=%s transB=%s", (transA, transB) => {
    const [M, N, K] = [3, 6, 5]; // M < N: with B stored transposed, an array C would get Cᵀ computed
    const A = randomArray(M * K);
    const B = randomArray(K * N);
    const read: number[] = [];
    gemm({
      transA,
      transB,
      M,
      N,
      K,
      A,
      B,
      C: (heap, start, rowStride) => {
        for (let i = 0; i < M; i++) read.push(...heap.subarray(start + i * rowStride, start + i * rowStride + N));
      },
    });
    naive(transA, transB, M, N, K, A, B).forEach((v, i) => expect(read[i]).toBeCloseTo(v, 13));
    expect(() => gemm({ transA, transB, M, N, K, A, B, C: () => {}, accumulate: true })).toThrow("cannot accumulate");
  });

  it.each(flags)("gives exactly the triple loop's sums while K ≤ 256, small products and large, transA=%s transB=%s", (transA, transB) => {
    // Up to 512 multiply-adds a product skips the kernel (plain loops); above, the kernel: the same sums either way.
    for (const [M, N, K] of [
      [2, 3, 4],
      [8, 8, 8],
      [9, 10, 11],
      [13, 7, 256],
      [6, 129, 256],
    ]) {
      const A = randomArray(M * K);
      const B = randomArray(K * N);
      const C = new Float64Array(M * N);
      gemm({ transA, transB, M, N, K, A, B, C });
      expect(C).toEqual(naive(transA, transB, M, N, K, A, B));
    }
  });

  it("accumulates into C at an offset, leaving the rest of the array alone", () => {
    const A = randomArray(6);
    const B = randomArray(6);
    const C = new Float64Array(2 + 4).fill(1);
    gemm({ transA: false, transB: false, M: 2, N: 2, K: 3, A, B, C, cOffset: 2, accumulate: true });
    const expected = naive(false, false, 2, 2, 3, A, B);
    expect(C[0]).toBe(1);
    expect(C[1]).toBe(1);
    expected.forEach((v, i) => expect(C[2 + i]).toBeCloseTo(1 + v, 14));
  });

  it.each(flags)(
    "adds the kernel's product onto C as C + the triple loop's sum, exactly, while K ≤ 256, transA=%s transB=%s",
    (transA, transB) => {
      // Narrow and wide (its left operand packed); with B stored transposed and M < N the product is computed as Cᵀ.
      for (const [M, N, K] of [
        [9, 10, 11],
        [6, 130, 40],
      ]) {
        const A = randomArray(M * K);
        const B = randomArray(K * N);
        const before = randomArray(M * N);
        const C = before.slice();
        gemm({ transA, transB, M, N, K, A, B, C, accumulate: true });
        const sums = naive(transA, transB, M, N, K, A, B);
        expect(C).toEqual(before.map((c, i) => c + sums[i]));
      }
    },
  );

  it("accumulates a product computed transposed (B stored transposed, M < N)", () => {
    const A = randomArray(2 * 3);
    const B = randomArray(5 * 3);
    const C = new Float64Array(2 * 5).fill(2);
    gemm({ transA: false, transB: true, M: 2, N: 5, K: 3, A, B, C, accumulate: true });
    naive(false, true, 2, 5, 3, A, B).forEach((v, i) => expect(C[i]).toBeCloseTo(2 + v, 14));
  });

  it("grows its scratch memory for a product larger than the initial 1 MB", () => {
    const n = 300; // three 300×300 operands need about 2 MB
    const A = randomArray(n * n);
    const B = randomArray(n * n);
    const C = new Float64Array(n * n);
    gemm({ transA: false, transB: false, M: n, N: n, K: n, A, B, C });
    const expected = naive(false, false, n, n, n, A, B);
    const worst = expected.reduce((max, v, i) => Math.max(max, Math.abs(C[i] - v) / Math.max(1, Math.abs(v))), 0);
    expect(worst).toBeLessThanOrEqual(1e-12);
  });

  // A small product (plain loops) and a wide one (the kernel, its left operand packed).
  const blockSizes: [number, number, number][] = [
    [3, 5, 4],
    [6, 131, 9],
  ];
  it.each(blockSizes.flatMap((size) => flags.map(([transA, transB]) => [...size, transA, transB] as const)))(
    "reads A and B and writes C as blocks of wider matrices (lda, ldb, ldc), M=%i N=%i K=%i transA=%s transB=%s",
    (M, N, K, transA, transB) => {
      // The product cut out of stored matrices two columns wider than the block, at offset 1.
      const extra = 2;
      const aRows = transA ? K : M;
      const aWidth = transA ? M : K;
      const bRows = transB ? N : K;
      const bWidth = transB ? K : N;
      const A = randomArray(aRows * (aWidth + extra) + 1);
      const B = randomArray(bRows * (bWidth + extra) + 1);
      const block = (array: Float64Array, rows: number, width: number) =>
        Float64Array.from({ length: rows * width }, (_, i) => array[1 + Math.floor(i / width) * (width + extra) + (i % width)]);
      const C = new Float64Array(M * (N + extra) + 1).fill(7);
      gemm({
        transA,
        transB,
        M,
        N,
        K,
        A,
        aOffset: 1,
        lda: aWidth + extra,
        B,
        bOffset: 1,
        ldb: bWidth + extra,
        C,
        cOffset: 1,
        ldc: N + extra,
      });
      const expected = naive(transA, transB, M, N, K, block(A, aRows, aWidth), block(B, bRows, bWidth));
      for (let i = 0; i < M; i++) {
        for (let j = 0; j < N + extra; j++) {
          const value = C[1 + i * (N + extra) + j];
          if (j < N) expect(value).toBeCloseTo(expected[i * N + j], 13);
          else expect(value).toBe(7); // the gaps between C's rows are left alone
        }
      }
      expect(C[0]).toBe(7);
    },
  );

  it("multiplies by a right operand 64 columns wide (its rows padded apart in scratch memory)", () => {
    const [M, N, K] = [5, 128, 9];
    const A = randomArray(M * K);
    const B = randomArray(K * N);
    const C = new Float64Array(M * N);
    gemm({ transA: false, transB: false, M, N, K, A, B, C });
    const expected = naive(false, false, M, N, K, A, B);
    expected.forEach((v, i) => expect(C[i]).toBeCloseTo(v, 13));
  });

  it("reads A and B at offsets", () => {
    const A = randomArray(10);
    const B = randomArray(10);
    const C = new Float64Array(4);
    gemm({ transA: false, transB: false, M: 2, N: 2, K: 2, A, aOffset: 3, B, bOffset: 5, C });
    expect(Array.from(C)).toEqual(Array.from(naive(false, false, 2, 2, 2, A.slice(3, 7), B.slice(5, 9))));
  });
});

describe("the two micro-kernels", () => {
  // A stored transposed, or packed for a product 128 or more columns wide, takes WebAssembly's other form of the
  // kernel (rows adjacent).
  it.each([
    [false, 23],
    [true, 23],
    [false, 150],
  ])("give bit-identical products (same sums in the same order), transA=%s N=%i", (transA, N) => {
    const A = randomArray(37 * 300);
    const B = randomArray(300 * N);
    const products = (["wasm", "js"] as const).map((kernel) => {
      setGemmKernel(kernel);
      const C = new Float64Array(37 * N);
      gemm({ transA, transB: false, M: 37, N, K: 300, A, B, C });
      return Array.from(C);
    });
    setGemmKernel("wasm");
    expect(products[0]).toEqual(products[1]);
  });
});
