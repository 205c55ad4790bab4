import { exportedParams, expectMatchesTorch, golden, grade, reference, variant } from "./golden";

// resnet-block is a problem document (resnet-block.json): its networks are summarised by the engine's summarize, BatchNorm2d
// rows included, and every reference is an expression over that table.
describe("resnet-block", () => {
  const v = variant("resnet-block", 0);
  const torch = golden.problems["resnet-block"];
  const count = (partId: string) => torch[partId] as number;

  it("is ResNet-18's first block of its second stage at seed 0: 64 → 128 channels at stride 2 on 56×56 maps", () => {
    expect(v.params).toEqual(exportedParams["resnet-block"]);
    expect(v.params).toMatchObject({ dimensions: { Cin: 64, Cout: 128, H: 56 } });
  });

  it.each(["a.1", "a.2", "a.3", "a.4", "a.5", "b.main", "c.shortcut", "d.block", "e.identity"])(
    "counts %s at seed 0 as PyTorch's modules do",
    (partId) => {
      expectMatchesTorch(reference(v, partId), count(partId));
    },
  );

  it("gives the block's output shape as PyTorch's forward pass does", () => {
    expect(reference(v, "f.output")).toEqual(torch["f.output"]);
    expect(grade(v, "f.output", "(N, 128, 28, 28)").score).toBe(1);
    expect(grade(v, "f.output", "(N, 128, 56, 56)").score).toBe(0);
  });

  it("names a bias on a bias-free convolution, and running statistics counted as parameters", () => {
    expect(grade(v, "a.1", count("a.1") + 128).feedback).toMatch(/bias=False/);
    expect(grade(v, "a.2", 2 * count("a.2")).feedback).toMatch(/buffers/);
    expect(grade(v, "b.main", count("b.main") + 2 * 128).feedback).toMatch(/Both convolutions/);
  });

  it("names the shortcut left out of the whole block, its BatchNorm left out, and a downsample given to the identity block", () => {
    expect(grade(v, "d.block", count("b.main")).result).toMatchObject({ mistakeId: "no-shortcut" });
    expect(grade(v, "c.shortcut", count("c.shortcut") - 2 * 128).feedback).toMatch(/1×1 convolution alone/);
    expect(grade(v, "e.identity", count("b.main")).result).toMatchObject({ mistakeId: "first-block" });
    expect(grade(v, "e.identity", count("e.identity") + 128 * 128 + 2 * 128).feedback).toMatch(/no parameters/);
  });

  it("accepts counts left as products, as the handout allows", () => {
    expect(grade(v, "a.1", "64*128*3*3").score).toBe(1);
    expect(grade(v, "c.shortcut", "64*128 + 2*128").score).toBe(1);
    expect(grade(v, "d.block", "230,144").score).toBe(1);
  });

  it("draws other channel counts and sizes on other seeds, never keeping the channels (the shortcut is then needed)", () => {
    const seen = new Set<string>();
    for (let seed = 1; seed < 30; seed++) {
      const { dimensions } = variant("resnet-block", seed).params as { dimensions: Record<string, number> };
      expect(dimensions.Cin).not.toBe(dimensions.Cout);
      seen.add(JSON.stringify(dimensions));
    }
    expect(seen.size).toBeGreaterThan(8);
  });
});
