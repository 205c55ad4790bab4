import Papa from "papaparse";
import { z } from "zod";
import type { Role } from "@/lib/db/client";

// A roster CSV as instructors export it from a spreadsheet: a header row with
// `email` (required) and optionally `name`, `role` (student, ta, instructor;
// default student) and `section`. Column names are case-insensitive.

export interface RosterRow {
  /** 1-based line in the file, header included, so errors point at the spreadsheet row. */
  line: number;
  email: string;
  name: string;
  role: Role;
  section: string;
}

export interface RosterRowError {
  line: number;
  message: string;
}

export const MAX_ROSTER_ROWS = 5_000;

const ROLE_NAMES: Record<string, Role> = { student: "STUDENT", ta: "TA", instructor: "INSTRUCTOR" };
const email = z.email();

export function parseRosterCsv(text: string): { rows: RosterRow[]; errors: RosterRowError[] } {
  const parsed = Papa.parse<Record<string, string>>(text.trim(), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (header) => header.trim().toLowerCase(),
  });
  const errors: RosterRowError[] = parsed.errors.map((error) => ({ line: (error.row ?? 0) + 2, message: error.message }));
  if (!parsed.meta.fields?.includes("email")) {
    return { rows: [], errors: [{ line: 1, message: "the header row needs an `email` column (and optionally name, role, section)" }] };
  }
  if (parsed.data.length > MAX_ROSTER_ROWS) {
    return { rows: [], errors: [{ line: 1, message: `at most ${MAX_ROSTER_ROWS} people per import; split the file` }] };
  }
  const rows: RosterRow[] = [];
  const seen = new Map<string, number>();
  parsed.data.forEach((record, index) => {
    const line = index + 2;
    const address = (record.email ?? "").trim().toLowerCase();
    if (!email.safeParse(address).success) {
      errors.push({ line, message: `"${record.email ?? ""}" is not an email address` });
      return;
    }
    const roleName = (record.role ?? "").trim().toLowerCase() || "student";
    const role = ROLE_NAMES[roleName];
    if (!role) {
      errors.push({ line, message: `role "${record.role}" is not one of student, ta, instructor` });
      return;
    }
    if (seen.has(address)) {
      errors.push({ line, message: `${address} is already on line ${seen.get(address)}` });
      return;
    }
    seen.set(address, line);
    rows.push({ line, email: address, name: (record.name ?? "").trim(), role, section: (record.section ?? "").trim() });
  });
  return { rows, errors: errors.sort((a, b) => a.line - b.line) };
}
