import { HANDOUT_DECODER, sides, type ConvTransposeParams } from "@/grader/bank/section-10/conv-transpose";
import { GOLDEN, grade, reference, variant } from "./support";

describe("conv-transpose-shapes", () => {
  const v = variant("conv-transpose-shapes", 0);
  const golden = GOLDEN["conv-transpose-shapes"] as { outputShapes: (number | string)[][]; params: number[] };

  it("uses the handout's decoder at seed 0, from (N, 128, 4, 4) up to 16×16", () => {
    expect(v.params).toEqual(HANDOUT_DECODER);
    expect(sides(v.params as ConvTransposeParams)).toEqual([4, 8, 16, 16]);
  });

  it("gives each layer's output shape at seed 0 as PyTorch's nn.ConvTranspose2d does", () => {
    expect(["a.1", "a.2", "a.3"].map((id) => reference(v, id))).toEqual(golden.outputShapes);
  });

  it("draws only decoders PyTorch accepts, each with a strided layer and a padded one", () => {
    for (let seed = 1; seed < 50; seed++) {
      const params = variant("conv-transpose-shapes", seed).params as ConvTransposeParams;
      expect(sides(params).every((side) => Number.isInteger(side) && side >= 1)).toBe(true);
      expect(params.layers.some((layer) => layer.stride > 1)).toBe(true);
      expect(params.layers.some((layer) => layer.padding > 0)).toBe(true);
      for (const layer of params.layers) expect(layer.outputPadding).toBeLessThan(layer.stride);
    }
  });

  it("accepts a shape as a tuple or a list, and refuses a wrong one", () => {
    expect(grade(v, "a.2", "(N, 32, 16, 16)").score).toBe(1);
    expect(grade(v, "a.2", "[N, 32, 16, 16]").score).toBe(1);
    expect(grade(v, "a.2", "(N, 32, 17, 17)").score).toBe(0);
  });

  it("names the usual slips: the ordinary convolution's formula, padding added, stride or output padding left out", () => {
    // Layer 2 on an 8×8 input: k = 3, s = 2, p = 1, output_padding = 1.
    expect(grade(v, "a.2", "(N, 32, 4, 4)")).toMatchObject({ score: 0, result: { mistakeId: "ordinary-convolution" } });
    expect(grade(v, "a.2", "(N, 32, 20, 20)")).toMatchObject({ score: 0, result: { mistakeId: "padding-added" } });
    expect(grade(v, "a.2", "(N, 32, 9, 9)")).toMatchObject({ score: 0, result: { mistakeId: "ignored-stride" } });
    expect(grade(v, "a.2", "(N, 32, 15, 15)").feedback).toMatch(/output_padding adds/);
  });

  it("counts each layer's parameters at seed 0 as PyTorch's nn.ConvTranspose2d has them, and names a missing or misplaced bias", () => {
    expect(["b.1", "b.2", "b.3"].map((id) => reference(v, id))).toEqual(golden.params);
    expect(grade(v, "b.1", "128*64*4*4 + 64").score).toBe(1);
    expect(grade(v, "b.1", String(128 * 64 * 16))).toMatchObject({ score: 0, result: { mistakeId: "no-bias" } });
    expect(grade(v, "b.1", String(128 * 64 * 16 + 128)).feedback).toMatch(/one bias per output channel/);
  });

  it("never draws an output with as many channels as its side, where a channels-last (N, H, W, C) answer would pass", () => {
    for (let seed = 0; seed < 100; seed++) {
      const drawn = variant("conv-transpose-shapes", seed);
      for (const id of ["a.1", "a.2", "a.3"]) {
        const [, channels, height] = reference(drawn, id) as (string | number)[];
        expect(channels).not.toBe(height);
      }
    }
  });
});
