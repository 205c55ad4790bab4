import { cellMarksFor, optionMarksFor } from "@/app/components/problem/shown-marks";
import type { AnswerDraft } from "@/app/components/problem/draft";

const graded: AnswerDraft = {
  kind: "grid",
  grid: [
    ["1", "2"],
    ["3", "5"],
  ],
};
const entries = { kind: "entries" as const, correct: [true, true, true, false] };

describe("the marks shown beside the inputs", () => {
  it("marks every cell of the grid that was graded, row-major", () => {
    expect(cellMarksFor(entries, graded, graded)).toEqual([
      [true, true],
      [true, false],
    ]);
  });

  it("drops the mark of an edited cell and keeps the others", () => {
    const edited: AnswerDraft = {
      kind: "grid",
      grid: [
        ["1", "2"],
        ["3", "4"],
      ],
    };
    expect(cellMarksFor(entries, graded, edited)).toEqual([
      [true, true],
      [true, undefined],
    ]);
  });

  it("drops every mark once the grid's shape changes", () => {
    expect(
      cellMarksFor(entries, graded, {
        kind: "grid",
        grid: [
          ["1", "2", ""],
          ["3", "5", ""],
        ],
      }),
    ).toBeUndefined();
  });

  it("marks only the options still chosen", () => {
    const marks = { kind: "options" as const, correct: { a: true, b: false } };
    expect(optionMarksFor(marks, { kind: "choice", selected: ["a", "b"] })).toEqual({ a: true, b: false });
    expect(optionMarksFor(marks, { kind: "choice", selected: ["b", "c"] })).toEqual({ b: false });
    expect(optionMarksFor(marks, { kind: "choice", selected: ["c"] })).toBeUndefined();
  });
});
