/**
 * embedding against PyTorch's fixtures (pooling.json, made by
 * make_golden_norm_pool.py; PyTorch's int64 indices are stored as float64
 * whole numbers, as the engine takes them) and a finite-difference
 * gradcheck with gradcheck's defaults (the op is linear in the weight).
 */
import { AutogradErrorCode, createRng, functional as F, gradcheck, randn, tensor } from "../../../../grader/autograd";
import type { EmbeddingOptions } from "../../../../grader/autograd/functional";
import { expectAutogradError } from "../expect-error";
import { decode, expectMatches, loadFixture, type Encoded } from "../golden";

interface EmbeddingCase {
  note: string;
  options: EmbeddingOptions;
  indices: Encoded;
  weight: Encoded;
  grad_output: Encoded;
  output: Encoded;
  grad_weight: Encoded;
}

const { torch: torchVersion, embedding: cases } = loadFixture<{ torch: string; embedding: EmbeddingCase[] }>("pooling.json");

describe(`embedding against PyTorch ${torchVersion}`, () => {
  it.each(cases.map((c) => [`indices ${JSON.stringify(c.indices.shape)} into ${JSON.stringify(c.weight.shape)} (${c.note})`, c] as const))(
    "%s: output and the gradient of the weight agree",
    (_name, c) => {
      const weight = decode(c.weight, true);
      const y = F.embedding(decode(c.indices), weight, c.options);
      expectMatches(y, c.output);
      y.backward(decode(c.grad_output));
      expectMatches(weight.grad, c.grad_weight);
    },
  );

  it("covers repeated indices, a 2-D index tensor, and positive and negative paddingIdx", () => {
    expect(cases.some((c) => c.indices.shape.length === 2)).toBe(true);
    expect(cases.some((c) => new Set(c.indices.data).size < c.indices.data.length)).toBe(true);
    expect(cases.some((c) => (c.options.paddingIdx ?? 0) > 0)).toBe(true);
    expect(cases.some((c) => (c.options.paddingIdx ?? 0) < 0)).toBe(true);
  });
});

describe("embedding conventions", () => {
  const weight = () =>
    tensor(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      { requiresGrad: true },
    );

  it("accumulates the gradient of a repeated index and gives the paddingIdx row none, though it is still looked up", () => {
    const w = weight();
    const y = F.embedding(
      tensor([
        [2, 0],
        [2, 1],
      ]),
      w,
      { paddingIdx: 1 },
    );
    expect(y.toArray()).toEqual([
      [
        [5, 6],
        [1, 2],
      ],
      [
        [5, 6],
        [3, 4],
      ],
    ]);
    y.backward(
      tensor([
        [
          [1, 1],
          [2, 2],
        ],
        [
          [10, 10],
          [100, 100],
        ],
      ]),
    );
    expect(w.grad!.toArray()).toEqual([
      [2, 2],
      [0, 0],
      [11, 11],
    ]);
  });

  it("counts a negative paddingIdx from the end", () => {
    const w = weight();
    F.embedding(tensor([0, 2]), w, { paddingIdx: -1 })
      .sum()
      .backward();
    expect(w.grad!.toArray()).toEqual([
      [1, 1],
      [0, 0],
      [0, 0],
    ]);
  });
});

describe("embedding gradcheck", () => {
  // Without paddingIdx: its row's zero gradient is a convention, not the derivative.
  it("matches central differences for the weight with repeated indices", () => {
    const indices = tensor([
      [0, 3, 3],
      [1, 0, 2],
    ]);
    const result = gradcheck((w) => F.embedding(indices, w), [randn([4, 3], createRng(35)).detach()]);
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe("embedding errors", () => {
  const w = tensor([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);

  it("refuses indices out of range or not whole numbers, naming the value and its position", () => {
    expectAutogradError(
      () => F.embedding(tensor([0, 3]), w),
      AutogradErrorCode.InvalidArgument,
      /embedding: index 3 at position 1 is out of range: indices must be integers in \[0, 2\] for a weight of 3 rows/,
    );
    expectAutogradError(() => F.embedding(tensor([-1]), w), AutogradErrorCode.InvalidArgument, /index -1 at position 0/);
    expectAutogradError(() => F.embedding(tensor([1.5]), w), AutogradErrorCode.InvalidArgument, /index 1.5 at position 0/);
  });

  it("refuses a paddingIdx outside numEmbeddings, as PyTorch", () => {
    expectAutogradError(
      () => F.embedding(tensor([0]), w, { paddingIdx: 3 }),
      AutogradErrorCode.InvalidArgument,
      /embedding: paddingIdx must be an integer within numEmbeddings \(in \[-3, 2\] for a weight of 3 rows\), but got 3/,
    );
    expectAutogradError(() => F.embedding(tensor([0]), w, { paddingIdx: -4 }), AutogradErrorCode.InvalidArgument, /but got -4/);
  });

  it("refuses a weight that is not 2-D", () => {
    expectAutogradError(
      () => F.embedding(tensor([0]), tensor([1, 2, 3])),
      AutogradErrorCode.ShapeMismatch,
      /2-D weight .* but got shape \[3\]/,
    );
  });
});
