/**
 * What a student's draft of one part (draft.ts) submits as (the raw answer
 * of the JSON API), and the live check shown while typing. Pure functions
 * over the public answer spec: the same grader code reads the answer here as
 * on the server, so a message seen while typing is the one a submission
 * would get, without a round trip. This module brings the grader's parsers
 * with it: the problem page loads it on the first input (live-grader.ts),
 * and its server component uses it for the drafts of earlier answers.
 */
import {
  type AnswerError,
  analyzeExpressionAnswer,
  formatSizeList,
  isShapeErrorCode,
  parseAnswer,
  type AnswerSpec,
  type ExpressionAnalysis,
  type RawAnswer,
  type SpecOf,
} from "@/grader/answers";
import type { PublicAnswerSpec, PublicExpressionSpec } from "@/grader/problems";
import type { Json } from "@/grader/problems/types";
import { capitalise, emptyDraft, type AnswerDraft } from "./draft";
import { emptyGrid, gridFromRaw, isGridEmpty, DEFAULT_GRID_SIZE } from "./matrix-grid";
import { gridFromPaste, gridToRaw } from "./matrix-grid-read";

// The draft itself and the grid's paste reader, so that one lazy import gives the page everything that reads answers.
export { capitalise, emptyDraft, type AnswerDraft };
export { gridFromPaste };

/**
 * A draft from an earlier submission's stored raw answer, so that a student
 * who comes back sees what they last sent; the empty draft when the stored
 * answer does not fit the input (it was sent by another client).
 */
export function draftFromRaw(spec: PublicAnswerSpec, raw: Json | undefined): AnswerDraft {
  if (raw === undefined || raw === null) return emptyDraft(spec);
  switch (spec.kind) {
    case "matrix": {
      if (typeof raw === "string") {
        const pasted = gridFromPaste(raw, emptyGrid(DEFAULT_GRID_SIZE, DEFAULT_GRID_SIZE));
        return pasted.ok ? { kind: "grid", grid: pasted.grid } : emptyDraft(spec);
      }
      const grid = gridFromRaw(raw);
      return grid ? { kind: "grid", grid } : emptyDraft(spec);
    }
    case "choice": {
      const ids = typeof raw === "string" ? [raw] : Array.isArray(raw) ? raw.filter((id): id is string => typeof id === "string") : [];
      const known = new Set(spec.options.map((option) => option.id));
      return { kind: "choice", selected: ids.filter((id) => known.has(id)) };
    }
    case "shape":
    case "dimensions":
      if (Array.isArray(raw) && raw.every((size) => typeof size === "number" || typeof size === "string")) {
        return { kind: "text", text: spec.kind === "shape" ? `(${raw.join(", ")}${raw.length === 1 ? "," : ""})` : raw.join(" × ") };
      }
      return typeof raw === "string" ? { kind: "text", text: raw } : emptyDraft(spec);
    default:
      return typeof raw === "string" || typeof raw === "number" ? { kind: "text", text: String(raw) } : emptyDraft(spec);
  }
}

/** The raw answer to submit, or null when the part is left empty (the API then records it as unanswered). */
export function draftToRaw(spec: PublicAnswerSpec, draft: AnswerDraft): RawAnswer | null {
  switch (draft.kind) {
    case "text":
      return draft.text.trim() === "" ? null : draft.text;
    case "grid":
      return spec.kind === "matrix" ? gridToRaw(draft.grid, spec) : null;
    case "choice":
      if (draft.selected.length === 0) return null;
      // A single choice is sent as its id, a multiple one as the list of ids (the contract's two forms).
      return spec.kind === "choice" && !spec.multiple ? draft.selected[0] : [...draft.selected];
  }
}

export type LiveCheck =
  | { status: "empty" }
  | {
      status: "ok";
      /** How the answer was read, in words ("(N, 16, 64, 64)", "1,180,224"); absent where it adds nothing. */
      readAs?: string;
    }
  | {
      status: "error";
      message: string;
      /** The span of the text at fault (UTF-16 code units), for underlining. */
      offset?: number;
      length?: number;
      /** The grid cell at fault, [row, column]. */
      cell?: number[];
    };

const integerFormat = new Intl.NumberFormat("en-GB");

/**
 * Whether the live check shows this error: unreadable input always; a wrong
 * shape only where the assessment gives shape verdicts while typing
 * (practice). In homework the wrong shape is part of what is graded, so the
 * preview shows how the answer was read and nothing more. (A matrix grid's
 * size is never checked live: checkDraft only reads the entries.)
 */
export function showsLiveError(error: Pick<AnswerError, "code" | "exprCode">, shapeVerdicts: boolean): boolean {
  return shapeVerdicts || !isShapeErrorCode(error);
}

/** The live check of a number, integer, shape, dimensions or matrix draft (expressions: analyzeExpressionDraft). */
export function checkDraft(spec: PublicAnswerSpec, draft: AnswerDraft): LiveCheck {
  // A grid is checked as its cells' texts, so that an error names the cell (row, column).
  const raw =
    draft.kind === "grid"
      ? isGridEmpty(draft.grid)
        ? null
        : draft.grid.map((row) => row.map((cell) => cell.trim()))
      : draftToRaw(spec, draft);
  if (raw === null) return { status: "empty" };
  const parsed = parseAnswer(readable(spec), raw);
  if (!parsed.ok) {
    const { message, offset, length, cell } = parsed.error;
    const where = cell ? `Row ${cell[0] + 1}, column ${(cell[1] ?? 0) + 1}: ` : "";
    return {
      status: "error",
      message: where ? where + message : capitalise(message),
      ...(offset !== undefined ? { offset, length: length ?? 0 } : {}),
      ...(cell ? { cell } : {}),
    };
  }
  return { status: "ok", ...readAsText(spec, parsed.value) };
}

function readAsText(spec: PublicAnswerSpec, value: unknown): { readAs?: string } {
  switch (spec.kind) {
    case "integer":
      return { readAs: integerFormat.format(value as bigint) };
    case "number":
      return { readAs: String(value as number) };
    case "shape":
    case "dimensions":
      return { readAs: formatSizeList(spec, value as Parameters<typeof formatSizeList>[1]) };
    default:
      return {};
  }
}

/** The expression preview: how the input was read, its shapes, or the parse or shape error (with the shapes up to it). */
export function analyzeExpressionDraft(spec: PublicExpressionSpec, text: string): ExpressionAnalysis | null {
  if (text.trim() === "") return null;
  return analyzeExpressionAnswer(readable(spec), text);
}

/**
 * The grader's readers take a full spec. The public spec leaves out an
 * expression check's instance seed, which only grading uses (reading and
 * shape-checking need the context alone), so a placeholder stands in for it.
 */
function readable(spec: PublicExpressionSpec): SpecOf<"expression">;
function readable(spec: PublicAnswerSpec): AnswerSpec;
function readable(spec: PublicAnswerSpec): AnswerSpec {
  return spec.kind === "expression" ? { ...spec, seed: 0 } : spec;
}
