import "server-only";
import type { Db } from "@/lib/db/client";
import { countedAttempt, scoreNeedsAllParts, type AssessmentRules } from "@/lib/submissions/policy";
import { standingInfo } from "@/lib/submissions/standing";
import { memberColumn, type StaffColumn } from "./load-staff-assessment";
import type { StudentEntry } from "./list-students";
import { groupBy } from "./group-by";

export interface GradebookCell {
  /** Fraction of the problem's points that counts (overrides applied); null: nothing submitted and no override. */
  score: number | null;
  pointsEarned: number;
  attempts: number;
  /** The counted submission was late (and carries its penalty). */
  late: boolean;
  /** A staff override decides part or all of the score. */
  overridden: boolean;
  /** A pooled placement: the slug of the member the student drew (none before they open it). */
  member?: string;
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
 * Overrides are read in id order, so that two overrides of the same part
 * with the same createdAt (to the millisecond) resolve the same way in every
 * gradebook read: the first one seen, by the rule of applyOverrides.
 */
export const OVERRIDE_READ_ORDER = { id: "asc" } as const;

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
  const where = {
    assessmentProblemId: { in: placementIds },
    ...(scopeToStudents ? { userId: { in: students.map((s) => s.userId) } } : {}),
  };
  const [submissions, overrides, drawn] = await Promise.all([
    db.submission.findMany({
      where,
      select: { id: true, userId: true, assessmentProblemId: true, attempt: true, score: true, late: true, latePenalty: true },
    }),
    db.scoreOverride.findMany({
      where,
      select: { userId: true, assessmentProblemId: true, partId: true, score: true, comment: true, createdAt: true },
      orderBy: OVERRIDE_READ_ORDER,
    }),
    drawnMembers(db, columns, where),
  ]);
  const submissionsOf = groupBy(submissions, (s) => cellKey(s.userId, s.assessmentProblemId));
  const overridesOf = groupBy(overrides, (o) => cellKey(o.userId, o.assessmentProblemId));
  const partResultsOf = await countedPartResults(
    db,
    rules,
    submissionsOf,
    (key, assessmentProblemId) => scoreNeedsAllParts(rules) || assessmentProblemId === expand || needsParts(overridesOf.get(key) ?? []),
  );
  const pointsPossible = pointsPossibleOf(columns);

  return students.map((student): GradebookRow => {
    const cells: Record<string, GradebookCell> = {};
    let pointsEarned = 0;
    let attempts = 0;
    let lateCount = 0;
    for (const column of columns) {
      const key = cellKey(student.userId, column.assessmentProblemId);
      const cellSubmissions = (submissionsOf.get(key) ?? []).map((s) => ({ ...s, partResults: partResultsOf.get(s.id) }));
      const member = drawn.get(key);
      const cell = gradeCell(
        rules,
        memberColumn(column, member),
        cellSubmissions,
        overridesOf.get(key) ?? [],
        column.assessmentProblemId === expand,
      );
      cells[column.assessmentProblemId] = member === undefined ? cell : { ...memberPartScores(cell, member), member };
      pointsEarned += cell.pointsEarned;
      attempts += cell.attempts;
      if (cell.late) lateCount++;
    }
    return { ...student, cells, pointsEarned, pointsPossible, percent: percentOf(pointsEarned, pointsPossible), attempts, lateCount };
  });
}

/** Which member each student drew of the pooled columns, by cellKey: one query, only when the assessment has a pool. */
async function drawnMembers(
  db: Db,
  columns: readonly StaffColumn[],
  where: { assessmentProblemId: { in: string[] }; userId?: { in: string[] } },
): Promise<Map<string, string>> {
  const pooled = columns.filter((c) => c.pool.length > 0).map((c) => c.assessmentProblemId);
  if (pooled.length === 0) return new Map();
  const variants = await db.variant.findMany({
    where: { ...where, assessmentProblemId: { in: pooled } },
    select: { userId: true, assessmentProblemId: true, problem: { select: { slug: true } } },
  });
  return new Map(variants.map((v) => [cellKey(v.userId, v.assessmentProblemId), v.problem.slug]));
}

/** A pooled cell's part scores named `member-slug:part-id`, as the expanded pooled column names its parts (members share part ids). */
function memberPartScores(cell: GradebookCell, member: string): GradebookCell {
  if (!cell.partScores) return cell;
  return { ...cell, partScores: Object.fromEntries(Object.entries(cell.partScores).map(([id, score]) => [poolPartId(member, id), score])) };
}

/** A pool member's part in an expanded pooled column. */
export function poolPartId(memberSlug: string, partId: string): string {
  return `${memberSlug}:${partId}`;
}

export function pointsPossibleOf(columns: readonly StaffColumn[]): number {
  return columns.reduce((sum, c) => sum + c.points, 0);
}

/** A row's percent; 0 for an assessment without points. */
export function percentOf(pointsEarned: number, pointsPossible: number): number {
  return pointsPossible === 0 ? 0 : (100 * pointsEarned) / pointsPossible;
}

/** SQLite allows at most 32,766 bound values; stay well below in one IN list. */
const ID_BATCH = 5_000;

/**
 * The per-part results of the counted submission (under BEST_PER_PART: of every submission) of each cell that `needsParts`, by
 * submission id.
 */
async function countedPartResults<S extends { id: string; attempt: number; score: number }>(
  db: Db,
  rules: AssessmentRules,
  submissionsOf: Map<string, S[]>,
  needsParts: (key: string, assessmentProblemId: string) => boolean,
): Promise<Map<string, unknown>> {
  const ids: string[] = [];
  for (const [key, cellSubmissions] of submissionsOf) {
    if (!needsParts(key, key.slice(key.indexOf(" ") + 1))) continue;
    if (scoreNeedsAllParts(rules)) {
      ids.push(...cellSubmissions.map((s) => s.id));
      continue;
    }
    const counted = countedAttempt(rules, cellSubmissions);
    if (counted) ids.push(counted.id);
  }
  const results = new Map<string, unknown>();
  for (let i = 0; i < ids.length; i += ID_BATCH) {
    const rows = await db.submission.findMany({
      where: { id: { in: ids.slice(i, i + ID_BATCH) } },
      select: { id: true, partResults: true },
    });
    for (const row of rows) results.set(row.id, row.partResults);
  }
  return results;
}

type CellSubmission = { attempt: number; score: number; latePenalty: number; late: boolean; partResults?: unknown };
type CellOverride = Parameters<typeof standingInfo>[4][number];

/**
 * One student's standing on one placed problem, by the same rules the
 * student's own page uses (lib/submissions standingInfo). Without part
 * overrides, an expanded view or per-part scoring, the counted submission's
 * stored score is that standing already, so its parts are not needed.
 */
export function gradeCell(
  rules: AssessmentRules,
  column: StaffColumn,
  submissions: readonly CellSubmission[],
  overrides: readonly CellOverride[],
  withParts: boolean,
): GradebookCell {
  const counted = countedAttempt(rules, submissions);
  const base = { attempts: submissions.length, late: counted?.late ?? false, overridden: overrides.length > 0 };
  if (withParts || needsParts(overrides) || scoreNeedsAllParts(rules)) {
    const standing = standingInfo(
      rules,
      column.parts,
      column.points,
      submissions.map((s) => ({ ...s, partResults: s.partResults ?? {} })),
      overrides,
    );
    return {
      ...base,
      score: standing.score,
      pointsEarned: standing.pointsEarned,
      ...(withParts ? { partScores: standing.partScores } : {}),
    };
  }
  const score = leanCellScore(counted?.score ?? null, overrides);
  return { ...base, score, pointsEarned: cellPoints(score, column) };
}

/** The points a cell's score earns, computed as standingInfo computes them. */
export function cellPoints(score: number | null, column: Pick<StaffColumn, "points">): number {
  return (score ?? 0) * column.points;
}

/** Whether a cell's standing depends on its counted submission's parts: a part override that no whole-problem override hides. */
export function needsParts(overrides: readonly Pick<CellOverride, "partId">[]): boolean {
  return overrides.some((o) => o.partId !== "") && !overrides.some((o) => o.partId === "");
}

/**
 * A cell's score when its parts do not matter: the newest whole-problem
 * override (the first seen of equally new ones, as applyOverrides picks it),
 * else the counted submission's stored score, else null.
 */
export function leanCellScore(
  countedScore: number | null,
  overrides: readonly Pick<CellOverride, "partId" | "score" | "createdAt">[],
): number | null {
  let whole: (typeof overrides)[number] | undefined;
  for (const override of overrides) {
    if (override.partId === "" && (!whole || override.createdAt.getTime() > whole.createdAt.getTime())) whole = override;
  }
  return whole ? whole.score : countedScore;
}

export function cellKey(userId: string, assessmentProblemId: string): string {
  return `${userId} ${assessmentProblemId}`;
}
