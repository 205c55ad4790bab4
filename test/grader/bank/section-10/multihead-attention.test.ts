import { HANDOUT_ATTENTION_SIZES, type MultiheadAttentionParams } from "@/grader/bank/section-10/multihead-attention";
import { GOLDEN, grade, reference, variant } from "./support";

describe("multihead-attention", () => {
  const v = variant("multihead-attention", 0);
  const golden = GOLDEN["multihead-attention"];

  it("uses the Transformer's base sizes at seed 0 (E = 512, h = 8) and sizes that cannot stand in for each other elsewhere", () => {
    expect(v.params).toEqual(HANDOUT_ATTENTION_SIZES);
    for (let seed = 1; seed < 50; seed++) {
      const { embedDim, numHeads, targetLength, sourceLength } = variant("multihead-attention", seed).params as MultiheadAttentionParams;
      expect(embedDim % numHeads).toBe(0);
      expect(embedDim / numHeads).not.toBe(numHeads);
      expect(targetLength).not.toBe(sourceLength);
    }
  });

  it("gives the head size and the shapes of Q, K, V, the scores and the output at seed 0 as PyTorch's MultiheadAttention does", () => {
    expect(reference(v, "a.headDim")).toBe(golden.headDim);
    expect(reference(v, "a.query")).toEqual(golden.query);
    expect(reference(v, "a.key")).toEqual(golden.key);
    expect(reference(v, "a.value")).toEqual(golden.value);
    expect(reference(v, "a.scores")).toEqual(golden.scores);
    // The module's own per-head attention weights have the scores' shape.
    expect(reference(v, "a.scores")).toEqual(golden.weights);
    expect(reference(v, "a.output")).toEqual(golden.output);
  });

  it("accepts the head size as a quotient and shapes as tuples or lists", () => {
    expect(grade(v, "a.headDim", "512/8").score).toBe(1);
    expect(grade(v, "a.scores", "(N, 8, 10, 12)").score).toBe(1);
    expect(grade(v, "a.scores", "[N, 8, 10, 12]").score).toBe(1);
  });

  it("names the usual slips: unsplit features, scores transposed or of self-attention, unmerged heads, target and source confused", () => {
    expect(grade(v, "a.headDim", "512")).toMatchObject({ score: 0, result: { mistakeId: "unsplit" } });
    expect(grade(v, "a.query", "(N, 8, 10, 512)")).toMatchObject({ score: 0, result: { mistakeId: "unsplit" } });
    expect(grade(v, "a.key", "(N, 8, 10, 64)")).toMatchObject({ score: 0, result: { mistakeId: "target-length" } });
    expect(grade(v, "a.value", "(N, 8, 10, 64)").feedback).toMatch(/come with the keys/);
    expect(grade(v, "a.scores", "(N, 8, 12, 10)")).toMatchObject({ score: 0, result: { mistakeId: "transposed" } });
    expect(grade(v, "a.scores", "(N, 8, 10, 10)")).toMatchObject({ score: 0, result: { mistakeId: "self-attention" } });
    expect(grade(v, "a.output", "(N, 8, 10, 64)")).toMatchObject({ score: 0, result: { mistakeId: "heads-not-merged" } });
    expect(grade(v, "a.output", "(N, 12, 512)").feedback).toMatch(/one output per query/);
  });
});

describe("multihead-attention's parameter count", () => {
  const v = variant("multihead-attention", 0);
  const golden = GOLDEN["multihead-attention"];

  it("is 4E² + 4E at seed 0, as PyTorch's MultiheadAttention has", () => {
    expect(reference(v, "b.params")).toBe(golden.params);
    expect(grade(v, "b.params", "4*512*512 + 4*512").score).toBe(1);
    expect(grade(v, "b.params", "1,050,624").score).toBe(1);
  });

  it("names the count without biases, without the output projection, and with full-size heads", () => {
    expect(grade(v, "b.params", String(4 * 512 * 512))).toMatchObject({ score: 0, result: { mistakeId: "no-bias" } });
    expect(grade(v, "b.params", "3*512*512 + 3*512")).toMatchObject({ score: 0, result: { mistakeId: "no-output-projection" } });
    expect(grade(v, "b.params", String(8 * (golden.params as number)))).toMatchObject({
      score: 0,
      result: { mistakeId: "full-size-heads" },
    });
  });
});

describe("multihead-attention's layout of the heads", () => {
  it("states the (N, h, length, d_k) layout it grades, so that a student never has to guess it", () => {
    expect(variant("multihead-attention", 0).public.statement).toMatch(/\(N, h, \\text\{length\}, d_k\)/);
  });

  it.each([0, 1, 2, 3])("names nn.MultiheadAttention's folded (N·h, length, d_k) layout on seed %i, not as a wrong count", (seed) => {
    const v = variant("multihead-attention", seed);
    for (const partId of ["a.query", "a.key", "a.value", "a.scores"]) {
      const [, h, ...rest] = reference(v, partId) as (string | number)[];
      expect(grade(v, partId, `(N*${h}, ${rest.join(", ")})`)).toMatchObject({
        score: 0,
        result: { mistakeId: "heads-folded-into-batch" },
      });
    }
  });

  it("does not tell a.headDim's answer, E/h, in another part's feedback", () => {
    const v = variant("multihead-attention", 0);
    const feedback = grade(v, "a.query", "(N, 8, 10, 512)").feedback;
    expect(feedback).toMatch(/own slice/);
    expect(feedback).not.toMatch(/E\/h|64/);
  });
});

describe("multihead-attention's sizes", () => {
  it("never draws two equal sizes among h, d_k, L and S, which would let a swapped shape pass", () => {
    for (let seed = 0; seed < 150; seed++) {
      const { embedDim, numHeads, targetLength, sourceLength } = variant("multihead-attention", seed).params as MultiheadAttentionParams;
      expect(new Set([numHeads, embedDim / numHeads, targetLength, sourceLength]).size).toBe(4);
    }
  });
});
