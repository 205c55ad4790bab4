import { tensor } from "../../../grader/autograd";
import { AnswerErrorCode, gradeAnswer, parseAnswer, parseAnswerSpec } from "../../../grader/answers";
import { located } from "./located";

const spec = parseAnswerSpec({ kind: "matrix" });
const partial = parseAnswerSpec({ kind: "matrix", partialCredit: true });
const twoByTwo = { ok: true, value: { shape: [2, 2], data: [1, 2, 3, 4] } };

describe("matrix answers: the pasted formats", () => {
  it.each([
    ["NumPy", "np.array([[1,2],[3,4]])"],
    ["NumPy with a dtype", "numpy.array([[1., 2.], [3., 4.]], dtype=np.float64)"],
    ["NumPy's printed form", "array([[1., 2.],\n       [3., 4.]])"],
    ["print(A) without commas", "[[1. 2.]\n [3. 4.]]"],
    ["PyTorch", "torch.tensor([[1.0, 2.0], [3.0, 4.0]])"],
    ["a Python list", "[[1, 2], [3, 4]]"],
    ["MATLAB", "[1 2; 3 4]"],
    ["MATLAB with commas", "[1, 2; 3, 4]"],
    ["LaTeX bmatrix", "\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}"],
    ["LaTeX pmatrix with spaces", "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}"],
    ["LaTeX array", "\\left[\\begin{array}{cc}1&2\\\\3&4\\end{array}\\right]"],
    ["a pasted grid", "1\t2\n3\t4\n"],
  ])("reads %s", (_name, raw) => {
    expect(parseAnswer(spec, raw)).toEqual(twoByTwo);
  });

  it("reads a grid of cells from the answer grid, numbers or text", () => {
    expect(
      parseAnswer(spec, [
        [1, "2"],
        ["3", " 4 "],
      ]),
    ).toEqual(twoByTwo);
  });

  it("reads LaTeX fractions and negative entries", () => {
    expect(parseAnswer(spec, "\\begin{bmatrix}-\\frac{1}{2} & 0.25\\end{bmatrix}")).toEqual({
      ok: true,
      value: { shape: [2], data: [-0.5, 0.25] },
    });
  });

  it("reads a 3-D tensor from nested lists", () => {
    expect(parseAnswer(spec, "[[[1, 2]], [[3, 4]]]")).toEqual({ ok: true, value: { shape: [2, 1, 2], data: [1, 2, 3, 4] } });
  });

  it("reads a flat list as a vector without orientation, and MATLAB's [1; 2] as a column", () => {
    expect(parseAnswer(spec, "[1, 2, 3]")).toEqual({ ok: true, value: { shape: [3], data: [1, 2, 3] } });
    expect(parseAnswer(spec, "[1; 2; 3]")).toEqual({ ok: true, value: { shape: [3, 1], data: [1, 2, 3] } });
  });
});

describe("matrix answers: transposed rows, tuples and rows on lines", () => {
  const column = { ok: true, value: { shape: [3, 1], data: [0.659, 0.242, 0.0986] } };

  it.each([
    "[0.659 0.242 0.0986]^T",
    "[0.659, 0.242, 0.0986]^{T}",
    "[0.659 0.242 0.0986].T",
    "[0.659 0.242 0.0986]'",
    "[0.659 0.242 0.0986]ᵀ",
    "[[0.659, 0.242, 0.0986]]^T",
    "(0.659, 0.242, 0.0986)^T",
    "[0.659 0.242 0.0986] ^\\top",
  ])("reads a transposed row %j as a column", (raw) => {
    expect(parseAnswer(spec, raw)).toEqual(column);
  });

  it("reads a transposed matrix as its transpose", () => {
    expect(parseAnswer(spec, "[[1, 3], [2, 4]]^T")).toEqual(twoByTwo);
    expect(parseAnswer(spec, "[1 3; 2 4]'")).toEqual(twoByTwo);
  });

  it("grades a transposed row as a column: right against n×1, the wrong shape against 1×n", () => {
    expect(gradeAnswer(spec, "[1 2 3]^T", [[1], [2], [3]]).score).toBe(1);
    expect(gradeAnswer(spec, "[1 2 3]^T", [[1, 2, 3]])).toMatchObject({
      status: "invalid",
      feedback: "expected 1×3, but got 3×1 (the transpose of the expected shape)",
    });
    expect(gradeAnswer(spec, "[1 2 3]^T", [1, 2, 3]).score).toBe(1);
  });

  it("refuses to transpose a tensor, where the transpose is written", () => {
    expect(located(parseAnswer(spec, "[[[1, 2]], [[3, 4]]]^T"))).toEqual([AnswerErrorCode.InvalidSyntax, 20, 2]);
  });

  it("reads a tuple as a vector without orientation, and a number in parentheses as a number", () => {
    expect(parseAnswer(spec, "(0.659, 0.242, 0.0986)")).toEqual({ ok: true, value: { shape: [3], data: [0.659, 0.242, 0.0986] } });
    expect(gradeAnswer(spec, "(1, 2, 3)", [[1, 2, 3]]).score).toBe(1);
    expect(parseAnswer(spec, "(1/2)")).toEqual({ ok: true, value: { shape: [], data: [0.5] } });
    expect(located(parseAnswer(spec, "(1, y, 3)"))).toEqual([AnswerErrorCode.InvalidNumber, 4, 1]);
  });

  it.each(["[1, 2]\n[3, 4]", "[1 2]\n[3 4]\n", "[1, 2],\n[3, 4]", "[1, 2];\r\n  [3, 4]"])("reads one bracketed row per line: %j", (raw) => {
    expect(parseAnswer(spec, raw)).toEqual(twoByTwo);
  });

  it("refuses rows on lines of different lengths, at the row", () => {
    expect(located(parseAnswer(spec, "[1, 2]\n[3, 4, 5]"))).toEqual([AnswerErrorCode.RaggedMatrix, 7, 9]);
  });

  it("reads MATLAB's bracketed rows separated by semicolons, [[1 2]; [3 4]]", () => {
    expect(parseAnswer(spec, "[[1 2]; [3 4]]")).toEqual(twoByTwo);
    expect(parseAnswer(spec, "[[1, 2]; [3, 4];]")).toEqual(twoByTwo);
  });

  it("keeps refusing ; between lists that are not all rows, or not between every two", () => {
    expect(located(parseAnswer(spec, "[[[1, 2]]; [[3, 4]]]"))).toEqual([AnswerErrorCode.RaggedMatrix, 0, 20]);
    expect(located(parseAnswer(spec, "[[1, 2], [3, 4]; [5, 6]]"))).toEqual([AnswerErrorCode.RaggedMatrix, 0, 24]);
  });

  it("reads entries in the handout's powers of ten when written without spaces", () => {
    expect(parseAnswer(spec, "[4.17x10^-1, 2.5⋅10⁻¹]")).toEqual({ ok: true, value: { shape: [2], data: [0.417, 0.25] } });
  });

  it("reads a power of ten with spaces in a grid cell, where the cell is the whole entry", () => {
    expect(parseAnswer(spec, [["4.17 x 10^-1", "2.5 ⋅ 10⁻¹"]])).toEqual({ ok: true, value: { shape: [1, 2], data: [0.417, 0.25] } });
  });

  it("refuses a power of ten written with spaces in a matrix (spaces separate entries), saying how to write it", () => {
    for (const raw of ["[4.17 x 10^-1, 2]", "4.17 × 10^-1 2"]) {
      const parsed = parseAnswer(spec, raw);
      expect(!parsed.ok && parsed.error.message).toBe(
        `“${raw.includes("x") ? "x" : "×"}” is not a number: spaces separate entries, so write a power of ten without them (4.17×10^-1) or as 4.17e-1`,
      );
    }
  });
});

describe("matrix answers: errors with positions", () => {
  it.each<[string, AnswerErrorCode, number, number]>([
    ["[[1, 2], [3]]", AnswerErrorCode.RaggedMatrix, 9, 3],
    ["[[1, 2], [3, x]]", AnswerErrorCode.InvalidNumber, 13, 1],
    ["[[1, 2], [3, 4]", AnswerErrorCode.InvalidSyntax, 0, 1],
    ["1 2\n3 4 5", AnswerErrorCode.RaggedMatrix, 4, 5],
    ["\\begin{bmatrix}1&2\\\\3&y\\end{bmatrix}", AnswerErrorCode.InvalidNumber, 22, 1],
    ["np.array([[1, 2]]) + 1", AnswerErrorCode.InvalidSyntax, 19, 3],
  ])("%j fails with %s at offset %i, length %i", (raw, code, offset, length) => {
    expect(located(parseAnswer(spec, raw))).toEqual([code, offset, length]);
  });

  it("locates a bad cell of the grid by row and column", () => {
    const parsed = parseAnswer(spec, [
      ["1", "2"],
      ["3", "four"],
    ]);
    expect(!parsed.ok && parsed.error.toJSON()).toEqual({
      code: AnswerErrorCode.InvalidNumber,
      message: "“four” is not a number",
      cell: [1, 1],
    });
  });
});

describe("matrix answers: grading", () => {
  const reference = [
    [1, 2],
    [3, 4],
  ];

  it("checks the shape first: a wrong shape is invalid and says expected vs got", () => {
    expect(
      gradeAnswer(spec, "[1 2 3; 4 5 6]", [
        [1, 4],
        [2, 5],
        [3, 6],
      ]),
    ).toEqual({
      status: "invalid",
      score: 0,
      feedback: "expected 3×2, but got 2×3 (the transpose of the expected shape)",
      error: { code: AnswerErrorCode.WrongShape, message: "expected 3×2, but got 2×3 (the transpose of the expected shape)" },
    });
  });

  it("matches a flat list against a column or a row, but not a row against a column", () => {
    expect(gradeAnswer(spec, "[1, 2, 3]", [[1], [2], [3]]).score).toBe(1);
    expect(gradeAnswer(spec, "[1, 2, 3]", [[1, 2, 3]]).score).toBe(1);
    expect(gradeAnswer(spec, "[[1, 2, 3]]", [[1], [2], [3]]).status).toBe("invalid");
  });

  it("gives per-cell feedback and, when the part allows, partial credit", () => {
    const result = gradeAnswer(partial, "[[1, 2], [3, 5]]", reference);
    expect(result).toMatchObject({
      status: "graded",
      score: 0.75,
      correct: false,
      feedback: "3 of 4 entries are correct",
      details: { kind: "matrix", shape: [2, 2], cellsCorrect: [true, true, true, false] },
    });
    expect(gradeAnswer(spec, "[[1, 2], [3, 5]]", reference).score).toBe(0);
  });

  it("scores the exact fraction of right entries with partial credit, and 0 for any wrong entry without it", () => {
    const nine = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ];
    const twoWrong = "[[1, 2, 3], [4, 0, 6], [7, 8, 0]]";
    expect(gradeAnswer(partial, twoWrong, nine).score).toBe(7 / 9);
    expect(gradeAnswer(spec, twoWrong, nine).score).toBe(0);
    expect(gradeAnswer(spec, "[[1, 2, 3], [4, 5, 6], [7, 8, 0]]", nine).score).toBe(0);
    expect(gradeAnswer(spec, "[[1, 2, 3], [4, 5, 6], [7, 8, 9]]", nine).score).toBe(1);
  });

  it("marks entries with booleans only: no reference value is in the details", () => {
    const result = gradeAnswer(spec, "[[1, 2], [3, 5]]", [
      [1.25, 2.5],
      [3.75, 4.125],
    ]);
    expect(result.details).toEqual({ kind: "matrix", shape: [2, 2], cellsCorrect: [false, false, false, false] });
    expect(JSON.stringify(result)).not.toMatch(/1\.25|2\.5|3\.75|4\.125/);
  });

  it("compares each entry to 3 significant figures by default (half a unit in the third: ±0.005 around 1)", () => {
    expect(gradeAnswer(spec, "[[1.004, 2], [3, 4]]", reference).score).toBe(1);
    expect(gradeAnswer(spec, "[[1.006, 2], [3, 4]]", reference).score).toBe(0);
  });

  it("keeps an older document's rtol/atol as a relative tolerance", () => {
    const relative = parseAnswerSpec({ kind: "matrix", rtol: 1e-3 });
    expect(gradeAnswer(relative, "[[1.0009, 2], [3, 4]]", reference).score).toBe(1);
    expect(gradeAnswer(relative, "[[1.002, 2], [3, 4]]", reference).score).toBe(0);
  });

  it("calls an entry within 10× the tolerance a rounding problem, naming the entry and not the reference", () => {
    const result = gradeAnswer(spec, "[[1, 2], [3.02, 4]]", reference);
    expect(result).toMatchObject({ status: "graded", score: 0 });
    expect(result.feedback).toBe(
      "3 of 4 entries are correct. Entry (2, 1) is close but not correct to 3 significant figures: this looks like a " +
        "rounding problem rather than a wrong formula. Keep more digits in intermediate steps and round only at the end.",
    );
    expect(gradeAnswer(spec, "[[1, 2], [3.2, 4]]", reference).feedback).toBe("3 of 4 entries are correct");
  });

  it("reads fractions in typed and pasted matrices, as in grid cells", () => {
    expect(
      gradeAnswer(spec, "[[1/2, -3/4], [3, 4]]", [
        [0.5, -0.75],
        [3, 4],
      ]).score,
    ).toBe(1);
    expect(
      gradeAnswer(spec, "1/2 −3/4; 3 4", [
        [0.5, -0.75],
        [3, 4],
      ]).score,
    ).toBe(1);
    expect(gradeAnswer(spec, "np.array([1/2, 1/2])", [[0.5], [0.5]]).score).toBe(1);
  });

  it("refuses a single number where a vector is expected as invalid, naming the shape in the part's symbols", () => {
    const named = parseAnswerSpec({ kind: "matrix", shapeName: "h×1" });
    expect(gradeAnswer(named, "1/2", [[0.5], [0.5], [0.5]])).toMatchObject({
      status: "invalid",
      feedback: "enter an h×1 vector, not a single number",
      error: { code: AnswerErrorCode.WrongShape },
    });
    expect(gradeAnswer(spec, "0.5", [[0.5], [0.5], [0.5]]).feedback).toBe("enter a 3×1 vector, not a single number");
    expect(
      gradeAnswer(spec, "2", [
        [1, 2],
        [3, 4],
      ]).feedback,
    ).toBe("enter a 2×2 matrix, not a single number");
    expect(gradeAnswer(spec, "2", [[2]]).score).toBe(1);
  });

  it("takes an engine tensor as the reference", () => {
    expect(gradeAnswer(spec, "[1 2; 3 4]", tensor(reference)).score).toBe(1);
  });

  it("recognises a known mistake and fingerprints equal wrong matrices alike", () => {
    const context = {
      knownMistakes: [
        {
          id: "sign",
          value: [
            [-1, -2],
            [-3, -4],
          ],
          message: "the sign is flipped",
        },
      ],
    };
    const a = gradeAnswer(spec, "[-1 -2; -3 -4]", reference, context);
    const b = gradeAnswer(
      spec,
      [
        [-1, -2],
        [-3, -4],
      ],
      reference,
      context,
    );
    expect(a).toMatchObject({ score: 0, feedback: "the sign is flipped (0 of 4 entries are correct)", mistakeId: "sign" });
    expect(a.status === "graded" && b.status === "graded" && a.fingerprint === b.fingerprint).toBe(true);
  });

  it("names a known mistake of another shape (a transposed gradient) with its own message instead of a shape error", () => {
    const tall = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    const context = {
      knownMistakes: [
        {
          id: "transposed",
          value: [
            [1, 3, 5],
            [2, 4, 6],
          ],
          message: "a gradient has the shape of its parameter",
        },
      ],
    };
    const transposed = gradeAnswer(spec, "[1 3 5; 2 4 6]", tall, context);
    expect(transposed).toMatchObject({
      status: "graded",
      score: 0,
      feedback: "a gradient has the shape of its parameter",
      mistakeId: "transposed",
    });
    // Another shape that is no known mistake is still invalid, and so is a single number.
    expect(gradeAnswer(spec, "[1 3 5; 2 4 7]", tall, context)).toMatchObject({
      status: "invalid",
      feedback: "expected 3×2, but got 2×3 (the transpose of the expected shape)",
    });
    const column = [[1], [2], [3]];
    const scalarMistake = { knownMistakes: [{ id: "sum", value: 6, message: "that is the sum of the entries" }] };
    expect(gradeAnswer(spec, "6", column, scalarMistake)).toMatchObject({ status: "graded", score: 0, mistakeId: "sum" });
    expect(gradeAnswer(spec, "5", column, scalarMistake)).toMatchObject({
      status: "invalid",
      feedback: "enter a 3×1 vector, not a single number",
    });
  });
});
