import Papa from "papaparse";
import type { z } from "zod";
import { parseExceptionDate } from "./date-input";
import { reasonSchema, MAX_EXTRA_ATTEMPTS, MAX_TIME_MULTIPLIER } from "./requests";

// Exceptions as an instructor keeps them in a spreadsheet: a header row with
// `email` or `section` (one per row, not both), any of `dueAt`,
// `lateCutoffAt`, `extraAttempts`, `timeMultiplier`, and `reason`. Column
// names are case-insensitive; dates as lib/exceptions/date-input.ts reads them.

export const EXCEPTION_CSV_COLUMNS = ["email", "section", "dueAt", "lateCutoffAt", "extraAttempts", "timeMultiplier", "reason"] as const;
export type ExceptionCsvColumn = (typeof EXCEPTION_CSV_COLUMNS)[number];

export const MAX_EXCEPTION_ROWS = 2_000;

export interface ExceptionCsvRow {
  /** 1-based line in the file, header included, so errors point at the spreadsheet row. */
  line: number;
  email?: string;
  section?: string;
  dueAt?: Date;
  lateCutoffAt?: Date;
  extraAttempts: number;
  timeMultiplier: number;
  reason: string;
}

export interface ExceptionRowError {
  line: number;
  /** The column at fault; absent for the file as a whole or the row as a whole. */
  column?: ExceptionCsvColumn;
  message: string;
}

const byLowerCase = new Map(EXCEPTION_CSV_COLUMNS.map((column) => [column.toLowerCase(), column]));

function firstIssue(result: z.ZodSafeParseResult<unknown>): string | null {
  return result.success ? null : result.error.issues[0].message;
}

/** Reads the rows; every cell that is wrong is reported with its line and column, and such a row is left out. */
/** `timeZone`: the course's, in which dates without an offset are read. */
export function parseExceptionsCsv(text: string, timeZone: string): { rows: ExceptionCsvRow[]; errors: ExceptionRowError[] } {
  const parsed = Papa.parse<Record<string, string>>(text.trim(), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (header) => byLowerCase.get(header.trim().toLowerCase()) ?? header.trim(),
  });
  const errors: ExceptionRowError[] = parsed.errors.map((error) => ({ line: (error.row ?? 0) + 2, message: error.message }));
  const fields = parsed.meta.fields ?? [];
  const unknown = fields.filter((field) => !byLowerCase.has(field.toLowerCase()));
  if (unknown.length > 0 || !fields.includes("reason") || (!fields.includes("email") && !fields.includes("section"))) {
    const message =
      unknown.length > 0
        ? `unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((f) => `"${f}"`).join(", ")}; the columns are ${EXCEPTION_CSV_COLUMNS.join(", ")}`
        : `the header row needs \`email\` or \`section\`, and \`reason\` (columns: ${EXCEPTION_CSV_COLUMNS.join(", ")})`;
    return { rows: [], errors: [{ line: 1, message }] };
  }
  if (parsed.data.length > MAX_EXCEPTION_ROWS) {
    return { rows: [], errors: [{ line: 1, message: `at most ${MAX_EXCEPTION_ROWS} rows per import; split the file` }] };
  }
  const rows: ExceptionCsvRow[] = [];
  parsed.data.forEach((record, index) => {
    const line = index + 2;
    const rowErrors: ExceptionRowError[] = [];
    const cell = (column: ExceptionCsvColumn) => (record[column] ?? "").trim();
    const fail = (column: ExceptionCsvColumn | undefined, message: string) => rowErrors.push({ line, column, message });

    const email = cell("email").toLowerCase();
    const section = cell("section");
    if (email && section) fail("section", "give an email or a section, not both");
    if (!email && !section) fail("email", "give the student's email or a section");

    const date = (column: "dueAt" | "lateCutoffAt") => {
      if (!cell(column)) return undefined;
      const value = parseExceptionDate(cell(column), timeZone);
      if (value instanceof Date) return value;
      fail(column, value.problem);
      return undefined;
    };
    const number = (column: "extraAttempts" | "timeMultiplier", fallback: number, check: (n: number) => string | null) => {
      if (!cell(column)) return fallback;
      const value = Number(cell(column));
      const problem = Number.isFinite(value) ? check(value) : `"${cell(column)}" is not a number`;
      if (problem) fail(column, problem);
      return value;
    };
    const dueAt = date("dueAt");
    const lateCutoffAt = date("lateCutoffAt");
    const extraAttempts = number("extraAttempts", 0, (n) =>
      !Number.isInteger(n) || n < 0 || n > MAX_EXTRA_ATTEMPTS ? `extra attempts are a whole number from 0 to ${MAX_EXTRA_ATTEMPTS}` : null,
    );
    const timeMultiplier = number("timeMultiplier", 1, (n) =>
      n < 1 || n > MAX_TIME_MULTIPLIER ? `a time multiplier is from 1 to ${MAX_TIME_MULTIPLIER} (below 1 would take time away)` : null,
    );
    const reason = reasonSchema.safeParse(record.reason ?? "");
    if (!reason.success) fail("reason", firstIssue(reason)!);
    if (rowErrors.length === 0 && !dueAt && !lateCutoffAt && extraAttempts === 0 && timeMultiplier === 1) {
      fail(undefined, "the row grants nothing: give a later date, extra attempts or more time");
    }
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      return;
    }
    rows.push({
      line,
      ...(email ? { email } : { section }),
      dueAt,
      lateCutoffAt,
      extraAttempts,
      timeMultiplier,
      reason: reason.data!,
    });
  });
  return { rows, errors: errors.sort((a, b) => a.line - b.line) };
}
