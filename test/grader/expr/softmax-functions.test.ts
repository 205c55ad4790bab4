import { tensor } from "@/grader/autograd";
import {
  analyzeExpression,
  checkExpression,
  compileCheck,
  compileEnvironment,
  drawInstances,
  evaluate,
  parseExpression,
  toLatex,
  type ExpressionContextInput,
  type Instance,
} from "@/grader/expr";

/** softmax, logsumexp, step and one-hot targets: what Section 08's formulas are written with. */
const context: ExpressionContextInput = {
  dimensions: { C: { min: 3, max: 5 }, N: { min: 2, max: 4 } },
  variables: { z: { shape: ["C"] }, Z: { shape: ["C", "N"] }, t: { shape: ["C"], distribution: { kind: "onehot" } } },
  definitions: { L: "-sum(t * log(softmax(z)))" },
};
const environment = compileEnvironment(context);

function typed(source: string, allowGrad = false) {
  const analysis = analyzeExpression(source, environment, { allowGrad });
  if (!analysis.ok) throw analysis.error;
  return analysis.typed;
}

const logits = [[1], [2], [3]];
const batch = [
  [1, -1],
  [2, 0.5],
  [1000, 3],
];
const instance: Instance = {
  dims: { C: 3, N: 2 },
  values: new Map([
    ["z", tensor(logits)],
    ["Z", tensor(batch)],
    ["t", tensor([[0], [1], [0]])],
  ]),
};
const value = (source: string, allowGrad = false) => evaluate(typed(source, allowGrad), environment, instance).toArray() as number[][];

describe("softmax(A)", () => {
  it("normalises a column vector over its entries (tolerance 1e-15: the same float64 ops in another order)", () => {
    const total = Math.exp(1) + Math.exp(2) + Math.exp(3);
    const result = value("softmax(z)");
    [1, 2, 3].forEach((logit, i) => expect(result[i][0]).toBeCloseTo(Math.exp(logit) / total, 15));
  });

  it("normalises each column of a matrix, and stays finite at a logit of 1000", () => {
    const result = value("softmax(Z)");
    expect(typed("softmax(Z)").shape).toEqual(["C", "N"]);
    expect(result[2][0]).toBe(1);
    expect(result[0][0]).toBe(0);
    expect(result[0][1] + result[1][1] + result[2][1]).toBeCloseTo(1, 15);
  });

  it("takes torch's dim as an axis: 1 normalises each row", () => {
    const rows = value("softmax(Z, 1)");
    expect(rows[0][0]).toBeCloseTo(Math.exp(1) / (Math.exp(1) + Math.exp(-1)), 15);
    expect(value("torch.softmax(Z, dim=1)")).toEqual(rows);
    expect(value("F.softmax(Z, dim=0)")).toEqual(value("softmax(Z)"));
  });

  it("normalises a row vector along the row, as the same vector written the other way", () => {
    expect(value("softmax(z.T)")).toEqual(value("softmax(z).T"));
  });

  it("has the gradient softmax(z) − t under the cross-entropy with a one-hot t", () => {
    const gradient = value("grad(L, z)", true);
    const expected = value("softmax(z) - t");
    gradient.forEach((row, i) => expect(row[0]).toBeCloseTo(expected[i][0], 14));
  });
});

describe("keyword arguments", () => {
  it("drops dim= and axis= only before an argument, so a quantity named dim is still a name", () => {
    const withDim = compileEnvironment({ dimensions: { n: { min: 2, max: 3 } }, variables: { dim: { shape: ["n"] } } });
    const analysis = analyzeExpression("dim + softmax(dim, axis=0)", withDim);
    expect(analysis.ok && analysis.interpretation?.canonical).toBe("dim + softmax(dim, 0)");
  });

  it("reads scipy.special.logsumexp as logsumexp", () => {
    expect(value("scipy.special.logsumexp(z)")).toEqual(value("logsumexp(z)"));
  });
});

describe("logsumexp(A)", () => {
  it("is a scalar for a vector and agrees with log(sum(exp(z))) where that does not overflow", () => {
    expect(typed("logsumexp(z)").shape).toEqual([1, 1]);
    expect(value("logsumexp(z)")[0][0]).toBeCloseTo(Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)), 14);
  });

  it("gives one value per column of a matrix, finite where exp overflows float64", () => {
    expect(typed("logsumexp(Z)").shape).toEqual([1, "N"]);
    const [[first, second]] = value("logsumexp(Z)");
    expect(first).toBe(1000);
    expect(second).toBeCloseTo(Math.log(Math.exp(-1) + Math.exp(0.5) + Math.exp(3)), 14);
    expect(value("log(sum(exp(Z), 0))")[0][0]).toBe(Infinity);
    expect(typed("logsumexp(Z, axis=1)").shape).toEqual(["C", 1]);
  });

  it("has the softmax as its gradient", () => {
    const gradient = value("grad(logsumexp(z), z)", true);
    const softmax = value("softmax(z)");
    gradient.forEach((row, i) => expect(row[0]).toBeCloseTo(softmax[i][0], 15));
  });
});

describe("step(A)", () => {
  it("is relu's derivative: 1 where positive, 0 elsewhere, 0 at 0 as in PyTorch", () => {
    const zero = new Map(instance.values);
    zero.set(
      "Z",
      tensor([
        [0, -2],
        [3, 0.5],
        [-1, 0],
      ]),
    );
    expect(evaluate(typed("step(Z)"), environment, { ...instance, values: zero }).toArray()).toEqual([
      [0, 0],
      [1, 1],
      [0, 0],
    ]);
  });

  it("is accepted as heaviside(…)", () => {
    expect(value("heaviside(Z)")).toEqual(value("step(Z)"));
  });
});

describe("one-hot variables", () => {
  it("draw one 1 per column and 0 elsewhere", () => {
    const batchTargets = compileEnvironment({
      dimensions: { C: { min: 3, max: 5 }, N: { min: 2, max: 4 } },
      variables: { Y: { shape: ["C", "N"], distribution: { kind: "onehot" } } },
    });
    for (const drawn of drawInstances(batchTargets, 8, 3)) {
      const rows = drawn.values.get("Y")!.toArray() as number[][];
      expect(rows.length).toBe(drawn.dims.C);
      for (let j = 0; j < drawn.dims.N; j++) {
        const column = rows.map((row) => row[j]);
        expect(column.filter((entry) => entry === 1)).toHaveLength(1);
        expect(column.filter((entry) => entry === 0)).toHaveLength(drawn.dims.C - 1);
      }
    }
  });
});

describe("grading with the new functions", () => {
  const part = compileCheck({ context }, "grad(L, z)");
  it.each([
    "softmax(z) - t",
    "exp(z) / sum(exp(z)) - t",
    "exp(z - logsumexp(z)) - t",
    "\\mathrm{softmax}(z) - t",
    "torch.softmax(z, dim=0) - t",
  ])("accepts %s for ∂L/∂z", (answer) => {
    expect(checkExpression(part, answer).status).toBe("correct");
  });

  it.each(["softmax(z)", "t - softmax(z)", "softmax(z) * (1 - softmax(z)) - t"])("refuses %s", (answer) => {
    expect(checkExpression(part, answer).status).toBe("wrong");
  });
});

describe("LaTeX", () => {
  it("writes softmax, logsumexp and step as named operators", () => {
    const latex = (source: string) => toLatex(parseExpression(source).root);
    expect(latex("softmax(z) - t")).toBe("\\operatorname{softmax}\\left(z\\right) - t");
    expect(latex("logsumexp(z)")).toBe("\\operatorname{logsumexp}\\left(z\\right)");
    expect(latex("step(z)")).toBe("\\operatorname{step}\\left(z\\right)");
    expect(latex("softmax(Z, 1)")).toBe("\\operatorname{softmax}\\left(Z, \\mathrm{dim}=1\\right)");
  });
});
