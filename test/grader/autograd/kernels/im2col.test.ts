import { convGeometry, type ConvGeometryOptions } from "../../../../grader/autograd/geometry";
import { gemm, setGemmKernel } from "../../../../grader/autograd/kernels/gemm";
import { im2col, segmentTable, withColumnWriters, type RowBand } from "../../../../grader/autograd/kernels/im2col";
import { createRng } from "../../../../grader/autograd";

const rng = createRng(7);

afterEach(() => setGemmKernel("wasm"));

/** The K×K identity: gemm(identity, writer) is the band the writer wrote into gemm's own memory, exactly. */
function identity(K: number): Float64Array {
  const matrix = new Float64Array(K * K);
  for (let i = 0; i < K; i++) matrix[i * K + i] = 1;
  return matrix;
}

describe("the column writers gemm calls for conv2d", () => {
  // Padding on either side, strides, dilation, rows of pure padding, and a kernel as wide as the image.
  const cases: [string, number, number, number, ConvGeometryOptions][] = [
    ["3×3, padding 1", 3, 9, 8, { kernelSize: 3, padding: 1 }],
    ["3×3, no padding", 16, 12, 12, { kernelSize: 3 }],
    ["stride 2, padding 2", 2, 11, 10, { kernelSize: 3, stride: 2, padding: 2 }],
    ["dilation 2, asymmetric 'same'", 2, 7, 9, { kernelSize: [2, 4], padding: "same", dilation: 2 }],
    ["1×5 stride (1, 3)", 1, 5, 17, { kernelSize: [1, 5], stride: [1, 3] }],
    ["kernel as wide as the image", 2, 4, 4, { kernelSize: 4, padding: 3 }],
  ];

  it.each(cases)(
    "write into gemm's memory, WebAssembly or JavaScript, the bands im2col writes: %s",
    (_name, channels, height, width, options) => {
      const g = convGeometry(height, width, options, "conv2d");
      const table = segmentTable({ channels, height, width }, g);
      // The image sits inside a longer array, at an offset, as one image of a batch does.
      const offset = 5;
      const images = Float64Array.from({ length: offset + channels * height * width + 3 }, () => rng.normal());
      const K = table.pixel.length / g.outHeight;
      const bands: RowBand[] = [
        { ohStart: 0, ohEnd: g.outHeight },
        { ohStart: Math.floor(g.outHeight / 2), ohEnd: g.outHeight },
      ];
      for (const band of bands) {
        const bandWidth = (band.ohEnd - band.ohStart) * g.outWidth;
        const expected = new Float64Array(K * bandWidth);
        im2col(images, offset, table, g, expected, 0, band);
        for (const kernel of ["wasm", "js"] as const) {
          expect(setGemmKernel(kernel)).toBe(kernel);
          const product = new Float64Array(K * bandWidth).fill(NaN);
          withColumnWriters(images, offset, channels * height * width, table, g, (columnsOf) =>
            gemm({ transA: false, transB: false, M: K, N: bandWidth, K, A: identity(K), B: columnsOf(band), C: product }),
          );
          expect(product).toEqual(expected);
        }
      }
    },
  );
});
