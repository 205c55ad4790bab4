import { eye, tensor } from "@/grader/autograd";
import { jacobianNormProduct, layerJacobians, type VanishingGradientsParams } from "@/grader/bank/section-09/vanishing-gradients";
import { exportedParams, expectMatchesTorch, golden, grade, reference, variant } from "./golden";

describe("vanishing-gradients", () => {
  const v = variant("vanishing-gradients", 0);
  const params = v.params as VanishingGradientsParams;
  const torch = golden.problems["vanishing-gradients"];

  it("is drawn from the parameters that PyTorch's fixture used at seed 0: 2 units wide, 3 layers deep", () => {
    expect(v.params).toEqual(exportedParams["vanishing-gradients"]);
    expect([params.n, params.weights.length]).toEqual([2, 3]);
  });

  it.each(["a.slope", "b.J1", "c.sigmoid", "d.relu"])("computes %s at seed 0 as PyTorch does", (partId) => {
    expectMatchesTorch(reference(v, partId), torch[partId]);
  });

  it("bounds ‖∂h_L/∂x‖_F by the product of the layer norms, and the sigmoid's product by 4^−L ∏‖W_k‖_F, on seeds 0–29", () => {
    for (let seed = 0; seed < 30; seed++) {
      const p = variant("vanishing-gradients", seed).params as VanishingGradientsParams;
      for (const activation of ["sigmoid", "relu"] as const) {
        // ∂h_L/∂x = J_L ⋯ J_1.
        const end = layerJacobians(p, activation).reduceRight((product, J) => product.matmul(tensor(J)), eye(p.n));
        const endNorm = end.pow(2).sum().sqrt().item();
        // Submultiplicativity of the Frobenius norm; 1e-12 covers rounding of a few products of O(1) numbers.
        expect(endNorm).toBeLessThanOrEqual(jacobianNormProduct(p, activation) * (1 + 1e-12));
      }
      const weightBound = p.weights.reduce((product, W) => product * tensor(W).pow(2).sum().sqrt().item() * 0.25, 1);
      expect(jacobianNormProduct(p, "sigmoid")).toBeLessThanOrEqual(weightBound * (1 + 1e-12));
      expect(jacobianNormProduct(p, "sigmoid")).toBeLessThan(jacobianNormProduct(p, "relu"));
    }
  });

  it("accepts a product carried at 5 significant figures and given at 3, as the statement asks, on seeds 0–499", () => {
    const refused: string[] = [];
    for (let seed = 0; seed < 500; seed++) {
      const w = variant("vanishing-gradients", seed);
      for (const partId of ["c.sigmoid", "d.relu"]) {
        const r = reference(w, partId) as number;
        // 5e-4: well above what rounding every factor and partial product to 5 figures can add up to.
        for (const carried of [r * (1 + 5e-4), r * (1 - 5e-4)]) {
          const given = carried.toPrecision(3);
          if (grade(w, partId, given).score !== 1) refused.push(`seed ${seed} ${partId}: ${given} for ${r}`);
        }
        expect(grade(w, partId, (r * 1.02).toPrecision(3)).score).toBe(0);
        // The known slip (the weights' norms alone) is never accepted, to 3 figures or in full, and gets its message.
        for (const slip of w.parts.find((part) => part.id === partId)!.knownMistakes)
          for (const written of [slip.value as number, (slip.value as number).toPrecision(3)])
            expect(grade(w, partId, written)).toMatchObject({ score: 0, result: { mistakeId: slip.id } });
      }
    }
    expect(refused).toEqual([]);
  });

  it("draws other widths and depths on other seeds", () => {
    const sizes = new Set<string>();
    for (let seed = 1; seed < 40; seed++) {
      const p = variant("vanishing-gradients", seed).params as VanishingGradientsParams;
      sizes.add(`${p.n}x${p.weights.length}`);
    }
    expect(sizes.size).toBeGreaterThanOrEqual(5);
  });

  it("names W₁ alone and σ in place of σ′ for the first layer's Jacobian", () => {
    expect(grade(v, "b.J1", params.weights[0])).toMatchObject({ score: 0, result: { mistakeId: "missing-activation-derivative" } });
    const a = tensor(params.weights[0]).matmul(tensor(params.x));
    const withSigma = a.sigmoid().mul(tensor(params.weights[0])).toArray();
    expect(grade(v, "b.J1", withSigma).feedback).toMatch(/derivative σ′\(a\) = σ\(a\)\(1 − σ\(a\)\)/);
  });

  it("names the product of the weights' norms for the sigmoid network, a slip that leaves σ′ out", () => {
    const weightsOnly = params.weights.reduce((product, W) => product * tensor(W).pow(2).sum().sqrt().item(), 1);
    expect(grade(v, "c.sigmoid", weightsOnly)).toMatchObject({ score: 0, feedback: expect.stringMatching(/diag\(σ′\(a\)\)/) });
  });

  it("accepts σ′'s peak as 1/4, 0.25 or 2.5e-1, and names σ(0) = 0.5", () => {
    for (const answer of ["1/4", "0.25", "2.5e-1"]) expect(grade(v, "a.slope", answer).score).toBe(1);
    expect(grade(v, "a.slope", "0.5").feedback).toMatch(/That is σ\(0\)/);
  });

  it("accepts the products worked from each layer's norm rounded to 5 significant figures, as the statement asks, on seeds 0–29", () => {
    for (let seed = 0; seed < 30; seed++) {
      const other = variant("vanishing-gradients", seed);
      const p = other.params as VanishingGradientsParams;
      for (const [partId, activation] of [
        ["c.sigmoid", "sigmoid"],
        ["d.relu", "relu"],
      ] as const) {
        const byHand = layerJacobians(p, activation)
          .map((J) => Number(Math.sqrt(J.flat().reduce((sum, value) => sum + value * value, 0)).toPrecision(5)))
          .reduce((product, norm) => product * norm, 1);
        expect([seed, partId, grade(other, partId, byHand.toPrecision(3)).score]).toEqual([seed, partId, 1]);
      }
    }
  });

  it("accepts the products rounded to 3 significant figures and refuses them at 1", () => {
    const sigmoid = torch["c.sigmoid"] as number;
    const relu = torch["d.relu"] as number;
    expect(grade(v, "c.sigmoid", sigmoid.toPrecision(3)).score).toBe(1);
    expect(grade(v, "d.relu", relu.toPrecision(3)).score).toBe(1);
    expect(grade(v, "d.relu", relu.toPrecision(1)).score).toBe(0);
  });
});

describe("vanishing-gradients' Jacobian layout", () => {
  it("states entry (i, j) of J₁ and names its transpose", () => {
    const v = variant("vanishing-gradients", 0);
    expect(v.parts.find((part) => part.id === "b.J1")!.prompt).toMatch(/entry \$\(i, j\)\$/);
    const J1 = reference(v, "b.J1") as number[][];
    const transposed = J1[0].map((_, j) => J1.map((row) => row[j]));
    expect(grade(v, "b.J1", transposed)).toMatchObject({ score: 0, result: { mistakeId: "transposed" } });
  });
});
