import { convGeometry, type ConvGeometryOptions } from "../../../../grader/autograd/geometry";
import { gemm, setGemmKernel } from "../../../../grader/autograd/kernels/gemm";
import { col2im, im2col, segmentTable, withImageColumns, type RowBand } from "../../../../grader/autograd/kernels/im2col";
import { createRng } from "../../../../grader/autograd";

const rng = createRng(7);

afterEach(() => setGemmKernel("wasm"));

/** The K×K identity: gemm(identity, writer) is the band the writer wrote into gemm's own memory, exactly. */
function identity(K: number): Float64Array {
  const matrix = new Float64Array(K * K);
  for (let i = 0; i < K; i++) matrix[i * K + i] = 1;
  return matrix;
}

function transpose(matrix: Float64Array, rows: number, cols: number): Float64Array {
  return Float64Array.from({ length: rows * cols }, (_, i) => matrix[(i % rows) * cols + Math.floor(i / rows)]);
}

/**
 * An image of `channels` × `height` × `width` random values inside a longer array, at an offset, as one image of a
 * batch sits, with its convolution's geometry and segment table.
 */
function imageCase(channels: number, height: number, width: number, options: ConvGeometryOptions) {
  const g = convGeometry(height, width, options, "conv2d");
  const table = segmentTable({ channels, height, width }, g);
  const offset = 5;
  const length = channels * height * width;
  const images = Float64Array.from({ length: offset + length + 3 }, () => rng.normal());
  return { g, table, offset, length, images, K: table.pixel.length / g.outHeight };
}

describe("an image's column matrix for conv2d, in WebAssembly or JavaScript", () => {
  // Padding on either side, strides, dilation, rows of pure padding, and a kernel as wide as the image.
  const cases: [string, number, number, number, ConvGeometryOptions][] = [
    ["3×3, padding 1", 3, 9, 8, { kernelSize: 3, padding: 1 }],
    ["3×3, no padding", 16, 12, 12, { kernelSize: 3 }],
    ["stride 2, padding 2", 2, 11, 10, { kernelSize: 3, stride: 2, padding: 2 }],
    ["dilation 2, asymmetric 'same'", 2, 7, 9, { kernelSize: [2, 4], padding: "same", dilation: 2 }],
    ["1×5 stride (1, 3)", 1, 5, 17, { kernelSize: [1, 5], stride: [1, 3] }],
    ["kernel as wide as the image", 2, 4, 4, { kernelSize: 4, padding: 3 }],
    // Rows of 33 adjacent columns: WebAssembly moves them two doubles at a time, and the odd one last.
    ["rows of 33, stride 1", 2, 5, 35, { kernelSize: 3 }],
  ];

  it.each(cases)(
    "is written into gemm's memory band by band, as stored and transposed, as im2col writes it: %s",
    (_name, channels, height, width, options) => {
      const { g, table, offset, length, images, K } = imageCase(channels, height, width, options);
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
          const productOfTranspose = new Float64Array(bandWidth * K).fill(NaN);
          withImageColumns(images, offset, length, table, g, null, ({ columnsOf }) => {
            gemm({ transA: false, transB: false, M: K, N: bandWidth, K, A: identity(K), B: columnsOf(band), C: product });
            // As B stored transposed: the writer writes the transpose, which gemm would otherwise make itself.
            gemm({
              transA: false,
              transB: true,
              M: bandWidth,
              N: K,
              K: bandWidth,
              A: identity(bandWidth),
              B: columnsOf(band),
              C: productOfTranspose,
            });
          });
          expect(product).toEqual(expected);
          expect(productOfTranspose).toEqual(transpose(expected, K, bandWidth));
        }
      }
    },
  );

  it.each(cases)(
    "adds each band's gradient, read from gemm's product, onto the image's as col2im does: %s",
    (_name, channels, height, width, options) => {
      const { g, table, offset, length, images, K } = imageCase(channels, height, width, options);
      // Two bands that split the output rows, as conv2d's bands do; the gradient already holds something to add to.
      const half = Math.max(1, Math.floor(g.outHeight / 2));
      const bands: RowBand[] = [{ ohStart: 0, ohEnd: half }, ...(half < g.outHeight ? [{ ohStart: half, ohEnd: g.outHeight }] : [])];
      const gradColumns = bands.map((band) =>
        Float64Array.from({ length: K * (band.ohEnd - band.ohStart) * g.outWidth }, () => rng.normal()),
      );
      const before = Float64Array.from({ length: offset + length + 3 }, () => rng.normal());
      const expected = before.slice();
      bands.forEach((band, i) => col2im(gradColumns[i], table, g, expected, offset, band));
      for (const kernel of ["wasm", "js"] as const) {
        expect(setGemmKernel(kernel)).toBe(kernel);
        const gradImage = before.slice();
        // Each band's gradient is the product gemm computed, read where gemm left it.
        withImageColumns(images, offset, length, table, g, gradImage, ({ gradientOf }) =>
          bands.forEach((band, i) => {
            const bandWidth = (band.ohEnd - band.ohStart) * g.outWidth;
            gemm({ transA: false, transB: false, M: K, N: bandWidth, K, A: identity(K), B: gradColumns[i], C: gradientOf(band) });
          }),
        );
        expect(gradImage).toEqual(expected);
      }
    },
  );
});

describe("segment tables", () => {
  it("are built once per shape and reused, and differ wherever the geometry does", () => {
    const layout = { channels: 2, height: 7, width: 9 };
    const table = (options: ConvGeometryOptions) => segmentTable(layout, convGeometry(7, 9, options, "conv2d"));
    const shapes: ConvGeometryOptions[] = [
      { kernelSize: 3 },
      { kernelSize: 3, padding: 1 },
      { kernelSize: 3, stride: 2 },
      { kernelSize: 3, dilation: 2 },
      { kernelSize: [3, 2] },
    ];
    const tables = shapes.map(table);
    shapes.forEach((options, i) => expect(table(options)).toBe(tables[i]));
    expect(new Set(tables).size).toBe(shapes.length);
    expect(segmentTable({ ...layout, channels: 3 }, convGeometry(7, 9, shapes[0], "conv2d"))).not.toBe(tables[0]);
  });
});
