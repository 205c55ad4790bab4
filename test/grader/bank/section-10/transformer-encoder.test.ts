import { blockCounts, HANDOUT_ENCODER, type TransformerEncoderParams } from "@/grader/bank/section-10/transformer-encoder";
import { GOLDEN, grade, reference, variant } from "./support";

describe("transformer-encoder-params", () => {
  const v = variant("transformer-encoder-params", 0);
  const golden = GOLDEN["transformer-encoder-params"];

  it("uses the base Transformer's sizes at seed 0 (d = 512, 8 heads, 2048 feed-forward units)", () => {
    expect(v.params).toEqual(HANDOUT_ENCODER);
  });

  it("counts each block, the total and the output shape at seed 0 as PyTorch's TransformerEncoderLayer has them", () => {
    expect(reference(v, "a.attention")).toBe(golden.attention);
    expect(reference(v, "a.feedforward")).toBe(golden.feedforward);
    expect(reference(v, "a.norms")).toBe(golden.norms);
    expect(reference(v, "b.total")).toBe(golden.total);
    expect(reference(v, "b.shape")).toEqual(golden.shape);
  });

  it("has blocks that add up to summarize's total for the whole layer on every seed", () => {
    for (let seed = 0; seed < 50; seed++) {
      const counts = blockCounts(variant("transformer-encoder-params", seed).params as TransformerEncoderParams);
      expect(counts.attention + counts.feedforward + counts.norms).toBe(counts.total);
    }
  });

  it("accepts counts as sums of products or with thousands separators", () => {
    expect(grade(v, "a.feedforward", "512*2048 + 2048 + 2048*512 + 512").score).toBe(1);
    expect(grade(v, "b.total", "3,152,384").score).toBe(1);
    expect(grade(v, "b.total", "3152385").score).toBe(0);
  });

  it("names missing biases, a missing output projection, half the LayerNorms and forgotten LayerNorms", () => {
    expect(grade(v, "a.attention", String(4 * 512 * 512))).toMatchObject({ score: 0, result: { mistakeId: "no-bias" } });
    expect(grade(v, "a.attention", "3*512*512 + 3*512")).toMatchObject({ score: 0, result: { mistakeId: "no-output-projection" } });
    expect(grade(v, "a.feedforward", "512*2048 + 2048")).toMatchObject({ score: 0, result: { mistakeId: "one-linear" } });
    expect(grade(v, "a.norms", "1024").feedback).toMatch(/two LayerNorms/);
    expect(grade(v, "b.total", String((golden.total as number) - 2048))).toMatchObject({ score: 0, result: { mistakeId: "forgot-norms" } });
    expect(grade(v, "b.shape", "(N, L, 2048)").feedback).toMatch(/maps back to d features/);
  });
});

describe("transformer-encoder-params' output shape", () => {
  it("says which sizes are symbols and which are numbers, as its grading allows (N and L; d is not a symbol)", () => {
    const v = variant("transformer-encoder-params", 0);
    expect(v.parts.find((part) => part.id === "b.shape")!.prompt).toMatch(/feature size as a number/);
    expect(grade(v, "b.shape", "(N, L, 512)").score).toBe(1);
  });
});
