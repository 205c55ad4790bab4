import {
  emptyGrid,
  gridFromRaw,
  isGridEmpty,
  looksLikeMatrix,
  resizeGrid,
  setCell,
  MAX_GRID_SIZE,
} from "@/app/components/problem/matrix-grid";
import { gridFromPaste, gridToRaw } from "@/app/components/problem/matrix-grid-read";

const matrixSpec = { kind: "matrix" as const, rtol: 1e-3, atol: 1e-8, partialCredit: false };

describe("resizing the answer grid", () => {
  it("keeps the entries that still fit and empties new cells", () => {
    const grid = [
      ["1", "2"],
      ["3", "4"],
    ];
    expect(resizeGrid(grid, 3, 1)).toEqual([["1"], ["3"], [""]]);
    expect(resizeGrid(grid, 2, 3)).toEqual([
      ["1", "2", ""],
      ["3", "4", ""],
    ]);
  });

  it("clamps sizes to 1…MAX_GRID_SIZE", () => {
    expect(emptyGrid(0, 2)).toEqual([["", ""]]);
    expect(emptyGrid(500, 1)).toHaveLength(MAX_GRID_SIZE);
  });

  it("sets one cell without touching the others", () => {
    const grid = emptyGrid(2, 2);
    const next = setCell(grid, 1, 0, "-0.5");
    expect(next).toEqual([
      ["", ""],
      ["-0.5", ""],
    ]);
    expect(grid).toEqual(emptyGrid(2, 2));
  });
});

describe("pasting a matrix into the grid", () => {
  it.each([
    ["NumPy", "np.array([[1.5, -2.0], [-1.9, -1.9], [0.4, 1.8]])"],
    ["NumPy's printed form", "[[ 1.5 -2. ]\n [-1.9 -1.9]\n [ 0.4  1.8]]"],
    ["MATLAB", "[1.5 -2; -1.9 -1.9; 0.4 1.8]"],
    ["LaTeX", "\\begin{bmatrix} 1.5 & -2 \\\\ -1.9 & -1.9 \\\\ 0.4 & 1.8 \\end{bmatrix}"],
    ["tab-separated rows (a spreadsheet)", "1.5\t-2\n-1.9\t-1.9\n0.4\t1.8"],
  ])("reads %s into a 3×2 grid", (_, text) => {
    expect(gridFromPaste(text, emptyGrid(2, 2))).toEqual({
      ok: true,
      grid: [
        ["1.5", "-2"],
        ["-1.9", "-1.9"],
        ["0.4", "1.8"],
      ],
    });
  });

  it("fills a column with a flat list, unless the grid is already a single row", () => {
    expect(gridFromPaste("[1, 2, 3]", emptyGrid(2, 2))).toEqual({ ok: true, grid: [["1"], ["2"], ["3"]] });
    expect(gridFromPaste("1 2 3", emptyGrid(1, 4))).toEqual({ ok: true, grid: [["1", "2", "3"]] });
  });

  it("says why a paste cannot fill the grid", () => {
    const ragged = gridFromPaste("[[1, 2], [3]]", emptyGrid(2, 2));
    expect(ragged.ok).toBe(false);
    expect(!ragged.ok && ragged.message).toMatch(/^Could not read that as a matrix: /);
    const tensor = gridFromPaste("[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]", emptyGrid(2, 2));
    expect(!tensor.ok && tensor.message).toBe("That is a tensor of shape (2, 2, 2); the grid holds a matrix.");
    const huge = gridFromPaste(Array.from({ length: 21 }, () => "1").join("\n"), emptyGrid(2, 2));
    expect(!huge.ok && huge.message).toBe("That matrix is 21×1; the grid holds at most 20×20.");
  });

  it("treats a single number as a cell's own paste, and anything with separators as a matrix", () => {
    expect(looksLikeMatrix("-0.25")).toBe(false);
    expect(looksLikeMatrix("1e-3")).toBe(false);
    expect(looksLikeMatrix("1 2")).toBe(true);
    expect(looksLikeMatrix("[1, 2]")).toBe(true);
    expect(looksLikeMatrix("1\t2")).toBe(true);
  });
});

describe("what the grid submits", () => {
  it("is null when every cell is empty, so the part counts as unanswered", () => {
    expect(
      isGridEmpty([
        ["", " "],
        ["", ""],
      ]),
    ).toBe(true);
    expect(
      gridToRaw(
        [
          ["", " "],
          ["", ""],
        ],
        matrixSpec,
      ),
    ).toBeNull();
  });

  it("is nested arrays of numbers when every cell reads as a number, arithmetic included", () => {
    expect(
      gridToRaw(
        [
          ["1/2", " −0.3 "],
          ["2", "1e-3"],
        ],
        matrixSpec,
      ),
    ).toEqual([
      [0.5, -0.3],
      [2, 0.001],
    ]);
  });

  it("is the cells' texts when one does not read, so the server locates the same cell", () => {
    expect(
      gridToRaw(
        [
          ["1", ""],
          ["2", "x"],
        ],
        matrixSpec,
      ),
    ).toEqual([
      ["1", ""],
      ["2", "x"],
    ]);
  });
});

describe("a stored answer back into the grid", () => {
  it("restores nested arrays, a flat list as a column, and refuses other JSON", () => {
    expect(
      gridFromRaw([
        [1, 2],
        [3, 4],
      ]),
    ).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
    expect(gridFromRaw([0.5, -1])).toEqual([["0.5"], ["-1"]]);
    expect(gridFromRaw([[1, 2], [3]])).toBeNull();
    expect(gridFromRaw("[[1, 2]]")).toBeNull();
    expect(gridFromRaw([])).toBeNull();
  });
});
