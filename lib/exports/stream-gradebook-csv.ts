import "server-only";
import type { Db } from "@/lib/db/client";
import type { AuthorizedUser } from "@/lib/auth/session";
import { loadStaffAssessment } from "@/lib/gradebook/load-staff-assessment";
import { listStudents } from "@/lib/gradebook/list-students";
import { cellPoints } from "@/lib/gradebook/grade-rows";
import { readCellScores } from "@/lib/gradebook/read-cell-scores";
import { csvNumber, csvRecord, csvStream, safeFileName } from "./csv";

/** Students per chunk of the stream. */
export const GRADEBOOK_EXPORT_PAGE = 200;

/**
 * Canvas's gradebook import: the identity columns of its own export, then one
 * column per assignment, and an optional "Points Possible" row (its Student
 * cell begins with four spaces, as in Canvas's export). Canvas matches
 * students by ID, SIS User ID or SIS Login ID; Chainrule knows none of
 * Canvas's ids, so SIS Login ID carries the email, which is the login at
 * most institutions. A column whose name matches no assignment becomes a new
 * assignment on import.
 */
export const CANVAS_IDENTITY_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] as const;
export const CANVAS_POINTS_POSSIBLE = "    Points Possible";

export interface StreamGradebookCsvOptions {
  db: Db;
  actor: AuthorizedUser;
  assessmentId: string;
  /**
   * "blank" (default): a problem with no submission and no override is left
   * empty, which Canvas skips on import; "zero" writes 0.
   */
  missing?: "blank" | "zero";
  pageSize?: number;
}

/**
 * The gradebook as a Canvas-importable CSV: one row per student (by name),
 * one column per placed problem holding the points that count. The access
 * check runs before anything is streamed, so a refusal is a JSON error. The
 * scores are read once, when the first row is wanted: every cell's score
 * that counts (readCellScores, the gradebook's own rule), a number per cell,
 * then written one page of students at a time.
 */
export async function streamGradebookCsv({
  db,
  actor,
  assessmentId,
  missing = "blank",
  pageSize = GRADEBOOK_EXPORT_PAGE,
}: StreamGradebookCsvOptions) {
  const { assessment, rules, columns } = await loadStaffAssessment({ db, actor, assessmentId });
  const students = (await listStudents({ db, courseId: assessment.courseId })).sort(
    (a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email),
  );
  const header = [
    [...CANVAS_IDENTITY_COLUMNS, ...columns.map((c) => `${assessment.title}: ${c.title}`)],
    [CANVAS_POINTS_POSSIBLE, "", "", "", "", ...columns.map((c) => String(c.points))],
  ];
  let offset = 0;
  let cellScoresOf: Awaited<ReturnType<typeof readCellScores>> | undefined;
  const stream = csvStream(header, async () => {
    if (offset >= students.length) return null;
    cellScoresOf ??= await readCellScores({ db, rules, assessmentId, columns, students });
    const page = students.slice(offset, offset + pageSize);
    offset += pageSize;
    return page.map((student) => {
      const cellScores = cellScoresOf!.get(student.userId)!;
      return csvRecord([
        student.name,
        "",
        "",
        student.email,
        student.section,
        ...columns.map((c, i) => (cellScores[i] === null && missing === "blank" ? null : csvNumber(cellPoints(cellScores[i], c)))),
      ]);
    });
  });
  return { fileName: `${safeFileName(`${assessment.course.slug}-${assessment.slug}`)}-gradebook.csv`, stream };
}
