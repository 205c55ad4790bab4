"use client";

import { useState, type ClipboardEvent } from "react";
import type { SpecOf } from "@/grader/answers";
import type { LiveCheck } from "./answer-draft";
import { ANSWER_KEYBOARD } from "./answer-keyboard";
import type { CellMarks } from "./shown-marks";
import { loadLiveGrader, useLiveGrader } from "./live-grader";
import { clampGridSize, gridShape, isGridEmpty, looksLikeMatrix, resizeGrid, setCell, MAX_GRID_SIZE, type Grid } from "./matrix-grid";
import { LIVE_CHECK_DELAY_MS, useDebouncedValue } from "./use-debounced-value";

export interface MatrixInputProps {
  inputId: string;
  label: string;
  spec: SpecOf<"matrix">;
  grid: Grid;
  onChange: (grid: Grid) => void;
  describedBy: string;
  disabled?: boolean;
  /** Right/wrong per cell of the last graded answer, for cells not edited since (shown-marks.ts). */
  cellMarks?: CellMarks;
}

const UNCHECKED: LiveCheck = { status: "empty" };

/**
 * A matrix answer: the student sets the rows and columns (the shape is part
 * of the answer, so it is not given away), types the entries, or pastes a
 * whole matrix, into any cell or into the paste box.
 */
export function MatrixInput({ inputId, label, spec, grid, onChange, describedBy, disabled, cellMarks }: MatrixInputProps) {
  const [rows, cols] = gridShape(grid);
  const [pasteNote, setPasteNote] = useState<{ ok: boolean; text: string } | null>(null);
  const settled = useDebouncedValue(grid, LIVE_CHECK_DELAY_MS);
  const grader = useLiveGrader(!isGridEmpty(grid));
  const check = grader ? grader.checkDraft(spec, { kind: "grid", grid: settled }) : UNCHECKED;
  const badCell = check.status === "error" ? check.cell : undefined;
  const checkId = `${inputId}-check`;

  // Reading a paste needs the grader's parser, which may still be on its way.
  async function fillFrom(text: string): Promise<boolean> {
    let outcome;
    try {
      outcome = (await loadLiveGrader()).gridFromPaste(text, grid);
    } catch {
      setPasteNote({ ok: false, text: "Could not load the matrix reader. Check your connection and paste again." });
      return false;
    }
    if (!outcome.ok) {
      setPasteNote({ ok: false, text: outcome.message });
      return false;
    }
    const [pastedRows, pastedCols] = gridShape(outcome.grid);
    onChange(outcome.grid);
    setPasteNote({ ok: true, text: `Filled the grid with a ${pastedRows}×${pastedCols} matrix.` });
    return true;
  }

  // A paste of several entries fills the whole grid; a single number pastes into the cell as usual.
  function onCellPaste(event: ClipboardEvent<HTMLInputElement>) {
    const text = event.clipboardData?.getData("text") ?? "";
    if (!looksLikeMatrix(text)) return;
    event.preventDefault();
    void fillFrom(text);
  }

  return (
    <fieldset className="answer-field matrix-input" aria-describedby={`${describedBy} ${checkId}`} disabled={disabled}>
      <legend>{label}</legend>
      <div className="matrix-size">
        <SizeField label="Rows" value={rows} onCommit={(size) => onChange(resizeGrid(grid, size, cols))} />
        <span aria-hidden="true">×</span>
        <SizeField label="Columns" value={cols} onCommit={(size) => onChange(resizeGrid(grid, rows, size))} />
      </div>
      <div className="matrix-grid-scroll">
        <div
          className="matrix-grid"
          role="group"
          aria-label={`${label}: ${rows} by ${cols} entries`}
          style={{ gridTemplateColumns: `repeat(${cols}, minmax(4.5rem, 7rem))` }}
        >
          {grid.map((cells, i) =>
            cells.map((cell, j) => {
              const mark = cellMarks?.[i]?.[j];
              const markName = mark === undefined ? "" : mark ? ", marked right" : ", marked wrong";
              return (
                <input
                  key={`${i}-${j}`}
                  type="text"
                  {...ANSWER_KEYBOARD}
                  className={mark === undefined ? "mono" : `mono cell-${mark ? "right" : "wrong"}`}
                  data-mark={mark === undefined ? undefined : mark ? "right" : "wrong"}
                  aria-label={`Row ${i + 1}, column ${j + 1}${markName}`}
                  aria-invalid={badCell !== undefined && badCell[0] === i && badCell[1] === j}
                  value={cell}
                  onChange={(event) => onChange(setCell(grid, i, j, event.target.value))}
                  onPaste={onCellPaste}
                />
              );
            }),
          )}
        </div>
      </div>
      <p id={checkId} className={`live-check ${check.status}`} aria-live="polite">
        {check.status === "error" ? check.message : null}
      </p>
      <PasteBox inputId={inputId} onFill={fillFrom} />
      <p className={pasteNote?.ok === false ? "live-check error" : "live-check muted"} role="status">
        {pasteNote?.text}
      </p>
    </fieldset>
  );
}

/**
 * The number of rows or columns. The field keeps its own text while it is
 * being edited, so that clearing it to type "4" does not snap the grid to
 * one row first; a valid size resizes at once, anything else is clamped to 1…20 on blur.
 */
function SizeField({ label, value, onCommit }: { label: string; value: number; onCommit: (size: number) => void }) {
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // The grid was resized from elsewhere (a paste): show its new size.
    setShown(value);
    setText(String(value));
  }
  return (
    <label>
      {label}
      <input
        type="number"
        min={1}
        max={MAX_GRID_SIZE}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          const size = Number(event.target.value);
          if (Number.isInteger(size) && size >= 1 && size <= MAX_GRID_SIZE) {
            setShown(size);
            onCommit(size);
          }
        }}
        onBlur={() => {
          const size = clampGridSize(Number(text) || value);
          setText(String(size));
          if (size !== value) {
            setShown(size);
            onCommit(size);
          }
        }}
      />
    </label>
  );
}

/** A text box for a whole matrix, for when pasting into a cell is awkward (a phone, a long LaTeX literal). */
function PasteBox({ inputId, onFill }: { inputId: string; onFill: (text: string) => Promise<boolean> }) {
  const [text, setText] = useState("");
  const areaId = `${inputId}-paste`;
  return (
    <details className="paste-box">
      <summary>Paste a whole matrix</summary>
      <label htmlFor={areaId}>NumPy, MATLAB or LaTeX, or rows of numbers separated by spaces or tabs</label>
      <textarea
        id={areaId}
        className="mono"
        rows={3}
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder={"[[1, 2], [3, 4]]  or  [1 2; 3 4]"}
      />
      <button
        type="button"
        className="secondary small"
        onClick={async () => {
          if (await onFill(text)) setText("");
        }}
        disabled={text.trim() === ""}
      >
        Fill the grid
      </button>
    </details>
  );
}
