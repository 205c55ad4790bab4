import "server-only";
import type { Db } from "@/lib/db/client";
import type { AuthorizedUser } from "@/lib/auth/session";
import type { AssessmentRules } from "@/lib/submissions/policy";
import { loadStaffAssessment, type StaffColumn } from "./load-staff-assessment";
import { listStudents, type StudentEntry } from "./list-students";
import { gradeRows, percentOf, pointsPossibleOf, poolPartId, type GradebookRow } from "./grade-rows";
import { pointsEarnedOf, readCellScores, type ReadCellScoresOptions } from "./read-cell-scores";

// The grid's pieces keep being importable from here, where the gradebook's API is.
export { gradeCell, gradeRows, type GradebookCell, type GradebookRow, type GradeRowsOptions } from "./grade-rows";

export const GRADEBOOK_SORTS = ["name", "email", "section", "total"] as const;
export type GradebookSortKey = (typeof GRADEBOOK_SORTS)[number];
export const MAX_GRADEBOOK_PAGE_SIZE = 500;

export interface GradebookQuery {
  /** A fixed key, or an assessmentProblemId to sort by that problem's score. */
  sort?: GradebookSortKey | string;
  direction?: "asc" | "desc";
  /** Case-insensitive substring of the name or email. */
  search?: string;
  /** Exact section; undefined for all. */
  section?: string;
  /** Bounds on the total, in percent of the assessment's points, inclusive. */
  minPercent?: number;
  maxPercent?: number;
  /** 1-based. */
  page?: number;
  pageSize?: number;
  /** One placed problem whose part scores are included ("parts on demand"). */
  expand?: string;
}

export interface GetGradebookOptions extends GradebookQuery {
  db: Db;
  actor: AuthorizedUser;
  assessmentId: string;
}

export interface GradebookColumn {
  assessmentProblemId: string;
  slug: string;
  title: string;
  position: number;
  points: number;
  version: number;
  definitionAvailable: boolean;
  /** A pooled placement's members, its own problem first; [] when not a pool. */
  pool: { slug: string; title: string }[];
  /** Present on the expanded column only; of a pool, every member's parts as `member-slug:part-id`. */
  parts?: { id: string; points: number }[];
}

export interface Gradebook {
  assessment: {
    id: string;
    title: string;
    courseId: string;
    courseTitle: string;
    /** The course's IANA zone, shown beside the viewer's (lib/dates). */
    timeZone: string;
    scoringPolicy: AssessmentRules["scoringPolicy"];
    dueAt: string | null;
  };
  columns: GradebookColumn[];
  rows: GradebookRow[];
  /** Every section in the course, for the filter. */
  sections: string[];
  page: number;
  pageSize: number;
  /** Rows after filtering, over all pages. */
  totalRows: number;
  /** Students in the course, before filtering. */
  totalStudents: number;
}

/**
 * The gradebook of an assessment: its students × its placed problems, each
 * cell the score that counts under the assessment's rules (lib/submissions
 * policy: best or last, late penalty, overrides on top), with attempts and a
 * late flag. Filtered, sorted and paginated.
 *
 * Queries: the assessment, the roster, then the grid itself in two indexed
 * queries run together: submissions and overrides by (assessmentProblemId,
 * userId). When the order does not depend on scores, the roster is sorted
 * and cut to the page first and the grid is read for that page's students
 * only. Sorting or filtering by score first reads every student's cell
 * scores (readCellScores: one small row per cell, aggregated in SQL), sorts
 * and cuts the page from them, and then reads the page's grid the same way.
 */
export async function getGradebook(options: GetGradebookOptions): Promise<Gradebook> {
  const { db, actor, assessmentId, direction = "asc", search, section, minPercent, maxPercent, expand } = options;
  const sort = options.sort ?? "name";
  const pageSize = Math.min(Math.max(1, Math.floor(options.pageSize ?? 50)), MAX_GRADEBOOK_PAGE_SIZE);
  const { assessment, rules, columns } = await loadStaffAssessment({ db, actor, assessmentId });
  const roster = await listStudents({ db, courseId: assessment.courseId });

  const needle = search?.trim().toLowerCase();
  const matching = roster.filter(
    (s) =>
      (!needle || s.name.toLowerCase().includes(needle) || s.email.toLowerCase().includes(needle)) &&
      (section === undefined || s.section === section),
  );
  const byScore =
    sort === "total" || columns.some((c) => c.assessmentProblemId === sort) || minPercent !== undefined || maxPercent !== undefined;
  const sign = direction === "desc" ? -1 : 1;

  let rows: GradebookRow[];
  let totalRows: number;
  let page: number;
  if (!byScore) {
    const ordered = [...matching].sort((a, b) => sign * compareStudents(a, b, sort as GradebookSortKey));
    totalRows = ordered.length;
    page = clampPage(options.page, totalRows, pageSize);
    const pageStudents = ordered.slice((page - 1) * pageSize, page * pageSize);
    rows = await gradeRows({ db, rules, columns, students: pageStudents, expand, scopeToStudents: true });
  } else {
    const scored = await scoreStudents({ db, rules, assessmentId, columns, students: matching });
    const filtered = scored.filter(
      (s) => (minPercent === undefined || s.percent >= minPercent) && (maxPercent === undefined || s.percent <= maxPercent),
    );
    // A sort key that is neither "total" nor a column (possible only with a percent filter) sorts by the total.
    const sortColumn = sort === "total" ? -1 : columns.findIndex((c) => c.assessmentProblemId === sort);
    const scoreOf = (s: ScoredStudent) => (sortColumn < 0 ? s.percent : (s.cellScores[sortColumn] ?? -1));
    filtered.sort((a, b) => sign * (scoreOf(a) - scoreOf(b)) || compareStudents(a.student, b.student, "name"));
    totalRows = filtered.length;
    page = clampPage(options.page, totalRows, pageSize);
    const pageStudents = filtered.slice((page - 1) * pageSize, page * pageSize).map((s) => s.student);
    rows = await gradeRows({ db, rules, columns, students: pageStudents, expand, scopeToStudents: true });
  }

  return {
    assessment: {
      id: assessment.id,
      title: assessment.title,
      courseId: assessment.courseId,
      courseTitle: assessment.course.title,
      timeZone: assessment.course.timeZone,
      scoringPolicy: rules.scoringPolicy,
      dueAt: assessment.dueAt?.toISOString() ?? null,
    },
    columns: columns.map((c) => ({
      assessmentProblemId: c.assessmentProblemId,
      slug: c.slug,
      title: c.title,
      position: c.position,
      points: c.points,
      version: c.problem.version,
      definitionAvailable: c.definitionAvailable,
      pool: c.pool.map((m) => ({ slug: m.slug, title: m.title })),
      ...(c.assessmentProblemId === expand ? { parts: expandedParts(c) } : {}),
    })),
    rows,
    sections: [...new Set(roster.map((s) => s.section))].sort((a, b) => a.localeCompare(b)),
    page,
    pageSize,
    totalRows,
    totalStudents: roster.length,
  };
}

function clampPage(requested: number | undefined, totalRows: number, pageSize: number): number {
  const pages = Math.max(1, Math.ceil(totalRows / pageSize));
  return Math.min(Math.max(1, Math.floor(requested ?? 1)), pages);
}

// Names are compared in JavaScript with one collation, so that SQLite and
// PostgreSQL (whose collations differ) give the same order.
function compareStudents(a: StudentEntry, b: StudentEntry, key: GradebookSortKey): number {
  const primary = key === "email" ? a.email.localeCompare(b.email) : key === "section" ? a.section.localeCompare(b.section) : 0;
  return primary || a.name.localeCompare(b.name) || a.email.localeCompare(b.email);
}

interface ScoredStudent {
  student: StudentEntry;
  /** By column, as the cells' `score`. */
  cellScores: (number | null)[];
  /** The row's percent, to the bit. */
  percent: number;
}

/** Each student with the cell scores and the percent their gradebook row will show, without reading their grid. */
async function scoreStudents(options: ReadCellScoresOptions): Promise<ScoredStudent[]> {
  const { columns, students } = options;
  const cellScoresOf = await readCellScores(options);
  const pointsPossible = pointsPossibleOf(columns);
  return students.map((student) => {
    const cellScores = cellScoresOf.get(student.userId)!;
    return { student, cellScores, percent: percentOf(pointsEarnedOf(columns, cellScores), pointsPossible) };
  });
}

/** An expanded column's parts: of a pool, each member's, named `slug:part` as its cells' partScores are. */
function expandedParts(column: StaffColumn): { id: string; points: number }[] {
  if (column.pool.length === 0) return column.parts;
  return column.pool.flatMap((m) => m.parts.map((part) => ({ id: poolPartId(m.slug, part.id), points: part.points })));
}
