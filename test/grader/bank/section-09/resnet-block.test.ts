import { HANDOUT_RESNET_BLOCK, blockParams, type ResnetBlockParams } from "@/grader/bank/section-09/resnet-block";
import { exportedParams, expectMatchesTorch, golden, grade, reference, variant } from "./golden";

describe("resnet-block", () => {
  const v = variant("resnet-block", 0);
  const params = v.params as ResnetBlockParams;
  const torch = golden.problems["resnet-block"];

  it("is ResNet-18's first block of its second stage at seed 0: 64 → 128 channels at stride 2 on 56×56 maps", () => {
    expect(v.params).toEqual(exportedParams["resnet-block"]);
    expect(v.params).toEqual(HANDOUT_RESNET_BLOCK);
  });

  it.each(["a.1", "a.2", "a.3", "a.4", "a.5", "b.main", "c.shortcut", "d.block", "e.identity"])(
    "counts %s at seed 0 as PyTorch's modules do",
    (partId) => {
      expectMatchesTorch(reference(v, partId), torch[partId] as number);
    },
  );

  it("gives the block's output shape as PyTorch's forward pass does", () => {
    expect(reference(v, "f.output")).toEqual(torch["f.output"]);
    expect(grade(v, "f.output", "(N, 128, 28, 28)").score).toBe(1);
    expect(grade(v, "f.output", "(N, 128, 56, 56)").feedback).toMatch(/stride 2/);
  });

  it("names a bias on a bias-free convolution, and running statistics counted as parameters", () => {
    const conv = reference(v, "a.1") as number;
    expect(grade(v, "a.1", conv + params.outChannels).feedback).toMatch(/bias=False/);
    const bn = reference(v, "a.2") as number;
    expect(grade(v, "a.2", 2 * bn).feedback).toMatch(/buffers/);
  });

  it("names the shortcut left out of the whole block, and a downsample given to the identity block", () => {
    expect(grade(v, "d.block", blockParams(params, false)).result).toMatchObject({ mistakeId: "no-shortcut" });
    expect(grade(v, "c.shortcut", (torch["c.shortcut"] as number) - 2 * params.outChannels).feedback).toMatch(/1×1 convolution alone/);
  });

  it("accepts counts left as products, as the handout allows", () => {
    expect(grade(v, "a.1", "64*128*3*3").score).toBe(1);
    expect(grade(v, "c.shortcut", "64*128 + 2*128").score).toBe(1);
  });

  it("draws other channel counts and sizes on other seeds", () => {
    const seen = new Set<string>();
    for (let seed = 1; seed < 30; seed++) seen.add(JSON.stringify(variant("resnet-block", seed).params));
    expect(seen.size).toBeGreaterThan(8);
  });
});
