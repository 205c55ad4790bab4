import { summarize, type Dim, type LayerSpec } from "@/grader/autograd";
import { compileDocument, DocumentErrorCode, type DocumentParams, type ProblemDocumentInput } from "@/grader/authoring";
import { buildVariant, gradeSubmission, validateProblem } from "@/grader/problems";
import { documentErrorOf } from "./documents";

/**
 * A document with the layers of Sections 09 and 10: a CNN with batch norm
 * (an image input) and a sequence stack of self-attention, layer norm and a
 * bidirectional LSTM on an (L, N, E) input whose L and N are symbols.
 */
function sequenceDocument(): ProblemDocumentInput {
  return {
    slug: "norm-and-sequence-document",
    title: "Batch norm, attention and an LSTM, as a document",
    statement: "The image stack:\n\n{{cnn}}\n\nThe sequence stack, on {{seq.input}}:\n\n{{seq}}",
    dimensions: {
      C: { oneOf: [2, 4] },
      c1: { oneOf: [8, 16] },
      k: { min: 2, max: 3 },
      classes: { oneOf: [10, 12] },
      E: { oneOf: [16, 32] },
      heads: { oneOf: [2, 4] },
      // 2H never equals E: the LSTM's output shape must not be the input shape the statement shows.
      H: { min: 9, max: 12 },
    },
    networks: {
      cnn: {
        input: ["N", "C", 28, 28],
        layers: [
          { type: "Conv2d", inChannels: "C", outChannels: "c1", kernelSize: ["k", 3], padding: [1, 1], bias: false },
          { type: "BatchNorm2d", numFeatures: "c1" },
          { type: "ReLU" },
          { type: "AdaptiveAvgPool2d", outputSize: 1 },
          { type: "Flatten" },
          { type: "Linear", inFeatures: "auto", outFeatures: "classes" },
        ],
      },
      seq: {
        input: ["L", "N", "E"],
        layers: [
          { type: "MultiheadAttention", embedDim: "E", numHeads: "heads" },
          { type: "LayerNorm", normalizedShape: "E" },
          { type: "LSTM", inputSize: "E", hiddenSize: "H", numLayers: 2, bidirectional: true },
          { type: "Dropout", p: 0.1 },
        ],
      },
    },
    handout: { dimensions: { C: 2, c1: 16, k: 3, classes: 10, E: 16, heads: 4, H: 10 } },
    parts: [
      { id: "bn.params", prompt: "Parameters of `{{cnn.2}}`.", answer: { kind: "integer" }, reference: "layerParams(cnn, 2)" },
      {
        id: "bn.buffers",
        prompt: "Elements of its buffers.",
        answer: { kind: "integer" },
        reference: "layerBuffers(cnn, 2)",
        knownMistakes: [{ id: "no-counter", expression: "2 * c1", message: "num_batches_tracked is a buffer too." }],
      },
      { id: "mha.params", prompt: "Parameters of `{{seq.1}}`.", answer: { kind: "integer" }, reference: "layerParams(seq, 1)" },
      { id: "lstm.params", prompt: "Parameters of `{{seq.3}}`.", answer: { kind: "integer" }, reference: "layerParams(seq, 3)" },
      {
        id: "lstm.shape",
        prompt: "The output shape of the LSTM.",
        answer: { kind: "shape", symbols: ["L", "N"] },
        reference: { outputShape: { network: "seq", layer: 3 } },
      },
    ],
  };
}

/** The two stacks as the engine's LayerSpecs, written out by hand for the variant's sizes. */
function expectedTables(d: Record<string, number>) {
  const cnn: LayerSpec[] = [
    { type: "Conv2d", inChannels: d.C, outChannels: d.c1, kernelSize: [d.k, 3], padding: 1, bias: false },
    { type: "BatchNorm2d", numFeatures: d.c1 },
    { type: "ReLU" },
    { type: "AdaptiveAvgPool2d", outputSize: 1 },
    { type: "Flatten" },
    { type: "Linear", inFeatures: d.c1, outFeatures: d.classes },
  ];
  const seq: LayerSpec[] = [
    { type: "MultiheadAttention", embedDim: d.E, numHeads: d.heads },
    { type: "LayerNorm", normalizedShape: d.E },
    { type: "LSTM", inputSize: d.E, hiddenSize: d.H, numLayers: 2, bidirectional: true },
    { type: "Dropout", p: 0.1 },
  ];
  return { cnn: summarize(["N", d.C, 28, 28] as Dim[], cnn), seq: summarize(["L", "N", d.E] as Dim[], seq) };
}

describe("a document network with BatchNorm2d, MultiheadAttention and an LSTM", () => {
  const problem = compileDocument(sequenceDocument());

  it("gives the handout's (seed 0) references: 2C parameters and 2C + 1 buffers, 4E² + 4E, and the LSTM's count and shape", () => {
    const variant = buildVariant(problem, 0);
    const reference = (id: string) => variant.parts.find((part) => part.id === id)!.reference;
    expect(reference("bn.params")).toBe(32);
    expect(reference("bn.buffers")).toBe(33);
    expect(reference("mha.params")).toBe(4 * 16 * 16 + 4 * 16);
    // Two directions; layer 1 reads E = 16, layer 2 reads 2H = 20; 4 gates of H = 10, two bias vectors.
    expect(reference("lstm.params")).toBe(2 * (4 * 10 * 16 + 4 * 10 * 10 + 2 * 4 * 10) + 2 * (4 * 10 * 20 + 4 * 10 * 10 + 2 * 4 * 10));
    expect(reference("lstm.shape")).toEqual(["L", "N", 20]);
  });

  it("agrees with summarize on every seed's sizes", () => {
    for (const seed of [1, 2, 3, 17, 99]) {
      const variant = buildVariant(problem, seed);
      const dims = (variant.params as DocumentParams).dimensions;
      const { cnn, seq } = expectedTables(dims);
      const reference = (id: string) => variant.parts.find((part) => part.id === id)!.reference;
      expect([reference("bn.params"), reference("bn.buffers")]).toEqual([cnn[1].params, cnn[1].buffers]);
      expect([reference("mha.params"), reference("lstm.params")]).toEqual([seq[0].params, seq[2].params]);
      expect(reference("lstm.shape")).toEqual(seq[2].outputShape);
    }
  });

  it("shows each layer as PyTorch constructor text in the statement", () => {
    const statement = buildVariant(problem, 0).public.statement;
    // An equal pair is written as one number: [k, 3] with k = 3 is kernel_size=3.
    expect(statement).toContain("1. `Conv2d(in_channels=2, out_channels=16, kernel_size=3, stride=1, padding=1, bias=False)`");
    expect(statement).toContain("2. `BatchNorm2d(num_features=16)`");
    expect(statement).toContain("1. `MultiheadAttention(embed_dim=16, num_heads=4)`");
    expect(statement).toContain("3. `LSTM(input_size=16, hidden_size=10, num_layers=2, bidirectional=True)`");
    expect(statement).toContain("(L, N, 16)");
  });

  it("grades the known mistake of forgetting num_batches_tracked, and validates on 20 seeds", () => {
    const result = gradeSubmission(buildVariant(problem, 0), { "bn.buffers": "32", "lstm.shape": "(L, N, 20)" });
    const part = (id: string) => result.parts.find((p) => p.id === id)!;
    expect(part("bn.buffers").score).toBe(0);
    expect(part("bn.buffers").feedback).toContain("num_batches_tracked is a buffer too.");
    expect(part("lstm.shape").score).toBe(1);
    expect(validateProblem(problem, 20).failures).toEqual([]);
  });
});

describe("document layers: which strings are dimension names", () => {
  const withSeq = (change: (layers: Record<string, unknown>[], input: unknown[]) => void) => {
    const doc = sequenceDocument();
    change(doc.networks!.seq.layers as Record<string, unknown>[], doc.networks!.seq.input as unknown[]);
    return doc;
  };

  it("names an undeclared dimension inside a kernel pair by its index", () => {
    const doc = sequenceDocument();
    doc.networks!.cnn.layers[0].kernelSize = ["k", "kk"];
    const error = documentErrorOf(() => compileDocument(doc));
    expect([error.code, error.path]).toEqual([DocumentErrorCode.UnknownName, ["networks", "cnn", "layers", 0, "kernelSize", 1]]);
  });

  it("reads choices such as an RNN's nonlinearity as themselves, not as dimensions", () => {
    const doc = withSeq((layers) => layers.splice(2, 1, { type: "RNN", inputSize: "E", hiddenSize: "H", nonlinearity: "relu" }));
    const variant = buildVariant(compileDocument(doc), 0);
    expect(variant.public.statement).toContain("3. `RNN(input_size=16, hidden_size=10, nonlinearity='relu')`");
  });

  it("lets only the first two input sizes be symbols", () => {
    const error = documentErrorOf(() => compileDocument(withSeq((_layers, input) => (input[2] = "D"))));
    expect([error.code, error.path]).toEqual([DocumentErrorCode.UnknownName, ["networks", "seq", "input", 2]]);
  });

  it("refuses a value PyTorch's constructor refuses, by the schema", () => {
    const error = documentErrorOf(() => compileDocument(withSeq((layers) => (layers[2].nonlinearity = "gelu"))));
    expect(error.path.slice(0, 4)).toEqual(["networks", "seq", "layers", 2]);
  });
});
