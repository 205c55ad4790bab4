import { jacobian, tensor, type Tensor } from "@/grader/autograd";
import { BANK, getBankProblem } from "@/grader/bank";
import { HANDOUT_CNN } from "@/grader/bank/section-07/cnn-shapes";
import {
  countDistinctIncoming,
  countDistinctUnits,
  descend,
  pairKind,
  unitsEqual,
  type ZeroInitParams,
} from "@/grader/bank/section-07/zero-init";
import { buildVariant, gradeSubmission, type Variant } from "@/grader/problems";

const variant = (slug: string, seed: number) => buildVariant(getBankProblem(slug), seed);
const reference = (v: Variant, partId: string) => v.parts.find((part) => part.id === partId)!.reference;
const grade = (v: Variant, partId: string, answer: unknown) =>
  gradeSubmission(v, { [partId]: answer as string }).parts.find((part) => part.id === partId)!;

describe("the Section 07 bank", () => {
  it("has every question of the handout, with the fixed slugs and part ids", () => {
    const section07 = BANK.filter((entry) => entry.set === "section-07");
    expect(section07.map((entry) => [entry.problem.slug, entry.problem.parts.map((part) => part.id)])).toEqual([
      ["chain-rule", ["a.dims", "a.formula", "a.conditions", "b.matrix", "b.why", "b.shape", "b.vec", "c.value"]],
      ["nn-backprop", ["a.z", "a.y", "b.dW1", "b.db1", "c.dz", "d.dW0", "d.db0", "e.dW0", "e.db0"]],
      ["zero-init", ["a.z", "a.y", "b.dW1", "b.db1", "b.dW0", "b.db0", "c.pairs", "d.symmetry"]],
      [
        "cnn-shapes",
        [
          "a.1",
          "a.2",
          "a.3",
          "a.4",
          "a.5",
          "a.6",
          "a.7",
          "a.8",
          "b.1",
          "b.2",
          "b.3",
          "b.4",
          "b.5",
          "b.6",
          "b.7",
          "b.8",
          "b.1.dense",
          "b.3.dense",
          "b.5.dense",
          "b.6.dense",
        ],
      ],
    ]);
  });

  it.each(BANK.map((entry) => entry.problem.slug))("%s draws the same variant from the same seed", (slug) => {
    for (const seed of [0, 1, 17, 4294967295]) {
      expect(JSON.stringify(variant(slug, seed).public)).toBe(JSON.stringify(variant(slug, seed).public));
    }
  });

  it("refuses a seed that is not a 32-bit unsigned integer, naming it", () => {
    expect(() => variant("chain-rule", -1)).toThrow(/seed must be an integer from 0 to 4294967295, got -1/);
    expect(() => variant("chain-rule", 1.5)).toThrow(/got 1.5/);
  });
});

describe("chain-rule", () => {
  const v = variant("chain-rule", 0);

  it("computes the handout's symbolic answers from the engine's Jacobians", () => {
    expect(reference(v, "a.dims")).toEqual(["m", "l"]);
    expect(reference(v, "b.shape")).toEqual(["n", "p", "q"]);
    expect(reference(v, "b.vec")).toEqual(["n", "p*q"]);
  });

  it("asks in (b) whether ∂g/∂W is a matrix and why, before the shapes, and the engine's three-dimensional Jacobian says no", () => {
    const ids = v.parts.map((part) => part.id);
    expect(ids.indexOf("b.why")).toBe(ids.indexOf("b.matrix") + 1);
    expect(ids.indexOf("b.shape")).toBe(ids.indexOf("b.why") + 1);
    expect(reference(v, "b.matrix")).toBe("no");
    expect((reference(v, "b.shape") as string[]).length).toBe(3);
    expect(grade(v, "b.matrix", "no").score).toBe(1);
    expect(grade(v, "b.matrix", "yes").score).toBe(0);
    expect(grade(v, "b.why", "three-indices").score).toBe(1);
    expect(grade(v, "b.why", "vec-only")).toMatchObject({ score: 0, feedback: expect.stringMatching(/exists with respect to W itself/) });
  });

  it("keeps each (b) choice's right option from standing out: never the longest, and in more than one position over seeds", () => {
    for (const partId of ["b.matrix", "b.why"]) {
      const spec = v.parts.find((part) => part.id === partId)!.answer as { options: { id: string; text: string }[] };
      const right = spec.options.find((option) => option.id === reference(v, partId))!;
      expect(right.text.length).toBeLessThan(Math.max(...spec.options.map((option) => option.text.length)));
      const positions = new Set(
        Array.from({ length: 20 }, (_, seed) => variant("chain-rule", seed).public.parts.find((part) => part.id === partId)!.answer).map(
          (answer) => (answer as { options: { id: string }[] }).options.findIndex((option) => option.id === right.id),
        ),
      );
      expect(positions.size).toBeGreaterThan(1);
    }
  });

  it("accepts the chain rule Jf @ Jg, which the engine confirms on composed maps", () => {
    // f: R^3 → R^2 and g: R^4 → R^3, smooth and nonlinear; J(f∘g)(x) = Jf(g(x)) Jg(x).
    const A = tensor([
      [0.3, -1.2, 0.5, 0.8],
      [1.1, 0.4, -0.7, 0.2],
      [-0.5, 0.9, 0.6, -1.3],
    ]);
    const B = tensor([
      [0.7, -0.4, 1.5],
      [-1.1, 0.6, 0.2],
    ]);
    const g = (x: Tensor) => A.matmul(x).tanh();
    const f = (u: Tensor) => B.matmul(u).sigmoid();
    const x = tensor([0.2, -0.5, 0.9, 0.1]);
    const composed = jacobian((input) => f(g(input)), x).toArray() as number[][];
    const product = jacobian(f, g(x).detach()).matmul(jacobian(g, x)).toArray() as number[][];
    expect([composed.length, composed[0].length]).toEqual([2, 4]);
    // Both sides are float64 sums of a few products of O(1) terms: they agree to rounding, far inside 1e-12.
    composed.forEach((row, i) => row.forEach((value, j) => expect(Math.abs(value - product[i][j])).toBeLessThan(1e-12)));
    expect(grade(v, "a.formula", "Jf @ Jg").score).toBe(1);
  });

  it("refuses the product in the wrong order with a shape message that uses no attempt", () => {
    const part = grade(v, "a.formula", "Jg @ Jf");
    expect(part.result?.status).toBe("invalid");
    expect(part.feedback).toMatch(/n×l|n×ℓ/);
  });

  it("grades the numeric Jacobian of f∘g at x0 against the engine, and names a missing tanh′", () => {
    const J = reference(v, "c.value") as number[][];
    const { m, l } = v.params as { m: number; l: number };
    expect([J.length, J[0].length]).toEqual([m, l]);
    expect(grade(v, "c.value", J).score).toBe(1);
    const { A, B } = v.params as { A: number[][]; B: number[][] };
    const BA = tensor(B).matmul(tensor(A)).toArray();
    expect(grade(v, "c.value", BA).feedback).toMatch(/tanh/);
  });
});

describe("nn-backprop", () => {
  const v = variant("nn-backprop", 0);

  it("uses the handout's network at seed 0 (d = 2 inputs, h = 4 hidden units) and rectangular sizes elsewhere", () => {
    expect(v.params).toMatchObject({ d: 2, h: 4 });
    for (let seed = 1; seed < 30; seed++) {
      const { d, h } = variant("nn-backprop", seed).params as { d: number; h: number };
      expect(d).not.toBe(h);
    }
  });

  it.each([
    "(W1.T * z * (1 - z)) @ x.T",
    "diag(z * (1 - z)) @ W1.T @ x.T",
    "(W1.T * sigmoid(W0 @ x + b0) * (1 - sigmoid(W0 @ x + b0))) @ x.T",
  ])("accepts %s for ∂y/∂W0", (answer) => {
    expect(grade(v, "d.dW0", answer).score).toBe(1);
  });

  it.each(["(W1 * z * (1 - z)) @ x.T", "W1.T * z * (1 - z) * x.T"])("rejects %s with a shape message, using no attempt", (answer) => {
    const part = grade(v, "d.dW0", answer);
    expect(part.result?.status).toBe("invalid");
    expect(part.feedback).toMatch(/×/);
  });

  it("rejects (W1.T * z) @ x.T as a wrong value, saying the (1 − z) factor is missing", () => {
    const part = grade(v, "d.dW0", "(W1.T * z) @ x.T");
    expect(part.result?.status).toBe("graded");
    expect(part.score).toBe(0);
    expect(part.feedback).toMatch(/\(1 − z\) factor/);
  });

  it("accepts the handout's layout ∂y/∂W1 = z with a note, since the reference is W1's own shape", () => {
    const part = grade(v, "b.dW1", "z");
    expect(part.score).toBe(1);
    expect(part.feedback).toMatch(/transpose|layout/i);
  });

  it("computes the numeric gradients with the engine's backward pass", () => {
    const { W0, b0, W1, x } = v.params as Record<string, number[][]>;
    const z = tensor(W0).matmul(tensor(x)).add(tensor(b0)).sigmoid();
    const expected = tensor(W1).T.mul(z).mul(z.neg().add(1)).matmul(tensor(x).T).toArray() as number[][];
    const actual = reference(v, "e.dW0") as number[][];
    actual.forEach((row, i) => row.forEach((value, j) => expect(value).toBeCloseTo(expected[i][j], 14)));
    expect(grade(v, "e.dW0", actual).score).toBe(1);
  });

  it("never shows a student the formula of z or y, or the known mistakes", () => {
    const shown = JSON.stringify(v.public);
    expect(shown).not.toContain("sigmoid(W0 @ x + b0)");
    expect(shown).not.toContain("W1 @ z + b1");
    expect(shown).not.toContain("(W1.T * z) @ x.T");
  });

  /** e.dW0 and e.db0 worked by hand: z = σ(W0 x + b0) rounded to `decimals` places, then (W1ᵀ ∘ z ∘ (1 − z)) and its product with xᵀ. */
  const byHand = (seed: number, decimals: number) => {
    const params = variant("nn-backprop", seed).params as { W0: number[][]; b0: number[][]; W1: number[][]; x: number[][] };
    const z = params.W0.map((row, i) => row.reduce((sum, w, j) => sum + w * params.x[j][0], params.b0[i][0])).map((a) =>
      Number((1 / (1 + Math.exp(-a))).toFixed(decimals)),
    );
    const db0 = z.map((zi, i) => [params.W1[0][i] * zi * (1 - zi)]);
    return { db0, dW0: db0.map(([g]) => params.x.map(([xj]) => g * xj)) };
  };

  it("accepts e.dW0 and e.db0 worked by hand with z to 6 decimals on seeds 0–19 (3 significant figures per entry)", () => {
    for (let seed = 0; seed < 20; seed++) {
      const hand = byHand(seed, 6);
      const w = variant("nn-backprop", seed);
      expect([grade(w, "e.dW0", hand.dW0).score, grade(w, "e.db0", hand.db0).score]).toEqual([1, 1]);
    }
  });

  it("names the saturated units of a hand computation with z to 4 decimals as a rounding problem, not a wrong answer", () => {
    // σ(−4.7) = 0.00901: to 4 decimals z(1 − z) keeps only 2 significant figures, short of the 3 asked for.
    const hand = byHand(0, 4);
    expect(grade(v, "e.db0", hand.db0).feedback).toBe(
      "2 of 4 entries are correct. Entries (1, 1) and (4, 1) are close but not correct to 3 significant figures: this looks " +
        "like a rounding problem rather than a wrong formula. Keep more digits in intermediate steps and round only at the end.",
    );
  });

  it("refuses a single number for e.db0 as invalid, asking for an h×1 vector", () => {
    expect(grade(v, "e.db0", "0.5")).toMatchObject({
      score: 0,
      result: { status: "invalid", feedback: "enter an h×1 vector, not a single number" },
    });
  });
});

describe("zero-init", () => {
  const v = variant("zero-init", 0);
  const h = 4;

  it("reproduces the handout's values at zero initialisation", () => {
    expect(reference(v, "a.z")).toEqual(Array.from({ length: h }, () => [0.5]));
    expect(reference(v, "a.y")).toBe(0);
    expect(reference(v, "b.dW1")).toEqual([Array.from({ length: h }, () => 0.5)]);
    expect(reference(v, "b.db1")).toBe(1);
    expect(reference(v, "b.dW0")).toEqual(Array.from({ length: h }, () => [0, 0]));
    expect(reference(v, "b.db0")).toEqual(Array.from({ length: h }, () => [0]));
  });

  // Parts (c) and (d) on 200 seeds: their references, what the engine's descent does, and how the answers spread.
  const SEEDS = Array.from({ length: 200 }, (_, seed) => seed);
  const variants = SEEDS.map((seed) => variant("zero-init", seed));
  const paramsOf = (other: Variant) => other.params as ZeroInitParams;
  const pairIds = (pairs: [number, number][]) => pairs.map(([i, j]) => `units-${i + 1}-${j + 1}`);
  const tally = (values: string[]) =>
    values.reduce((counts, value) => counts.set(value, (counts.get(value) ?? 0) + 1), new Map<string, number>());

  it("takes (c) and (d) from the engine's gradient descent: identical units stay equal, every other pair ends at least 1e-3 apart", () => {
    for (const other of variants) {
      const params = paramsOf(other);
      const history = descend(params.groupedStart, params.x, params.descent);
      const end = history[params.descent.steps];
      expect(reference(other, "d.symmetry")).toBe(countDistinctUnits(end));
      expect(reference(other, "c.pairs")).toEqual(pairIds(params.pairs.filter(([i, j]) => unitsEqual(end, i, j))));
      for (let i = 0; i < params.h; i++) {
        for (let j = i + 1; j < params.h; j++) {
          const unit = (k: number) => [...end.W0[k], end.b0[k][0], end.W1[0][k]];
          const gap = Math.max(...unit(i).map((value, k) => Math.abs(value - unit(j)[k])));
          // The symmetry argument: units that start identical get identical gradients, computed in the same order, so they stay
          // bitwise equal.
          if (pairKind(params.groupedStart, i, j) === "identical") expect(gap).toBe(0);
          // Units that start different, even with the same zᵢ, separate: 1e-3 is far above float64 rounding (≈1e-16 here).
          else expect(gap).toBeGreaterThanOrEqual(1e-3);
        }
      }
    }
  });

  it("makes (c)'s right pairs exactly the pairs that start identical, and every wrong option a pair that does not", () => {
    for (const other of variants) {
      const params = paramsOf(other);
      const right = reference(other, "c.pairs") as string[];
      const identical = params.pairs.filter(([i, j]) => pairKind(params.groupedStart, i, j) === "identical");
      expect(right).toEqual(pairIds(identical));
      // At least one right and one tempting wrong pair (same zᵢ, different outgoing weight) on every seed.
      expect(right.length).toBeGreaterThanOrEqual(1);
      expect(params.pairs.some(([i, j]) => pairKind(params.groupedStart, i, j) === "same-incoming")).toBe(true);
      for (const id of pairIds(params.pairs).filter((id) => !right.includes(id))) expect(grade(other, "c.pairs", [id]).score).toBe(0);
      expect(grade(other, "c.pairs", pairIds(params.pairs)).score).toBe(0);
    }
  });

  it("makes each of (d)'s tempting counts (h, the distinct incoming weights, 1) wrong on every seed, each with its own message", () => {
    for (const other of variants) {
      const params = paramsOf(other);
      const count = reference(other, "d.symmetry") as number;
      const incoming = countDistinctIncoming(params.groupedStart);
      expect([params.h, incoming, 1]).not.toContain(count);
      expect(grade(other, "d.symmetry", params.h)).toMatchObject({ score: 0, feedback: expect.stringMatching(/never separate/) });
      expect(grade(other, "d.symmetry", incoming)).toMatchObject({
        score: 0,
        feedback: expect.stringMatching(/same zᵢ but different outgoing weights/),
      });
      expect(grade(other, "d.symmetry", 1).score).toBe(0);
    }
  });

  it("spreads (c) and (d) over seeds so that no constant guess passes: measured on seeds 0–199", () => {
    const counts = tally(variants.map((other) => String(reference(other, "d.symmetry"))));
    // Measured: 2 → 68, 3 → 72, 4 → 42, 5 → 18 seeds: the best constant guess (3) is right on 36%.
    expect([...counts.keys()].sort()).toEqual(["2", "3", "4", "5"]);
    for (const seeds of counts.values()) expect(seeds).toBeGreaterThanOrEqual(15);
    expect(Math.max(...counts.values())).toBeLessThan(0.4 * SEEDS.length);
    const rightSets = tally(variants.map((other) => (reference(other, "c.pairs") as string[]).join(",")));
    // Measured: the most common right set (units 2 and 4 alone) on 19 seeds; 1 right pair on 137 seeds, 2 on 49, 3 on 14.
    expect(Math.max(...rightSets.values())).toBeLessThan(0.15 * SEEDS.length);
    const rightCounts = tally(variants.map((other) => String((reference(other, "c.pairs") as string[]).length)));
    expect([...rightCounts.keys()].sort()).toEqual(["1", "2", "3"]);
    for (const seeds of rightCounts.values()) expect(seeds).toBeGreaterThanOrEqual(10);
  });

  it("holds the grouped start's plot, which answers (c) and (d), until both are settled; the random start's units all differ", () => {
    for (const other of variants.slice(0, 4)) {
      const { grouped, random } = other.heldExtras.symmetryTrajectories.value as { grouped: number[][]; random: number[][] };
      expect(other.heldExtras.symmetryTrajectories.answers).toEqual(["c.pairs", "d.symmetry"]);
      expect(JSON.stringify(other.public)).not.toContain(JSON.stringify(grouped));
      expect(new Set(random[random.length - 1]).size).toBe(paramsOf(other).h);
    }
  });

  it("explains σ(0) = 1/2 to a student who answers z = 0", () => {
    expect(
      grade(
        v,
        "a.z",
        Array.from({ length: h }, () => [0]),
      ).feedback,
    ).toMatch(/σ\(0\) is not 0/);
  });
});

describe("cnn-shapes", () => {
  const v = variant("cnn-shapes", 0);

  it("uses the handout's stack on (N, 3, 64, 64) at seed 0", () => {
    expect(v.params).toEqual(HANDOUT_CNN);
  });

  it("computes every output shape and parameter count of the handout's table", () => {
    expect(["a.1", "a.2", "a.3", "a.4", "a.5", "a.6", "a.7", "a.8"].map((id) => reference(v, id))).toEqual([
      ["N", 16, 64, 64],
      ["N", 16, 32, 32],
      ["N", 32, 30, 30],
      ["N", 32, 16, 16],
      ["N", 8, 16, 16],
      ["N", 4, 12, 12],
      ["N", 576],
      ["N", 10],
    ]);
    expect(["b.1", "b.2", "b.3", "b.4", "b.5", "b.6", "b.7", "b.8"].map((id) => reference(v, id))).toEqual([
      448, 0, 4640, 0, 264, 804, 0, 5770,
    ]);
  });

  it("computes the dense equivalents; the handout's 805306512 for layer 1 is wrong, 3·64·64·16·64·64 + 16·64·64 = 805371904", () => {
    expect(reference(v, "b.1.dense")).toBe(805371904);
    expect(3 * 64 * 64 * 16 * 64 * 64 + 16 * 64 * 64).toBe(805371904);
    expect(reference(v, "b.3.dense")).toBe(471888000);
    expect(reference(v, "b.5.dense")).toBe(16779264);
    expect(reference(v, "b.6.dense")).toBe(1180224);
    expect(grade(v, "b.1.dense", "805306512").score).toBe(0);
  });

  it("names the handout key's slip when a student copies 805306512, without giving the count", () => {
    const result = grade(v, "b.1.dense", "805306512");
    expect(result).toMatchObject({ score: 0, result: { status: "graded", mistakeId: "handout-key-slip" } });
    expect(result.feedback).toMatch(/handout's key, which has an arithmetic slip/);
    expect(result.feedback).not.toMatch(/805371904|8\.05371904/);
  });

  it("accepts the count written as a whole number in scientific notation or with .0", () => {
    for (const written of ["805371904.0", "8.05371904e8", "8.05371904 × 10^8", "8.05371904×10^8", "8.05371904·10^8"]) {
      expect(grade(v, "b.1.dense", written).score).toBe(1);
    }
    expect(grade(v, "b.1", "448.0").score).toBe(1);
    expect(grade(v, "b.1", "4.48e2").score).toBe(1);
  });

  it("accepts a count left as a product, as the handout allows", () => {
    expect(grade(v, "b.1", "3*16*3*3 + 16").score).toBe(1);
    expect(grade(v, "b.6.dense", "1,180,224").score).toBe(1);
  });

  it("names ignored padding for the second pooling layer", () => {
    expect(grade(v, "a.4", "(N, 32, 15, 15)").feedback).toMatch(/padding/);
  });

  it("draws other valid stacks with the same layer types on other seeds", () => {
    const types = HANDOUT_CNN.layers.map((layer) => layer.type);
    const seen = new Set<string>();
    for (let seed = 1; seed < 40; seed++) {
      const params = variant("cnn-shapes", seed).params as typeof HANDOUT_CNN;
      expect(params.layers.map((layer) => layer.type)).toEqual(types);
      seen.add(JSON.stringify(params));
    }
    expect(seen.size).toBeGreaterThan(30);
  });
});
