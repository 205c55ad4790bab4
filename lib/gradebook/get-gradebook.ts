import "server-only";
import type { Db } from "@/lib/db/client";
import type { AuthorizedUser } from "@/lib/auth/session";
import { countedAttempt, type AssessmentRules } from "@/lib/submissions/policy";
import { standingInfo } from "@/lib/submissions/problem-state";
import { loadStaffAssessment, type StaffColumn } from "./load-staff-assessment";
import { listStudents, type StudentEntry } from "./list-students";
import { groupBy } from "./group-by";

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
  /** Present on the expanded column only. */
  parts?: { id: string; points: number }[];
}

export interface GradebookCell {
  /** Fraction of the problem's points that counts (overrides applied); null: nothing submitted and no override. */
  score: number | null;
  pointsEarned: number;
  attempts: number;
  /** The counted submission was late (and carries its penalty). */
  late: boolean;
  /** A staff override decides part or all of the score. */
  overridden: boolean;
  /** Expanded column only: part id → counted fraction. */
  partScores?: Record<string, number>;
}

export interface GradebookRow extends StudentEntry {
  cells: Record<string, GradebookCell>;
  pointsEarned: number;
  pointsPossible: number;
  /** pointsEarned / pointsPossible × 100; 0 for an assessment without points. */
  percent: number;
  attempts: number;
  lateCount: number;
}

export interface Gradebook {
  assessment: { id: string; title: string; courseId: string; courseTitle: string; scoringPolicy: AssessmentRules["scoringPolicy"]; dueAt: string | null };
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
 * only; sorting or filtering by score reads the whole assessment.
 */
export async function getGradebook(options: GetGradebookOptions): Promise<Gradebook> {
  const { db, actor, assessmentId, direction = "asc", search, section, minPercent, maxPercent, expand } = options;
  const sort = options.sort ?? "name";
  const pageSize = Math.min(Math.max(1, Math.floor(options.pageSize ?? 50)), MAX_GRADEBOOK_PAGE_SIZE);
  const { assessment, rules, columns } = await loadStaffAssessment({ db, actor, assessmentId });
  const roster = await listStudents({ db, courseId: assessment.courseId });

  const needle = search?.trim().toLowerCase();
  const matching = roster.filter(
    (s) => (!needle || s.name.toLowerCase().includes(needle) || s.email.toLowerCase().includes(needle)) && (section === undefined || s.section === section),
  );
  const byScore = sort === "total" || columns.some((c) => c.assessmentProblemId === sort) || minPercent !== undefined || maxPercent !== undefined;
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
    const all = await gradeRows({ db, rules, columns, students: matching, expand, scopeToStudents: matching.length < roster.length });
    const filtered = all.filter((row) => (minPercent === undefined || row.percent >= minPercent) && (maxPercent === undefined || row.percent <= maxPercent));
    const scoreOf = (row: GradebookRow) => (sort === "total" || !row.cells[sort] ? row.percent : (row.cells[sort].score ?? -1));
    filtered.sort((a, b) => sign * (scoreOf(a) - scoreOf(b)) || compareStudents(a, b, "name"));
    totalRows = filtered.length;
    page = clampPage(options.page, totalRows, pageSize);
    rows = filtered.slice((page - 1) * pageSize, page * pageSize);
  }

  return {
    assessment: {
      id: assessment.id,
      title: assessment.title,
      courseId: assessment.courseId,
      courseTitle: assessment.course.title,
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
      ...(c.assessmentProblemId === expand ? { parts: c.parts } : {}),
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

export interface GradeRowsOptions {
  db: Db;
  rules: AssessmentRules;
  columns: readonly StaffColumn[];
  students: readonly StudentEntry[];
  expand?: string;
  /** Read only these students' rows (a page); otherwise the whole assessment's. */
  scopeToStudents: boolean;
}

/**
 * Scores of the given students on every column. Two queries, both served by
 * the (assessmentProblemId, userId, …) indexes of Submission and ScoreOverride,
 * read lean: a submission's stored score already is its part scores weighted
 * by points and the late factor, so per-part results (JSON, most of the cost
 * of a large grid) are read in a third query only for the cells that need
 * them: those with a part override, and the expanded column.
 */
export async function gradeRows({ db, rules, columns, students, expand, scopeToStudents }: GradeRowsOptions): Promise<GradebookRow[]> {
  if (students.length === 0) return [];
  const placementIds = columns.map((c) => c.assessmentProblemId);
  const where = { assessmentProblemId: { in: placementIds }, ...(scopeToStudents ? { userId: { in: students.map((s) => s.userId) } } : {}) };
  const [submissions, overrides] = await Promise.all([
    db.submission.findMany({
      where,
      select: { id: true, userId: true, assessmentProblemId: true, attempt: true, score: true, late: true, latePenalty: true },
    }),
    db.scoreOverride.findMany({ where, select: { userId: true, assessmentProblemId: true, partId: true, score: true, comment: true, createdAt: true } }),
  ]);
  const submissionsOf = groupBy(submissions, (s) => cellKey(s.userId, s.assessmentProblemId));
  const overridesOf = groupBy(overrides, (o) => cellKey(o.userId, o.assessmentProblemId));
  const partResultsOf = await countedPartResults(db, rules, submissionsOf, (key, assessmentProblemId) =>
    assessmentProblemId === expand || (overridesOf.get(key) ?? []).some((o) => o.partId !== ""),
  );
  const pointsPossible = columns.reduce((sum, c) => sum + c.points, 0);

  return students.map((student): GradebookRow => {
    const cells: Record<string, GradebookCell> = {};
    let pointsEarned = 0;
    let attempts = 0;
    let lateCount = 0;
    for (const column of columns) {
      const key = cellKey(student.userId, column.assessmentProblemId);
      const cellSubmissions = (submissionsOf.get(key) ?? []).map((s) => ({ ...s, partResults: partResultsOf.get(s.id) }));
      const cell = gradeCell(rules, column, cellSubmissions, overridesOf.get(key) ?? [], column.assessmentProblemId === expand);
      cells[column.assessmentProblemId] = cell;
      pointsEarned += cell.pointsEarned;
      attempts += cell.attempts;
      if (cell.late) lateCount++;
    }
    return { ...student, cells, pointsEarned, pointsPossible, percent: pointsPossible === 0 ? 0 : (100 * pointsEarned) / pointsPossible, attempts, lateCount };
  });
}

/** SQLite allows at most 32,766 bound values; stay well below in one IN list. */
const ID_BATCH = 5_000;

/** The per-part results of the counted submission of each cell that `needsParts`, by submission id. */
async function countedPartResults<S extends { id: string; attempt: number; score: number }>(
  db: Db,
  rules: AssessmentRules,
  submissionsOf: Map<string, S[]>,
  needsParts: (key: string, assessmentProblemId: string) => boolean,
): Promise<Map<string, unknown>> {
  const ids: string[] = [];
  for (const [key, cellSubmissions] of submissionsOf) {
    if (!needsParts(key, key.slice(key.indexOf(" ") + 1))) continue;
    const counted = countedAttempt(rules, cellSubmissions);
    if (counted) ids.push(counted.id);
  }
  const results = new Map<string, unknown>();
  for (let i = 0; i < ids.length; i += ID_BATCH) {
    const rows = await db.submission.findMany({ where: { id: { in: ids.slice(i, i + ID_BATCH) } }, select: { id: true, partResults: true } });
    for (const row of rows) results.set(row.id, row.partResults);
  }
  return results;
}

type CellSubmission = { attempt: number; score: number; latePenalty: number; late: boolean; partResults?: unknown };
type CellOverride = Parameters<typeof standingInfo>[4][number];

/**
 * One student's standing on one placed problem, by the same rules the
 * student's own page uses (lib/submissions standingInfo). Without part
 * overrides or an expanded view, the counted submission's stored score is
 * that standing already, so its parts are not needed.
 */
export function gradeCell(rules: AssessmentRules, column: StaffColumn, submissions: readonly CellSubmission[], overrides: readonly CellOverride[], withParts: boolean): GradebookCell {
  const counted = countedAttempt(rules, submissions);
  const base = { attempts: submissions.length, late: counted?.late ?? false, overridden: overrides.length > 0 };
  const needsParts = withParts || overrides.some((o) => o.partId !== "");
  if (needsParts) {
    const standing = standingInfo(rules, column.parts, column.points, submissions.map((s) => ({ ...s, partResults: s.partResults ?? {} })), overrides);
    return { ...base, score: standing.score, pointsEarned: standing.pointsEarned, ...(withParts ? { partScores: standing.partScores } : {}) };
  }
  const whole = [...overrides].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  const score = whole ? whole.score : (counted?.score ?? null);
  return { ...base, score, pointsEarned: (score ?? 0) * column.points };
}

function cellKey(userId: string, assessmentProblemId: string): string {
  return `${userId} ${assessmentProblemId}`;
}
