import { AutogradError, AutogradErrorCode, summarize, type LayerSpec } from "../../../grader/autograd";
import { expectRefusedLikePyTorch } from "./expect-error";
import { loadFixture } from "./golden";

interface SummaryStack {
  name: string;
  inputShape: number[];
  layers: LayerSpec[];
  rows: { outputShape: number[]; params: number; denseParams: number | null }[];
  error: { layer: number; message: string } | null;
}

const { stacks: recorded } = loadFixture<{ stacks: SummaryStack[] }>("summarize.json");
// summarize.json predates buffers; its Conv2d, MaxPool2d, Flatten, Linear and ReLU have none in PyTorch.
const stacks = recorded.map((stack) => ({ ...stack, rows: stack.rows.map((row) => ({ ...row, buffers: 0 })) }));

/** The handout's Section 3 stack (PyTorch constructors, camelCase). */
const handoutSection3: LayerSpec[] = [
  { type: "Conv2d", inChannels: 3, outChannels: 16, kernelSize: 3, padding: 1 },
  { type: "MaxPool2d", kernelSize: 2, stride: 2 },
  { type: "Conv2d", inChannels: 16, outChannels: 32, kernelSize: 3 },
  { type: "MaxPool2d", kernelSize: 2, stride: 2, padding: 1 },
  { type: "Conv2d", inChannels: 32, outChannels: 8, kernelSize: 1 },
  { type: "Conv2d", inChannels: 8, outChannels: 4, kernelSize: 5 },
  { type: "Flatten" },
  { type: "Linear", inFeatures: 576, outFeatures: 10 },
];

describe("summarize: the handout's Section 3 table for an (N, 3, 64, 64) input", () => {
  const rows = summarize([2, 3, 64, 64], handoutSection3);

  it("gives every output shape", () => {
    expect(rows.map((r) => r.outputShape)).toEqual([
      [2, 16, 64, 64],
      [2, 16, 32, 32],
      [2, 32, 30, 30],
      [2, 32, 16, 16],
      [2, 8, 16, 16],
      [2, 4, 12, 12],
      [2, 576],
      [2, 10],
    ]);
  });

  it("gives every parameter count", () => {
    expect(rows.map((r) => r.params)).toEqual([448, 0, 4640, 0, 264, 804, 0, 5770]);
  });

  it("gives the fully connected equivalent of each convolution, in·out + out", () => {
    // The handout prints 805306512 for the first convolution; the formula it states
    // gives 12288·65536 + 65536 = 805371904 (PyTorch's shapes agree, see summarize.json),
    // so the computed value is the reference. The other three match the handout.
    expect(rows.map((r) => r.denseParams)).toEqual([805371904, null, 471888000, null, 16779264, 1180224, null, null]);
    expect(12288 * 65536 + 65536).toBe(805371904);
  });

  it("carries a symbolic batch dimension through every layer", () => {
    const symbolic = summarize(["N", 3, 64, 64], handoutSection3);
    expect(symbolic.map((r) => r.outputShape[0])).toEqual(Array(8).fill("N"));
    expect(symbolic.map((r) => r.outputShape.slice(1))).toEqual(rows.map((r) => r.outputShape.slice(1)));
    expect(symbolic.map((r) => r.params)).toEqual(rows.map((r) => r.params));
  });
});

describe("summarize against PyTorch's modules", () => {
  it.each(stacks.map((s) => [s.name, s] as const))("%s: rows agree, and a refused layer is refused", (_name, stack) => {
    if (stack.error === null) {
      expect(summarize(stack.inputShape, stack.layers)).toEqual(stack.rows);
      return;
    }
    // The layers before the refused one summarize as PyTorch ran them.
    expect(summarize(stack.inputShape, stack.layers.slice(0, stack.error.layer))).toEqual(stack.rows);
    expectRefusedLikePyTorch(stack.inputShape, stack.layers, stack.error);
  });
});

describe("summarize refusals", () => {
  const codeOf = (layers: LayerSpec[], input: number[]): AutogradErrorCode | undefined => {
    try {
      summarize(input, layers);
    } catch (error) {
      return (error as AutogradError).code;
    }
    return undefined;
  };

  it("names the kernel and the padded input when the kernel is larger", () => {
    expect(codeOf([{ type: "Conv2d", inChannels: 1, outChannels: 1, kernelSize: 7 }], [1, 1, 5, 6])).toBe(AutogradErrorCode.KernelTooLarge);
    expect(() => summarize([1, 1, 5, 6], [{ type: "Conv2d", inChannels: 1, outChannels: 1, kernelSize: 7 }])).toThrow(
      /layer 0 \(Conv2d\).*\(5 x 6\).*\(7 x 7\)/,
    );
  });

  it("refuses channels that do not match", () => {
    expect(codeOf([{ type: "Conv2d", inChannels: 4, outChannels: 1, kernelSize: 1 }], [1, 3, 5, 5])).toBe(
      AutogradErrorCode.ChannelMismatch,
    );
  });

  it("refuses pooling padding over half the kernel", () => {
    expect(codeOf([{ type: "MaxPool2d", kernelSize: 2, padding: 2 }], [1, 3, 5, 5])).toBe(AutogradErrorCode.PoolPaddingTooLarge);
  });

  it("refuses a pooling output below 1", () => {
    expect(codeOf([{ type: "MaxPool2d", kernelSize: 3 }], [1, 3, 2, 2])).toBe(AutogradErrorCode.OutputTooSmall);
  });

  it("refuses a Linear whose inFeatures differ from the input's last dimension", () => {
    expect(codeOf([{ type: "Linear", inFeatures: 3, outFeatures: 2 }], [5, 4])).toBe(AutogradErrorCode.ChannelMismatch);
  });

  it("refuses a channel count that is not a positive integer, naming it", () => {
    expect(() => summarize([1, 3, 5, 5], [{ type: "Conv2d", inChannels: 3, outChannels: 2.5, kernelSize: 1 }])).toThrow(
      /layer 0 \(Conv2d\): outChannels must be a positive integer, but got 2\.5/,
    );
  });

  it("counts no bias when bias is false", () => {
    expect(summarize([1, 2, 4, 4], [{ type: "Conv2d", inChannels: 2, outChannels: 3, kernelSize: 3, bias: false }])[0].params).toBe(54);
  });
});
