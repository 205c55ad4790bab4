/**
 * Which per-entry and per-option marks the page shows next to the inputs.
 * A mark describes the answer that was graded, so it is shown only while
 * the piece it marks is unchanged: edit a cell and its mark goes (the others
 * stay); a mark on an option stays while the option is still chosen.
 */
import type { PartMarks } from "@/lib/submissions/contract";
import type { AnswerDraft } from "./draft";
import type { Grid } from "./matrix-grid";

/** Right (true), wrong (false) or unmarked (undefined), per cell of the current grid. */
export type CellMarks = (boolean | undefined)[][];

export function cellMarksFor(marks: PartMarks | undefined, graded: AnswerDraft | undefined, current: AnswerDraft): CellMarks | undefined {
  if (marks?.kind !== "entries" || graded?.kind !== "grid" || current.kind !== "grid") return undefined;
  if (!sameShape(graded.grid, current.grid) || marks.correct.length !== current.grid.length * (current.grid[0]?.length ?? 0))
    return undefined;
  const cols = current.grid[0]?.length ?? 0;
  // Marks are row-major over the answer's entries, which is the grid's own order.
  return current.grid.map((row, i) => row.map((text, j) => (text === graded.grid[i][j] ? marks.correct[i * cols + j] : undefined)));
}

/** Right or wrong, by option id, for the options still chosen. */
export function optionMarksFor(marks: PartMarks | undefined, current: AnswerDraft): Record<string, boolean> | undefined {
  if (marks?.kind !== "options" || current.kind !== "choice") return undefined;
  const shown = Object.entries(marks.correct).filter(([id]) => current.selected.includes(id));
  return shown.length > 0 ? Object.fromEntries(shown) : undefined;
}

function sameShape(a: Grid, b: Grid): boolean {
  return a.length === b.length && a.every((row, i) => row.length === b[i].length);
}
