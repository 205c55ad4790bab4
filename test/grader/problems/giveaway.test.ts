import { BANK } from "@/grader/bank";
import {
  answerGiveaways,
  buildVariant,
  givesAwayAnswer,
  promptQuantity,
  quantityKey,
  statedNumbers,
  validateProblem,
  type ProblemDefinition,
} from "@/grader/problems";

// zero-init's references at zero initialisation (h = 4), for the texts it used to show.
const Z = {
  reference: [[0.5], [0.5], [0.5], [0.5]],
  quantity: promptQuantity("(a) $z$ after the forward pass, as an $h \\times 1$ column."),
};
const Y = { reference: 0, quantity: promptQuantity("(a) $y$ after the forward pass.") };
const DB1 = { reference: 1, quantity: promptQuantity("(b) $\\partial y / \\partial b^{(1)}$.") };
const DW0 = {
  reference: [
    [0, 0],
    [0, 0],
  ],
  quantity: promptQuantity("(b) $\\partial y / \\partial W^{(0)}$, as an $h \\times d$ matrix."),
};
const COUNT = {
  reference: 1,
  quantity: promptQuantity(
    "(d) Start every weight and bias at $c = 0.3$ and take 10 steps. How many different hidden units are there at the end?",
  ),
};

describe("what gives another part's answer away", () => {
  it("reads a quantity the same in LaTeX and in Unicode", () => {
    expect(quantityKey("\\partial y / \\partial b^{(1)}")).toBe("∂y/∂b(1)");
    expect(quantityKey("∂y/∂b⁽¹⁾")).toBe("∂y/∂b(1)");
    expect(DB1.quantity).toBe("∂y/∂b(1)");
  });

  it("reads stated values in every form a student reads, as whole terms only", () => {
    expect(statedNumbers("zᵀ = ½ and t = 1/2, s = \\frac{1}{2}, r ≈ 0.5, y is −1").map((s) => s.value)).toEqual([0.5, 0.5, 0.5, 0.5, -1]);
    // The start of a longer term, and a denial, state nothing.
    expect(statedNumbers("σ(0) = 1/(1 + e⁰), and a = 1 − z, and y is not 0")).toEqual([]);
  });

  it("flags the texts zero-init used to show: z = ½, ∂y/∂b⁽¹⁾ = 1 and y is 0", () => {
    const old =
      "Not all of them: ∂y/∂W⁽¹⁾ = zᵀ = ½ and ∂y/∂b⁽¹⁾ = 1, so the output layer does learn (and W⁽⁰⁾ follows once W⁽¹⁾ is no longer 0).";
    expect(givesAwayAnswer(old, Z)).toMatch(/states zT = 0.5/);
    expect(givesAwayAnswer(old, DB1)).toMatch(/states ∂y\/∂b\(1\) = 1/);
    expect(givesAwayAnswer("y is 0 only before the first step; b⁽¹⁾ and W⁽¹⁾ change at once.", Y)).toMatch(/states y = 0/);
    expect(givesAwayAnswer("σ(0) is not 0: σ(0) = 1/(1 + e⁰) = 1/2.", Z)).toMatch(/0.5/);
  });

  it("does not count 0 or 1 stated about something else: a premise, another quantity, a count", () => {
    expect(givesAwayAnswer("y = W⁽¹⁾z + b⁽¹⁾ and W⁽¹⁾ = 0, so z does not reach the output.", DW0)).toBeNull();
    expect(givesAwayAnswer("y = W⁽¹⁾z + b⁽¹⁾, so ∂y/∂b⁽¹⁾ = 1 whatever the weights.", COUNT)).toBeNull();
    expect(givesAwayAnswer("σ(0) is not 0: evaluate σ(t) = 1/(1 + e⁻ᵗ) at t = 0.", Y)).toBeNull();
  });

  it("counts a distinctive number anywhere, as printed to fewer digits", () => {
    const matrix = { reference: [[-0.015895131392856476, 0.2853230002271583]] };
    expect(givesAwayAnswer("The second entry should be about 0.2853.", matrix)).toMatch(/0.2853/);
    expect(givesAwayAnswer("Entries near 0.29 are plausible.", matrix)).toBeNull();
  });

  it("counts a shape written whole, and a formula in any spacing", () => {
    expect(givesAwayAnswer("The output is (N, 64, 32, 32) after the pooling.", { reference: ["N", 64, 32, 32] })).toMatch(/shape/);
    expect(givesAwayAnswer("That is 64 × 32 × 32.", { reference: [64, 32, 32] })).toMatch(/shape/);
    expect(givesAwayAnswer("Multiply: the answer is Jf @ Jg.", { reference: "grad(y, x)", written: ["Jf@Jg"] })).toMatch(/Jf@Jg/);
    expect(givesAwayAnswer("Go backwards: ∂L/∂y = y − t.", { reference: "grad(L, y)", written: ["y - t"] })).toBeNull();
  });
});

describe("the bank's texts", () => {
  it.each(BANK.map((entry) => [entry.problem.slug, entry.problem] as const))(
    "%s: no part's feedback or hint gives another part's answer away, on 50 seeds",
    (_slug, problem) => {
      let checks = 0;
      for (let seed = 0; seed < 50; seed++) {
        const { checks: made, found } = answerGiveaways(problem, buildVariant(problem, seed));
        checks += made;
        expect(found).toEqual([]);
      }
      // A problem of free-text parts only has no reference, so nothing of it can be given away.
      const graded = problem.parts.some((part) => typeof part.answer === "function" || part.answer.kind !== "freeText");
      expect(checks > 0).toBe(graded);
    },
  );
});

describe("validateProblem", () => {
  it("fails a problem whose hint states another part's answer", () => {
    const leaky: ProblemDefinition<{ a: number }> = {
      slug: "leaky",
      version: 1,
      title: "Leaky",
      statement: ({ a }) => `Let $a = ${a}$.`,
      draw: () => ({ a: 0.25 }),
      displayParams: ({ a }) => [{ name: "a", latex: "a", display: { kind: "scalar", value: a } }],
      parts: [
        {
          id: "half",
          prompt: "$h$, half of $a$.",
          points: 1,
          answer: { kind: "number" },
          reference: ({ a }) => a / 2,
          examples: () => ({ correct: [0.125], wrong: [] }),
        },
        {
          id: "double",
          prompt: "$d$, twice $a$.",
          points: 1,
          answer: { kind: "number" },
          reference: ({ a }) => 2 * a,
          hints: ["Remember that h = 0.125 here."],
          examples: () => ({ correct: [0.5], wrong: [] }),
        },
      ],
    };
    const report = validateProblem(leaky, 2);
    expect(report.failures).toEqual(
      [0, 1].map((seed) => ({
        slug: "leaky",
        seed,
        part: "half",
        message: expect.stringMatching(/part double's hint 1 gives this part's answer away/),
      })),
    );
  });
});
