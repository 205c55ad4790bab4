import { createRng, jacobian, tensor, summarize, type Dim } from "@/grader/autograd";
import { compileDocument, DocumentErrorCode, type DocumentParams, type ProblemDocumentInput } from "@/grader/authoring";
import { getBankProblem } from "@/grader/bank";
import { HANDOUT_CNN } from "@/grader/bank/section-07/cnn-shapes";
import { nnBackprop, type NnBackpropParams } from "@/grader/bank/section-07/nn-backprop";
import { buildVariant, gradePart, gradeSubmission, validateProblem } from "@/grader/problems";
import { cnnDocument, documentErrorOf, nnBackpropDocument } from "./documents";

/** The bank's parameters in a document's form: sizes by name, every variable as rows. */
function asDocumentParams(params: NnBackpropParams): DocumentParams {
  const { d, h, W0, b0, W1, b1, x } = params;
  return { dimensions: { d, h }, variables: { W0, b0, W1, b1, x } };
}

/** Entrywise |a − b| ≤ 1e-12·(1 + |b|): both sides run the same float64 ops of the engine, so any gap is a different formula. */
function expectClose(actual: unknown, expected: unknown) {
  const a = (actual as number[][]).flat();
  const b = (expected as number[][]).flat();
  expect(a).toHaveLength(b.length);
  a.forEach((value, i) => expect(Math.abs(value - b[i])).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(b[i]))));
}

const documentError = (document: unknown) => documentErrorOf(() => compileDocument(document));

describe("a document version of nn-backprop's d.dW0 and e.dW0", () => {
  const problem = compileDocument(nnBackpropDocument());
  const bankPart = (id: string) => nnBackprop.parts.find((part) => part.id === id)!;
  const documentPart = (id: string) => problem.parts.find((part) => part.id === id)!;
  const seeds = [0, 1, 2, 3, 7, 19, 123456];

  it.each(seeds)("gives the bank's reference and known mistakes for e.dW0 on the bank's parameters of seed %i", (seed) => {
    const bankParams = nnBackprop.draw(createRng(seed), seed);
    const params = asDocumentParams(bankParams);
    expectClose(documentPart("e.dW0").reference(params), bankPart("e.dW0").reference(bankParams));
    const ours = documentPart("e.dW0").knownMistakes!(params);
    const theirs = bankPart("e.dW0").knownMistakes!(bankParams);
    expect(ours.map((mistake) => mistake.id)).toEqual(theirs.map((mistake) => mistake.id));
    ours.forEach((mistake, i) => expectClose(mistake.value, theirs[i].value));
  });

  it("grades d.dW0's answers as the bank does: same scores, same known mistakes", () => {
    const bankVariant = buildVariant(getBankProblem("nn-backprop"), 4);
    const documentVariant = buildVariant(problem, 4);
    const answers = [
      "(W1.T * z * (1 - z)) @ x.T",
      "diag(z * (1 - z)) @ W1.T @ x.T",
      "x @ (W1 * z.T * (1 - z.T))",
      "(W1.T * z) @ x.T",
      "W1.T @ x.T",
      "W1.T @ x",
      "z @ x.T",
    ];
    for (const answer of answers) {
      const ours = gradePart(documentVariant, "d.dW0", answer);
      const theirs = gradePart(bankVariant, "d.dW0", answer);
      expect([answer, ours.status, ours.score, ours.status === "graded" ? ours.mistakeId : undefined]).toEqual([
        answer,
        theirs.status,
        theirs.score,
        theirs.status === "graded" ? theirs.mistakeId : undefined,
      ]);
    }
  });

  it("draws its own variants deterministically and passes validation on 30 seeds", () => {
    expect(JSON.stringify(buildVariant(problem, 11))).toBe(JSON.stringify(buildVariant(problem, 11)));
    expect(validateProblem(problem, 30).failures).toEqual([]);
  });

  it("renders matrices in the statement as LaTeX bmatrix and sizes as numbers", () => {
    const variant = buildVariant(problem, 0);
    const { W0, x } = (variant.params as DocumentParams).variables;
    const bmatrix = (rows: number[][]) => `\\begin{bmatrix} ${rows.map((row) => row.join(" & ")).join(" \\\\ ")} \\end{bmatrix}`;
    const { d, h } = (variant.params as DocumentParams).dimensions;
    expect(variant.public.statement).toBe(`With $d = ${d}$ and $h = ${h}$: $W^{(0)} = ${bmatrix(W0)}$, $x = ${bmatrix(x)}$.`);
    expect(variant.public.parts[1].prompt).toBe(`The value of $\\partial y / \\partial W^{(0)}$ (${h}×${d}).`);
  });

  it("keeps definitions and known mistakes out of the student's view", () => {
    const part = buildVariant(problem, 2).public.parts[0];
    expect(part.answer).toMatchObject({ kind: "expression", knownMistakes: [], context: { definitions: {} } });
    expect(JSON.stringify(part)).not.toContain("sigmoid");
  });
});

describe("references computed by the engine", () => {
  it("evaluates a matrix reference on the variant's draws as the engine's backward pass does", () => {
    const problem = compileDocument(nnBackpropDocument());
    const variant = buildVariant(problem, 5);
    const { W0, b0, W1, b1, x } = (variant.params as DocumentParams).variables;
    const w0 = tensor(W0, { requiresGrad: true });
    tensor(W1)
      .matmul(w0.matmul(tensor(x)).add(tensor(b0)).sigmoid())
      .add(tensor(b1))
      .sum()
      .backward();
    expectClose(variant.parts[1].reference, w0.grad!.toArray());
  });

  it("reads layer tables: the handout CNN's output shape, parameters and dense equivalent agree with summarize on the bank's stack", () => {
    const variant = buildVariant(compileDocument(cnnDocument()), 0);
    const table = summarize(HANDOUT_CNN.inputShape as Dim[], HANDOUT_CNN.layers);
    const reference = (id: string) => variant.parts.find((part) => part.id === id)!.reference;
    expect(reference("a.3")).toEqual(table[2].outputShape);
    expect(reference("b.3")).toBe(table[2].params);
    expect(reference("b.1.dense")).toBe(805371904);
    expect(reference("b.8")).toBe(table[7].params);
    expect(variant.parts.find((part) => part.id === "b.3")!.knownMistakes).toEqual([
      { id: "no-bias", message: "Each output channel also has a bias.", value: 16 * 32 * 9 },
    ]);
    expect(variant.public.statement).toContain("1. `Conv2d(in_channels=3, out_channels=16, kernel_size=3, stride=1, padding=1)`");
    expect(variant.public.statement).toContain("8. `Linear(in_features=576, out_features=10)`");
    expect(variant.public.statement).toContain("(N, 3, 64, 64)");
  });

  it("grades a CNN document's parts through gradeSubmission and validates on 40 seeds", () => {
    const problem = compileDocument(cnnDocument());
    const result = gradeSubmission(buildVariant(problem, 0), {
      "a.3": "(N, 32, 30, 30)",
      "b.3": "16*32*3*3 + 32",
      "b.8": "576*10 + 10",
      "b.1.dense": String(16 * 32 * 9),
    });
    expect(result.parts.map((part) => [part.id, part.score])).toEqual([
      ["a.3", 1],
      ["b.3", 1],
      ["b.1.dense", 0],
      ["b.8", 1],
    ]);
    expect(validateProblem(problem, 40).failures).toEqual([]);
  });

  it("computes a jacobian(f, X) reference as the engine's jacobian", () => {
    const problem = compileDocument({
      slug: "jacobian",
      title: "A Jacobian",
      statement: "",
      dimensions: { n: { min: 2, max: 4 }, m: { min: 5, max: 6 } },
      variables: { A: { shape: ["m", "n"] }, v: { shape: ["n"] } },
      parts: [{ id: "J", prompt: "", answer: { kind: "matrix" }, reference: "jacobian(tanh(A @ v), v)" }],
    });
    const variant = buildVariant(problem, 9);
    const { A, v } = (variant.params as DocumentParams).variables;
    // J[i, j] = ∂ tanh(A v)ᵢ / ∂vⱼ = (1 − tanh²(A v)ᵢ) A[i, j], and the engine's own jacobian agrees.
    const squashed = (tensor(A).matmul(tensor(v)).tanh().toArray() as number[][]).map(([entry]) => entry);
    const byHand = A.map((row, i) => row.map((entry) => (1 - squashed[i] ** 2) * entry));
    const byEngine = jacobian((w) => tensor(A).matmul(w).tanh(), tensor(v))
      .reshape([A.length, v.length])
      .toArray();
    expectClose(variant.parts[0].reference, byHand);
    expectClose(variant.parts[0].reference, byEngine);
    expect(variant.parts[0].reference).toHaveLength(A.length);
  });
});

describe("authors' mistakes are typed errors naming their path", () => {
  const base = nnBackpropDocument;
  const withChange = (change: (document: ProblemDocumentInput) => void): ProblemDocumentInput => {
    const document = structuredClone(base());
    change(document);
    return document;
  };

  it("names a definition with a shape mismatch", () => {
    const error = documentError(withChange((doc) => (doc.definitions!.z = "sigmoid(W0 @ x.T + b0)")));
    expect([error.code, error.path]).toEqual([DocumentErrorCode.ShapeMismatch, ["definitions", "z"]]);
    expect(error.message).toMatch(/^definitions\.z: W0 is h×d and x\.T is 1×d/);
  });

  it("names an unknown name in a reference, with a suggestion", () => {
    const error = documentError(withChange((doc) => (doc.parts[1].reference = "grad(y, V0)")));
    expect([error.code, error.path]).toEqual([DocumentErrorCode.InvalidExpression, ["parts", 1, "reference"]]);
    const unknown = documentError(withChange((doc) => (doc.parts[1].reference = "W0 + w0")));
    expect([unknown.code, unknown.path]).toEqual([DocumentErrorCode.UnknownName, ["parts", 1, "reference"]]);
    expect(unknown.message).toMatch(/unknown name w0; did you mean W0\?/);
  });

  it("names an unknown dimension in a variable's shape", () => {
    const error = documentError(withChange((doc) => (doc.variables!.x.shape = ["k", 1])));
    expect([error.code, error.path]).toEqual([DocumentErrorCode.UnknownName, ["variables", "x", "shape", 0]]);
  });

  it("names a distribution that cannot give the nonzero entries asked for", () => {
    const error = documentError(
      withChange(
        (doc) => (doc.variables!.b1 = { shape: [], distribution: { kind: "uniform", low: -0.04, high: 0.04 }, round: 1, nonzero: true }),
      ),
    );
    expect([error.code, error.path]).toEqual([DocumentErrorCode.InvalidDistribution, ["variables", "b1", "distribution"]]);
  });

  it("names a reference of the wrong shape or form for its answer kind", () => {
    const scalar = documentError(withChange((doc) => (doc.parts[1].answer = { kind: "number" })));
    expect([scalar.code, scalar.path]).toEqual([DocumentErrorCode.ShapeMismatch, ["parts", 1, "reference"]]);
    const literal = documentError(withChange((doc) => (doc.parts[0].reference = { value: "W0" })));
    expect([literal.code, literal.path]).toEqual([DocumentErrorCode.InvalidReference, ["parts", 0, "reference"]]);
  });

  it("names a known mistake that does not parse and a hidden name that is not a definition", () => {
    const mistake = documentError(withChange((doc) => (doc.parts[0].knownMistakes![1].expression = "(W1.T * z @ x.T")));
    expect([mistake.code, mistake.path]).toEqual([DocumentErrorCode.InvalidExpression, ["parts", 0, "knownMistakes", 1, "expression"]]);
    const hidden = documentError(withChange((doc) => (doc.parts[0].answer = { kind: "expression", hide: ["q"] })));
    expect([hidden.code, hidden.path]).toEqual([DocumentErrorCode.UnknownName, ["parts", 0, "answer", "hide", 0]]);
  });

  it("names a forbidden function that the expression language does not have, at its place", () => {
    const error = documentError(withChange((doc) => (doc.parts[0].answer = { kind: "expression", forbid: ["sigmoid", "sigmiod"] })));
    expect([error.path, error.message]).toEqual([
      ["parts", 0, "answer", "forbid", 1],
      expect.stringMatching(/sigmiod is not a function of the expression language/),
    ]);
  });

  it("names a placeholder that is not declared", () => {
    const error = documentError(withChange((doc) => (doc.statement = "Here {{W2}} is unknown.")));
    expect([error.code, error.path, error.message]).toEqual([
      DocumentErrorCode.UnknownName,
      ["statement"],
      "statement: {{W2}}: W2 is not a dimension, variable, definition or network of this problem",
    ]);
  });

  it("names duplicate part ids and names shared by a variable and a definition", () => {
    const ids = documentError(withChange((doc) => (doc.parts[1].id = "d.dW0")));
    expect([ids.code, ids.path]).toEqual([DocumentErrorCode.DuplicateName, ["parts", 1, "id"]]);
    const names = documentError(withChange((doc) => (doc.definitions!.x = "W1.T")));
    expect([names.code, names.path]).toEqual([DocumentErrorCode.DuplicateName, ["definitions", "x"]]);
  });

  it("names a network layer whose size is not a dimension, and an output shape of a layer that does not exist", () => {
    const size = documentError(((doc) => ((doc.networks!.cnn.layers[0].outChannels = "c9"), doc))(cnnDocument()));
    expect([size.code, size.path]).toEqual([DocumentErrorCode.UnknownName, ["networks", "cnn", "layers", 0, "outChannels"]]);
    const layer = documentError(((doc) => ((doc.parts[0].reference = { outputShape: { network: "cnn", layer: 9 } }), doc))(cnnDocument()));
    expect([layer.code, layer.path]).toEqual([DocumentErrorCode.InvalidReference, ["parts", 0, "reference", "outputShape", "layer"]]);
  });
});
