import { parseAnswer } from "@/grader/answers";
import { latexNumber, matrixToLatex, matrixToNumpy, pythonFloat } from "@/app/components/math/latex";

describe("matrices as LaTeX", () => {
  it("writes rows with & and \\\\ inside a bmatrix, keeping a column vector n×1", () => {
    expect(
      matrixToLatex([
        [1.5, -2],
        [-1.9, -1.9],
      ]),
    ).toBe("\\begin{bmatrix} 1.5 & -2 \\\\ -1.9 & -1.9 \\end{bmatrix}");
    expect(matrixToLatex([[-0.3], [0.6]])).toBe("\\begin{bmatrix} -0.3 \\\\ 0.6 \\end{bmatrix}");
  });

  it("writes exponents as a power of ten rather than JavaScript's e-notation", () => {
    expect(latexNumber(1.5e-7)).toBe("1.5 \\times 10^{-7}");
    expect(latexNumber(2e21)).toBe("2 \\times 10^{21}");
    expect(latexNumber(0.011433035648310264)).toBe("0.011433035648310264");
  });
});

describe("matrices as NumPy", () => {
  it("writes whole numbers with .0 so that NumPy makes a float64 array", () => {
    expect(pythonFloat(2)).toBe("2.0");
    expect(pythonFloat(-0.8)).toBe("-0.8");
    expect(pythonFloat(1e-7)).toBe("1e-7");
    expect(matrixToNumpy([[-0.8, -0.9, 2, 1.8]])).toBe("np.array([[-0.8, -0.9, 2.0, 1.8]])");
  });

  it("keeps a column vector as an n×1 array, one row per line", () => {
    expect(matrixToNumpy([[-1.6], [1]])).toBe("np.array([\n    [-1.6],\n    [1.0],\n])");
  });

  // So that a copied parameter pasted back into an answer grid reads as the same numbers.
  it("round-trips through the grader's own matrix parser", () => {
    const spec = { kind: "matrix" as const, rtol: 0, atol: 0, partialCredit: false };
    const withExponent = [
      [1.5, -2],
      [-1.9, 1e-9],
      [0.4, 1.8],
    ];
    const numpy = parseAnswer(spec, matrixToNumpy(withExponent));
    expect(numpy.ok && numpy.value).toEqual({ shape: [3, 2], data: withExponent.flat() });
    // The grader reads plain decimals in LaTeX, not "\times 10^{…}", which is written for people.
    const decimals = [
      [1.5, -2],
      [-1.9, 0.001],
    ];
    const latex = parseAnswer(spec, matrixToLatex(decimals));
    expect(latex.ok && latex.value).toEqual({ shape: [2, 2], data: decimals.flat() });
  });
});
