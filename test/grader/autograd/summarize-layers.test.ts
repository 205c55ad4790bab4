import { pytorchConstructor, summarize, type LayerSpec } from "../../../grader/autograd";
import { expectRefusedLikePyTorch } from "./expect-error";
import { loadFixture } from "./golden";

/** A stack of summarize_layers.json: PyTorch built every layer from `constructors`, the engine's own text. */
interface LayerStack {
  name: string;
  inputShape: number[];
  layers: LayerSpec[];
  constructors: string[];
  rows: { outputShape: number[]; params: number; buffers: number }[];
  error: { layer: number; message: string } | null;
}

const { stacks } = loadFixture<{ torch: string; stacks: LayerStack[] }>("summarize_layers.json");

const table = (inputShape: number[], layers: LayerSpec[]) =>
  summarize(inputShape, layers).map(({ outputShape, params, buffers }) => ({ outputShape, params, buffers }));

describe("summarize against PyTorch 2.13's modules, every layer", () => {
  it.each(stacks.map((s) => [s.name, s] as const))("%s: shapes, parameters and buffers agree", (_name, stack) => {
    const accepted = stack.error === null ? stack.layers : stack.layers.slice(0, stack.error.layer);
    expect(table(stack.inputShape, accepted)).toEqual(
      stack.rows.map(({ outputShape, params, buffers }) => ({ outputShape, params, buffers })),
    );
  });

  it.each(stacks.filter((s) => s.error !== null).map((s) => [s.name, s] as const))(
    "%s: refused at the layer PyTorch refuses, with PyTorch's numbers",
    (_name, stack) => expectRefusedLikePyTorch(stack.inputShape, stack.layers, stack.error!),
  );

  it.each(stacks.map((s) => [s.name, s] as const))("%s: the constructor text PyTorch built from is the engine's", (_name, stack) => {
    expect(stack.layers.map(pytorchConstructor)).toEqual(stack.constructors);
  });
});

describe("summarize with symbolic sizes", () => {
  it("carries a symbolic batch and sequence length through an LSTM and a Linear", () => {
    const rows = summarize(
      ["L", "N", 10],
      [
        { type: "LSTM", inputSize: 10, hiddenSize: 20, numLayers: 2, bidirectional: true },
        { type: "Linear", inFeatures: 40, outFeatures: 3 },
      ],
    );
    expect(rows.map((r) => r.outputShape)).toEqual([
      ["L", "N", 40],
      ["L", "N", 3],
    ]);
    // Layer 1: 2·(4·20·10 + 4·20·20 + 2·4·20); layer 2 reads 2·20 inputs: 2·(4·20·40 + 4·20·20 + 2·4·20).
    expect(rows[0].params).toBe(2 * (800 + 1600 + 160) + 2 * (3200 + 1600 + 160));
  });

  it("embeds a symbolic batch of sequences", () => {
    expect(summarize(["N", 12], [{ type: "Embedding", numEmbeddings: 100, embeddingDim: 8 }])[0]).toEqual({
      outputShape: ["N", 12, 8],
      params: 800,
      buffers: 0,
      denseParams: null,
    });
  });

  it("refuses a symbolic size where the layer computes with it", () => {
    expect(() => summarize([2, "C", 8, 8], [{ type: "BatchNorm2d", numFeatures: 3 }])).toThrow(
      /layer 0 \(BatchNorm2d\): size "C" at dimension 1 .* must be a number/,
    );
  });
});

describe("summarize's parameter formulas", () => {
  it("counts MultiheadAttention as 4E² + 4E with bias and 4E² without", () => {
    const params = (bias: boolean) => summarize([3, 2, 32], [{ type: "MultiheadAttention", embedDim: 32, numHeads: 4, bias }])[0].params;
    expect(params(true)).toBe(4 * 32 * 32 + 4 * 32);
    expect(params(false)).toBe(4 * 32 * 32);
  });

  it("counts BatchNorm2d's running statistics as buffers, not parameters", () => {
    const [row] = summarize([2, 16, 4, 4], [{ type: "BatchNorm2d", numFeatures: 16 }]);
    expect([row.params, row.buffers]).toEqual([32, 33]);
  });
});

describe("summarize refuses a symbolic size that a layer would merge", () => {
  it("names the symbol Flatten cannot multiply", () => {
    expect(() => summarize(["N", "L", 8], [{ type: "Flatten" }])).toThrow(
      /layer 0 \(Flatten\): cannot flatten the symbolic size in \[L, 8\]/,
    );
    expect(summarize(["N", "L", 8], [{ type: "Flatten", startDim: 2 }])[0].outputShape).toEqual(["N", "L", 8]);
  });
});
