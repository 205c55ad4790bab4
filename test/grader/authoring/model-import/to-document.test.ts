import { summarize, type Dim } from "@/grader/autograd";
import { compileDocument, problemDocumentSchema } from "@/grader/authoring";
import { modelToDocument, ModelImportErrorCode, type ModelImportOptions } from "@/grader/authoring/model-import";
import { buildVariant, gradePart, validateProblem } from "@/grader/problems";
import { importErrorOf } from "./import-error";

/** A small CNN as print(model) shows it: padding on the first convolution, stride 2 on the second. */
const PRINTED_CNN = `SmallNet(
  (features): Sequential(
    (0): Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
    (1): ReLU(inplace=True)
    (2): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
    (3): Conv2d(16, 32, kernel_size=(3, 3), stride=(2, 2))
    (4): ReLU(inplace=True)
  )
  (flatten): Flatten(start_dim=1, end_dim=-1)
  (classifier): Linear(in_features=1568, out_features=10, bias=True)
)`;

/** LeNet-5 as print(model) shows it, on 28×28 digits. */
const PRINTED_LENET = `LeNet(
  (conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))
  (relu1): ReLU()
  (pool1): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
  (conv2): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))
  (relu2): ReLU()
  (pool2): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
  (flatten): Flatten(start_dim=1, end_dim=-1)
  (fc1): Linear(in_features=256, out_features=120, bias=True)
  (relu3): ReLU()
  (fc2): Linear(in_features=120, out_features=84, bias=True)
  (relu4): ReLU()
  (fc3): Linear(in_features=84, out_features=10, bias=True)
)`;

/** A small VGG-like stack written as code is, with products for the features. */
const SEQUENTIAL_VGG = `nn.Sequential(
  nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
  nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
  nn.Flatten(), nn.Linear(64 * 8 * 8, 128), nn.ReLU(), nn.Linear(128, 10),
)`;

const SEQUENTIAL_MLP = "nn.Sequential(nn.Linear(784, 128), nn.Tanh(), nn.Linear(128, 128, bias=False), nn.Sigmoid(), nn.Linear(128, 10))";

const MODELS: [string, ModelImportOptions][] = [
  ["a printed CNN", { model: PRINTED_CNN, inputShape: "(1, 3, 32, 32)" }],
  ["a Sequential MLP", { model: SEQUENTIAL_MLP, inputShape: "(N, 784)" }],
  ["a printed LeNet-5", { model: PRINTED_LENET, inputShape: "(1, 1, 28, 28)" }],
  [
    "an embedding, an LSTM and a Transformer encoder layer",
    {
      model:
        "nn.Sequential(nn.Embedding(1000, 32), nn.LSTM(32, 64, batch_first=True), " +
        "nn.TransformerEncoderLayer(64, 4, dim_feedforward=128, batch_first=True), nn.Linear(64, 5))",
      inputShape: "(N, 20)",
    },
  ],
  ["a VGG-like Sequential with products for the features", { model: SEQUENTIAL_VGG, inputShape: "(8, 3, 32, 32)" }],
  [
    "a Sequential CNN with 'same' padding, a strided pool and a rectangular input",
    {
      model: `nn.Sequential(
        nn.Conv2d(1, 8, 5, padding='same'), nn.ReLU(),
        nn.MaxPool2d(3, stride=2, padding=1),
        nn.Conv2d(8, 8, kernel_size=3, bias=False), nn.Flatten(), nn.Linear(768, 2),
      )`,
      inputShape: "(2, 1, 28, 20)",
    },
  ],
];

describe("modelToDocument", () => {
  it("makes seed 0 the pasted model: every reference is the engine's table on the pasted sizes", () => {
    const { document } = modelToDocument({ model: PRINTED_CNN, inputShape: "(1, 3, 32, 32)" });
    const variant = buildVariant(compileDocument(document), 0);
    const table = summarize(["N", 3, 32, 32] as Dim[], [
      { type: "Conv2d", inChannels: 3, outChannels: 16, kernelSize: 3, padding: 1 },
      { type: "ReLU" },
      { type: "MaxPool2d", kernelSize: 2 },
      { type: "Conv2d", inChannels: 16, outChannels: 32, kernelSize: 3, stride: 2 },
      { type: "ReLU" },
      { type: "Flatten" },
      { type: "Linear", inFeatures: 1568, outFeatures: 10 },
    ]);
    const reference = (id: string) => variant.parts.find((part) => part.id === id)!.reference;
    table.forEach((row, i) => {
      expect(reference(`a.${i + 1}`)).toEqual(row.outputShape);
      expect(reference(`b.${i + 1}`)).toBe(row.params);
    });
    expect([reference("b.1"), reference("b.4"), reference("b.7")]).toEqual([448, 4640, 15690]);
    expect(reference("b.1.dense")).toBe(3 * 32 * 32 * 16 * 32 * 32 + 16 * 32 * 32);
    expect([reference("a.1.h"), reference("a.3.h"), reference("a.4.h")]).toEqual([32, 16, 7]);
    expect(variant.parts.map((part) => part.id)).toEqual([
      "a.1",
      "a.1.h",
      "b.1",
      "b.1.dense",
      "a.2",
      "b.2",
      "a.3",
      "a.3.h",
      "b.3",
      "a.4",
      "a.4.h",
      "b.4",
      "b.4.dense",
      "a.5",
      "b.5",
      "a.6",
      "b.6",
      "a.7",
      "b.7",
    ]);
    expect(variant.public.statement).toContain("1. `Conv2d(in_channels=3, out_channels=16, kernel_size=3, stride=1, padding=1)`");
    expect(variant.public.statement).toContain("7. `Linear(in_features=1568, out_features=10)`");
  });

  it("draws channels, features and the input size within ±50 % of the pasted values, one draw per pasted width", () => {
    const { document } = modelToDocument({ model: PRINTED_CNN, inputShape: "(1, 3, 32, 32)" });
    expect(document.dimensions).toEqual({
      C: { min: 2, max: 5, description: "input channels" },
      S: { min: 16, max: 48, description: "input height and width" },
      c16: { min: 8, max: 24, description: "channels" },
      c32: { min: 16, max: 48, description: "channels" },
      f10: { min: 5, max: 15, description: "features" },
    });
    expect(document.handout).toEqual({ dimensions: { C: 3, S: 32, c16: 16, c32: 32, f10: 10 } });
    expect(document.networks!.net.layers[3]).toEqual({ type: "Conv2d", inChannels: "c16", outChannels: "c32", kernelSize: 3, stride: 2 });
    const narrow = modelToDocument({ model: PRINTED_CNN, inputShape: "(1, 3, 32, 32)", spread: 0.25 }).document;
    expect(narrow.dimensions!.c16).toEqual({ min: 12, max: 20, description: "channels" });
    expect(modelToDocument({ model: PRINTED_CNN, inputShape: "(1, 3, 32, 32)", spread: 0 }).document.dimensions).toBeUndefined();
  });

  it("gives the known mistakes their values: padding ignored, stride ignored, bias forgotten, and the dense-equivalent confusion", () => {
    const variant = buildVariant(compileDocument(modelToDocument({ model: PRINTED_CNN, inputShape: "(1, 3, 32, 32)" }).document), 0);
    const mistakeOf = (part: string, answer: string | number) => {
      const result = gradePart(variant, part, answer);
      return result.status === "graded" ? [result.score, result.mistakeId] : [result.status];
    };
    expect(mistakeOf("a.1.h", 30)).toEqual([0, "ignored-padding"]);
    expect(mistakeOf("a.4.h", 14)).toEqual([0, "ignored-stride"]);
    expect(mistakeOf("a.3.h", 31)).toEqual([0, "ignored-stride"]);
    expect(mistakeOf("b.1", 3 * 16 * 9)).toEqual([0, "no-bias"]);
    expect(mistakeOf("b.7", 1568 * 10)).toEqual([0, "no-bias"]);
    expect(mistakeOf("b.1", 3 * 32 * 32 * 16 * 32 * 32 + 16 * 32 * 32)).toEqual([0, "dense-for-conv"]);
    expect(mistakeOf("b.1.dense", 448)).toEqual([0, "conv-for-dense"]);
    expect(mistakeOf("b.1.dense", 3 * 32 * 32 * 16 * 32 * 32)).toEqual([0, "no-bias"]);
    expect(mistakeOf("b.4", "16*32*3*3 + 32")).toEqual([1, undefined]);
    expect(mistakeOf("a.4", "(N, 32, 7, 7)")).toEqual([1, undefined]);
  });

  it("asks no output shape of a layer that keeps the input's shape, which students see, and draws other layers' channels distinct from the input's", () => {
    const model = "nn.Sequential(nn.ReLU(), nn.Conv2d(3, 3, 3, padding=1), nn.Conv2d(3, 4, 3, padding=1), nn.Conv2d(4, 3, 1))";
    const { document, notes } = modelToDocument({ model, inputShape: "(1, 3, 16, 16)" });
    expect(document.parts.filter((part) => part.answer.kind === "shape").map((part) => part.id)).toEqual(["a.3"]);
    expect(notes).toEqual(["Layers 1, 2 and 4 keep the input's shape, which students see among their parameters: no part asks for it."]);
    // The input's 3 channels and every later width of 3 are one dimension, C; the 4 channels are drawn apart from it.
    expect(document.networks!.net.layers[1]).toEqual({ type: "Conv2d", inChannels: "C", outChannels: "C", kernelSize: 3, padding: 1 });
    expect(document.constraints).toEqual([{ kind: "distinct", dimensions: ["C", "c4"] }]);
    expect(validateProblem(compileDocument(document), 50).failures).toEqual([]);
  });

  it.each(MODELS)("makes %s into a document that passes the schema, compiles and validates on 50 seeds", (_name, options) => {
    const { document } = modelToDocument(options);
    expect(problemDocumentSchema.safeParse(document).success).toBe(true);
    const problem = compileDocument(document);
    expect(validateProblem(problem, 50).failures).toEqual([]);
  });

  it("names an unsupported layer, with where it is and what to do", () => {
    const error = importErrorOf(() =>
      modelToDocument({ model: "nn.Sequential(\n  nn.Conv2d(3, 8, 3),\n  nn.Upsample(scale_factor=2),\n)", inputShape: "(1, 3, 8, 8)" }),
    );
    expect(error.code).toBe(ModelImportErrorCode.UnsupportedLayer);
    expect(error.position).toEqual({ line: 3, column: 3 });
    expect(error.message).toMatch(
      /^line 3, column 3: layer 2, Upsample: unsupported layer "Upsample": Chainrule's shape tables know Conv2d, .*\. Remove or replace this layer\.$/,
    );
  });

  it("treats __import__('os') as an unknown layer", () => {
    const error = importErrorOf(() => modelToDocument({ model: "nn.Sequential(__import__('os'))", inputShape: "(1, 4)" }));
    expect(error.code).toBe(ModelImportErrorCode.UnsupportedLayer);
    expect(error.message).toContain("layer 1, __import__:");
  });

  it("names an argument the layer does not take", () => {
    const error = importErrorOf(() => modelToDocument({ model: "nn.Linear(4, 2, biass=False)", inputShape: "(1, 4)" }));
    expect([error.code, error.message]).toEqual([
      ModelImportErrorCode.UnsupportedLayer,
      expect.stringContaining('layer 1, Linear: unknown argument "biass" (Linear takes in_features, out_features, bias, device, dtype)'),
    ]);
  });

  it("refuses layers that do not fit the input shape, naming the layer from 1 and pointing at its line", () => {
    const error = importErrorOf(() => modelToDocument({ model: PRINTED_CNN, inputShape: "(1, 1, 32, 32)" }));
    expect(error.code).toBe(ModelImportErrorCode.DoesNotFit);
    expect(error.position).toEqual({ line: 3, column: 10 });
    expect(error.message).toContain("the layers do not fit the input shape (N, 1, 32, 32): layer 1, Conv2d: ");
  });

  it.each([
    [
      "nn.Conv2d(3, 100000, 3)",
      "(1, 3, 8, 8)",
      ModelImportErrorCode.TooLarge,
      "a size of 100000 (channels): a problem's sizes are at most 4096",
    ],
    ["nn.Linear(4, 1e300)", "(1, 4)", ModelImportErrorCode.TooLarge, "a size of 1e+300 (features)"],
    ["nn.Conv2d(3, 8, 3)", "(1, 3, 100000, 100000)", ModelImportErrorCode.TooLarge, "a size of 100000 (input height and width)"],
    [
      "nn.Conv2d(3, 8, None)",
      "(1, 3, 8, 8)",
      ModelImportErrorCode.UnsupportedLayer,
      "layer 1, Conv2d: kernel_size must be a whole number or a pair of them, but got None",
    ],
    [
      "nn.Conv2d(3, 8, 'a')",
      "(1, 3, 8, 8)",
      ModelImportErrorCode.UnsupportedLayer,
      "layer 1, Conv2d: kernel_size must be a whole number or a pair of them, but got 'a'",
    ],
    ["nn.MaxPool2d(9)", "(1, 3, 8, 8)", ModelImportErrorCode.DoesNotFit, "layer 1, MaxPool2d: "],
    ["nn.Sequential(nn.LSTM(16, 8), nn.Flatten(0))", "(2, 8, 16)", ModelImportErrorCode.DoesNotFit, "layer 2, Flatten: cannot flatten"],
    ["nn.Linear(__proto__=[1])", "(1, 4)", ModelImportErrorCode.UnsupportedLayer, 'layer 1, Linear: unknown argument "__proto__"'],
    ["constructor()", "(1, 4)", ModelImportErrorCode.UnsupportedLayer, 'layer 1, constructor: unsupported layer "constructor"'],
  ])("refuses %s on %s with a ModelImportError, never another error", (model, inputShape, code, message) => {
    const error = importErrorOf(() => modelToDocument({ model, inputShape }));
    expect([error.code, error.message]).toEqual([code, expect.stringContaining(message)]);
  });

  it("states the other layers summarize knows: batch norm (with its buffers as a known mistake), dropout, pooling, rectangles", () => {
    const model = `nn.Sequential(
      nn.Conv2d(3, 16, (3, 5), padding=(1, 2), bias=False), nn.BatchNorm2d(16), nn.GELU(), nn.Dropout(0.1),
      nn.Conv2d(16, 16, 3, groups=16, padding='same', dilation=2), nn.AvgPool2d(2, ceil_mode=True), nn.AdaptiveAvgPool2d((2, 2)),
      nn.Flatten(), nn.Linear(64, 10))`;
    const { document } = modelToDocument({ model, inputShape: "(1, 3, 32, 32)" });
    expect(document.networks!.net.layers.slice(0, 2)).toEqual([
      { type: "Conv2d", inChannels: "C", outChannels: "c16", kernelSize: [3, 5], padding: [1, 2], bias: false },
      { type: "BatchNorm2d", numFeatures: "c16" },
    ]);
    // Depthwise: the groups follow the drawn channels.
    expect(document.networks!.net.layers[4]).toMatchObject({ inChannels: "c16", outChannels: "c16", groups: "c16", padding: "same" });
    const variant = buildVariant(compileDocument(document), 0);
    const result = gradePart(variant, "b.2", 32 + 16 * 2 + 1);
    expect(result.status === "graded" && [result.score, result.mistakeId]).toEqual([0, "buffers-counted"]);
    expect(variant.parts.find((part) => part.id === "b.2")!.reference).toBe(32);
    expect(validateProblem(compileDocument(document), 50).failures).toEqual([]);
  });

  it("refuses, by name, what drawn sizes could not follow, and states it with the range set to 0", () => {
    const grouped = "nn.Sequential(nn.Conv2d(4, 8, 3, groups=2))";
    const error = importErrorOf(() => modelToDocument({ model: grouped, inputShape: "(1, 4, 8, 8)" }));
    expect([error.code, error.message]).toEqual([
      ModelImportErrorCode.NotExpressible,
      "layer 1, Conv2d: groups=2, which drawn channels would rarely divide by. Set the range of sizes to 0 (every student gets the pasted model), or change the model.",
    ]);
    const fixed = modelToDocument({ model: grouped, inputShape: "(1, 4, 8, 8)", spread: 0 }).document;
    expect(fixed.networks!.net.layers[0]).toEqual({ type: "Conv2d", inChannels: 4, outChannels: 8, kernelSize: 3, groups: 2 });
    expect(validateProblem(compileDocument(fixed), 50).failures).toEqual([]);
    const afterFlatten = "nn.Sequential(nn.Conv2d(3, 4, 3), nn.Flatten(), nn.LayerNorm(144))";
    expect(importErrorOf(() => modelToDocument({ model: afterFlatten, inputShape: "(1, 3, 8, 8)" })).message).toContain(
      "layer 3, LayerNorm: its input's size after a Flatten cannot follow the drawn sizes",
    );
  });

  it("refuses a model whose parts would exceed a problem's, after dropping parameter-free layers' parameter parts", () => {
    const wide = "nn.Sequential(nn.Conv2d(4, 8, 3, padding=1), " + "nn.Conv2d(8, 8, 3, padding=1), ".repeat(12) + ")";
    const error = importErrorOf(() => modelToDocument({ model: wide, inputShape: "(1, 4, 8, 8)" }));
    expect([error.code, error.message]).toEqual([ModelImportErrorCode.TooLarge, expect.stringContaining("would make 52 parts")]);
    const withActivations =
      "nn.Sequential(nn.Conv2d(4, 8, 3, padding=1), nn.ReLU(), " + "nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(), ".repeat(8) + ")";
    const { document, notes } = modelToDocument({ model: withActivations, inputShape: "(1, 4, 8, 8)" });
    expect(document.parts.length).toBe(9 * 5);
    expect(notes).toEqual(["Layers without parameters have no parameter part, to keep within the number of parts a problem may have."]);
  });
});
