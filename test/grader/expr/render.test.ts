import { analyzeExpression, compileEnvironment, parseExpression, toCanonical, toLatex } from "../../../grader/expr";
import { nnContext } from "./nn-backprop";

const environment = compileEnvironment(nnContext);

describe("LaTeX for the “interpreted as” preview", () => {
  it("renders the 2.1(d) answer with the problem's names, ⊙ and a transpose", () => {
    const analysis = analyzeExpression("(W1^T ∘ z ∘ (1 - z)) · x'", environment);
    expect(analysis.ok).toBe(true);
    expect(analysis.interpretation?.canonical).toBe("(W1.T * z * (1 - z)) @ x.T");
    expect(analysis.interpretation?.latex).toBe("\\left({W^{(1)}}^{\\top} \\odot z \\odot \\left(1 - z\\right)\\right) \\, {x}^{\\top}");
  });

  it("writes functions, powers, fractions and grad as mathematics", () => {
    const latex = (source: string) => toLatex(parseExpression(source).root);
    expect(latex("sigmoid(a) * (1 - sigmoid(a))")).toBe("\\sigma\\left(a\\right) \\odot \\left(1 - \\sigma\\left(a\\right)\\right)");
    expect(latex("x ** 2 / 2")).toBe("\\frac{{x}^{2}}{2}");
    expect(latex("grad(y, W0)")).toBe("\\frac{\\partial y}{\\partial W_{0}}");
    expect(latex("ones(h, 1) + eye(d) @ x")).toBe("\\mathbf{1}_{h\\times 1} + I_{d} \\, x");
    expect(latex("1e-7 * x")).toBe("1 \\times 10^{-7} \\odot x");
  });

  it("shows a division by a non-scalar as ⊘ when shapes are known", () => {
    const analysis = analyzeExpression("z / (1 + z)", environment);
    expect(analysis.interpretation?.latex).toBe("z \\oslash \\left(1 + z\\right)");
  });
});

describe("each sub-expression's shape, for the preview", () => {
  it("lists every sub-expression with its span, text and shape", () => {
    const analysis = analyzeExpression("W1.T * z", environment);
    expect(analysis.interpretation?.parts).toEqual([
      { id: 0, start: 0, end: 2, canonical: "W1", shape: [1, "h"], shapeText: "1×h" },
      { id: 1, start: 0, end: 4, canonical: "W1.T", shape: ["h", 1], shapeText: "h×1" },
      { id: 2, start: 7, end: 8, canonical: "z", shape: ["h", 1], shapeText: "h×1" },
      { id: 3, start: 0, end: 8, canonical: "W1.T * z", shape: ["h", 1], shapeText: "h×1" },
    ]);
  });

  it("keeps the shapes found before a mismatch, and none after it", () => {
    const analysis = analyzeExpression("(W1 * z) @ x.T", environment);
    expect(analysis.ok).toBe(false);
    const byText = Object.fromEntries(analysis.interpretation!.parts.map((part) => [part.canonical, part.shapeText]));
    expect(byText).toEqual({ W1: "1×h", z: "h×1", "W1 * z": null, x: null, "x.T": null, "(W1 * z) @ x.T": null });
  });
});

describe("canonical text", () => {
  it("re-parses to the same canonical text", () => {
    for (const source of ["-(a - b) ** 2", "a - -b", "(a @ b).T * c", "x ** -1", "sum(W0, 1) / h"]) {
      const once = toCanonical(parseExpression(source).root);
      expect(toCanonical(parseExpression(once).root)).toBe(once);
    }
  });
});
