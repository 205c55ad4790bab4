/**
 * What a student has typed for one part, without the grader. The problem
 * page's first load needs only this; reading and checking a draft with the
 * grader's parsers (answer-draft.ts) is loaded on the first input
 * (live-grader.ts), so that a student who only reads the problem does not
 * download the parser and the engine.
 */
import type { PublicAnswerSpec } from "@/grader/problems";
import { emptyGrid, isGridEmpty, DEFAULT_GRID_SIZE, type Grid } from "./matrix-grid";

export type AnswerDraft =
  /** number, integer, shape, dimensions and expression: one text field. */
  | { kind: "text"; text: string }
  | { kind: "grid"; grid: Grid }
  /** Option ids, in the order they were picked. */
  | { kind: "choice"; selected: string[] };

export function emptyDraft(spec: PublicAnswerSpec): AnswerDraft {
  if (spec.kind === "matrix") return { kind: "grid", grid: emptyGrid(DEFAULT_GRID_SIZE, DEFAULT_GRID_SIZE) };
  if (spec.kind === "choice") return { kind: "choice", selected: [] };
  return { kind: "text", text: "" };
}

/**
 * Whether the part has something to submit: exactly when draftToRaw
 * (answer-draft.ts) gives an answer rather than null, but without parsing,
 * so that the page can count answered parts before the grader is loaded.
 */
export function isDraftAnswered(draft: AnswerDraft): boolean {
  switch (draft.kind) {
    case "text":
      return draft.text.trim() !== "";
    case "grid":
      return !isGridEmpty(draft.grid);
    case "choice":
      return draft.selected.length > 0;
  }
}

export function capitalise(message: string): string {
  return message.length === 0 ? message : message[0].toUpperCase() + message.slice(1);
}
