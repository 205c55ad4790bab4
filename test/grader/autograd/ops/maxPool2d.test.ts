import { AutogradError, AutogradErrorCode, functional as F, Tensor, tensor, zeros } from "../../../../grader/autograd";
import type { MaxPool2dOptions } from "../../../../grader/autograd/functional";
import { setGemmKernel } from "../../../../grader/autograd/kernels/gemm";
import { decode, expectMatches, loadFixture, type Encoded } from "../golden";

interface PoolCase {
  options: MaxPool2dOptions;
  note: string;
  input: Encoded;
  grad_output: Encoded;
  output: Encoded;
  grad_input: Encoded;
}

const { cases } = loadFixture<{ cases: PoolCase[] }>("maxPool2d.json");

describe("maxPool2d against PyTorch", () => {
  it.each(cases.map((c) => [`${JSON.stringify(c.input.shape)} ${JSON.stringify(c.options)} (${c.note})`, c] as const))(
    "%s: output and the routing of the gradient agree",
    (_name, c) => {
      const input = decode(c.input, true);
      const output = F.maxPool2d(input, c.options);
      expectMatches(output, c.output);
      output.backward(decode(c.grad_output));
      expectMatches(input.grad, c.grad_input);
    },
  );

  it("includes tie cases and ceil-mode cases among the fixtures", () => {
    expect(cases.filter((c) => c.note.startsWith("ties")).length).toBeGreaterThanOrEqual(4);
    expect(cases.filter((c) => c.options.ceilMode).length).toBeGreaterThanOrEqual(4);
  });
});

describe("maxPool2d conventions", () => {
  it("sends the gradient of a tied window to its first maximum in row-major order", () => {
    const x = tensor(
      [
        [
          [
            [1, 3],
            [3, 2],
          ],
        ],
      ],
      { requiresGrad: true },
    );
    F.maxPool2d(x, { kernelSize: 2 }).sum().backward();
    expect(x.grad!.toArray()).toEqual([
      [
        [
          [0, 1],
          [0, 0],
        ],
      ],
    ]);
  });

  it("adds the gradients of overlapping windows that pick the same position", () => {
    const x = tensor(
      [
        [
          [
            [0, 0, 0],
            [0, 9, 0],
            [0, 0, 0],
          ],
        ],
      ],
      { requiresGrad: true },
    );
    F.maxPool2d(x, { kernelSize: 2, stride: 1 }).sum().backward();
    expect(x.grad!.toArray()).toEqual([
      [
        [
          [0, 0, 0],
          [0, 4, 0],
          [0, 0, 0],
        ],
      ],
    ]);
  });

  it("keeps a partial ceil-mode window that starts inside the input", () => {
    // Size 5, kernel 2, stride 2: floor mode has windows at 0, 2; ceil mode adds one at 4,
    // which covers only the last column.
    const x = zeros([1, 1, 5, 5]);
    expect(F.maxPool2d(x, { kernelSize: 2, stride: 2 }).shape).toEqual([1, 1, 2, 2]);
    expect(F.maxPool2d(x, { kernelSize: 2, stride: 2, ceilMode: true }).shape).toEqual([1, 1, 3, 3]);
    // Size 6, kernel 3, stride 2, padding 1: windows start at −1, 1, 3 and (ceil) 5, inside the input.
    expect(F.maxPool2d(zeros([1, 1, 6, 6]), { kernelSize: 3, stride: 2, padding: 1, ceilMode: true }).shape).toEqual([1, 1, 4, 4]);
  });

  it("drops a ceil-mode window that would start in the right padding", () => {
    // Size 5, kernel 2, stride 3, padding 1: windows start at −1 and 2; ceil rounding asks for a
    // third at 5, which is past the input (in the right padding only), so it is dropped.
    expect(F.maxPool2d(zeros([1, 1, 5, 5]), { kernelSize: 2, stride: 3, padding: 1, ceilMode: true }).shape).toEqual([1, 1, 2, 2]);
    // Size 5, kernel 2, stride 2, padding 1: windows at −1, 1, 3; a fourth would start at 5.
    expect(F.maxPool2d(zeros([1, 1, 5, 5]), { kernelSize: 2, stride: 2, padding: 1, ceilMode: true }).shape).toEqual([1, 1, 3, 3]);
  });

  it("refuses padding over half the (effective) kernel with PoolPaddingTooLarge", () => {
    const attempt = () => F.maxPool2d(zeros([1, 1, 8, 8]), { kernelSize: 3, padding: 2 });
    expect(attempt).toThrow(/pad=2, kernel_size=3 and dilation=1/);
    try {
      attempt();
    } catch (error) {
      expect((error as AutogradError).code).toBe(AutogradErrorCode.PoolPaddingTooLarge);
    }
  });

  it("refuses an output below 1 with OutputTooSmall, giving both sizes", () => {
    const attempt = () => F.maxPool2d(zeros([1, 2, 1, 1]), { kernelSize: 2 });
    expect(attempt).toThrow(/input size: \(2x1x1\)\. Calculated output size: \(2x0x0\)/);
  });
});

describe("maxPool2d with NaN", () => {
  it("propagates NaN and sends the gradient to the last NaN of the window, as PyTorch's CPU kernel", () => {
    const x = tensor(
      [
        [
          [
            [1, NaN],
            [NaN, 2],
          ],
        ],
      ],
      { requiresGrad: true },
    );
    const y = F.maxPool2d(x, { kernelSize: 2 });
    expect(Number.isNaN(y.item())).toBe(true);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([
      [
        [
          [0, 0],
          [1, 0],
        ],
      ],
    ]);
  });
});

describe("maxPool2d's 2×2 windows", () => {
  it("pick the winner of a row-major scan (strictly greater, or NaN) for every window of −∞, 0, 1, +∞ and NaN, ties included", () => {
    const values = [-Infinity, 0, 1, Infinity, NaN];
    const windows: number[][] = [];
    for (const a of values) for (const b of values) for (const c of values) for (const d of values) windows.push([a, b, c, d]);
    // One image two rows high: window w is columns 2w and 2w + 1, taken by the branch-free path.
    const width = 2 * windows.length;
    const data = new Float64Array(2 * width);
    windows.forEach(([a, b, c, d], w) => {
      data.set([a, b], 2 * w);
      data.set([c, d], width + 2 * w);
    });
    const x = new Tensor(data, [1, 1, 2, width], { requiresGrad: true });
    const y = F.maxPool2d(x, { kernelSize: 2 });
    y.sum().backward();
    const grad = x.grad!.data;
    windows.forEach((window, w) => {
      let best = -Infinity;
      let winner = 0;
      window.forEach((value, i) => {
        if (value > best || Number.isNaN(value)) [best, winner] = [value, i];
      });
      const positions = [2 * w, 2 * w + 1, width + 2 * w, width + 2 * w + 1];
      expect(Object.is(y.data[w], best) || (Number.isNaN(y.data[w]) && Number.isNaN(best))).toBe(true);
      expect(positions.map((p) => grad[p])).toEqual(positions.map((_, i) => (i === winner ? 1 : 0)));
    });
  });
});

describe("maxPool2d in WebAssembly and in JavaScript", () => {
  afterEach(() => setGemmKernel("wasm"));

  // Stride 2 pairs windows in WebAssembly (an odd one left over in odd widths); padding and ceil mode leave windows at
  // the edges to JavaScript; stride 1 stays in JavaScript.
  const options: MaxPool2dOptions[] = [
    { kernelSize: 2, stride: 2 },
    { kernelSize: 2, stride: 2, padding: 1 },
    { kernelSize: 2, stride: 2, ceilMode: true },
    { kernelSize: 2, stride: 1 },
  ];
  it.each(options.map((o) => [JSON.stringify(o), o] as const))("give the same maxima, winners and gradients: %s", (_name, o) => {
    // Ties, signed zeros, infinities and NaN among the values, in widths odd and even.
    const values = [-Infinity, -1, -0, 0, 1, 2, Infinity, NaN];
    for (const [height, width] of [
      [9, 11],
      [8, 16],
    ]) {
      const data = Float64Array.from({ length: 2 * 3 * height * width }, (_, i) => values[(i * 7 + ((i * i) % 5)) % values.length]);
      const run = (kernel: "wasm" | "js") => {
        expect(setGemmKernel(kernel)).toBe(kernel);
        const x = new Tensor(data.slice(), [2, 3, height, width], { requiresGrad: true });
        const y = F.maxPool2d(x, o);
        y.mul(tensor(Array.from({ length: y.numel }, (_, i) => i + 1)).reshape(y.shape))
          .sum()
          .backward();
        return { output: Array.from(y.data), grad: Array.from(x.grad!.data) };
      };
      const inWasm = run("wasm");
      const inJs = run("js");
      expect(inWasm.output.map((v, i) => Object.is(v, inJs.output[i]))).not.toContain(false);
      expect(inWasm.grad).toEqual(inJs.grad);
    }
  });
});
