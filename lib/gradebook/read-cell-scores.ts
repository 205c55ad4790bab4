import "server-only";
import type { Db } from "@/lib/db/client";
import { scoreNeedsAllParts, type AssessmentRules } from "@/lib/submissions/policy";
import type { StaffColumn } from "./load-staff-assessment";
import type { StudentEntry } from "./list-students";
import { cellPoints, gradeRows, leanCellScore, needsParts, OVERRIDE_READ_ORDER } from "./grade-rows";
import { groupBy } from "./group-by";

export interface ReadCellScoresOptions {
  db: Db;
  rules: AssessmentRules;
  assessmentId: string;
  columns: readonly StaffColumn[];
  /** The students whose scores are wanted; rows of anyone else are read but dropped. */
  students: readonly StudentEntry[];
}

/**
 * Per student, the score that counts on each column (in column order): exactly
 * the `score` of gradeRows' cells, without reading the grid of submissions.
 *
 * Without a part override, a cell's score is the counted submission's stored
 * score (gradeCell), and the counted one is an aggregate: BEST the highest
 * score, LAST the highest attempt (unique per cell). So the database returns
 * one row per cell, not every submission. Overrides are read as they are;
 * the rare cells with a part override no whole-problem override hides are
 * graded by gradeRows itself, for those students and columns only.
 *
 * Nothing is summed in SQL: SQLite sums with compensation, PostgreSQL does
 * not, and gradeRows adds the cells in column order; totals built from these
 * scores in that order (`pointsEarnedOf`) are equal to gradeRows' to the bit.
 */
export async function readCellScores({
  db,
  rules,
  assessmentId,
  columns,
  students,
}: ReadCellScoresOptions): Promise<Map<string, (number | null)[]>> {
  const scores = new Map<string, (number | null)[]>();
  if (students.length === 0) return scores;
  // Each part's best over the attempts is no aggregate of stored totals: every cell is graded the full way.
  if (scoreNeedsAllParts(rules)) {
    for (const row of await gradeRows({ db, rules, columns, students, scopeToStudents: true })) {
      scores.set(
        row.userId,
        columns.map((c) => row.cells[c.assessmentProblemId].score),
      );
    }
    return scores;
  }
  const [counted, overrides] = await Promise.all([
    countedScores(db, rules, assessmentId),
    db.scoreOverride.findMany({
      where: { assessmentProblemId: { in: columns.map((c) => c.assessmentProblemId) } },
      select: { userId: true, assessmentProblemId: true, partId: true, score: true, createdAt: true },
      orderBy: OVERRIDE_READ_ORDER,
    }),
  ]);
  // Indexed by student, then by column: 30,000 cells are looked up, so no string keys per cell.
  const columnOf = new Map(columns.map((c, i) => [c.assessmentProblemId, i]));
  const countedOf = new Map<string, (number | null)[]>();
  for (const row of counted) {
    // A placement added since the columns were read is not in this gradebook.
    const i = columnOf.get(row.placementId);
    if (i === undefined) continue;
    let cellScores = countedOf.get(row.userId);
    if (!cellScores) countedOf.set(row.userId, (cellScores = columns.map(() => null)));
    cellScores[i] = Number(row.score);
  }
  const overridesOf = groupBy(overrides, (o) => o.userId);

  // Cells whose standing needs their parts are graded the full way below, by student and column.
  const partStudents: StudentEntry[] = [];
  const partColumns = new Set<string>();
  for (const student of students) {
    const cellScores = countedOf.get(student.userId) ?? columns.map(() => null);
    let needsPartsHere = false;
    for (const [placementId, cellOverrides] of groupBy(overridesOf.get(student.userId) ?? [], (o) => o.assessmentProblemId)) {
      const i = columnOf.get(placementId)!;
      if (needsParts(cellOverrides)) {
        needsPartsHere = true;
        partColumns.add(placementId);
      } else cellScores[i] = leanCellScore(cellScores[i], cellOverrides);
    }
    if (needsPartsHere) partStudents.push(student);
    scores.set(student.userId, cellScores);
  }
  if (partStudents.length > 0) {
    const graded = columns.filter((c) => partColumns.has(c.assessmentProblemId));
    for (const row of await gradeRows({ db, rules, columns: graded, students: partStudents, scopeToStudents: true })) {
      const cellScores = scores.get(row.userId)!;
      for (const column of graded) cellScores[columnOf.get(column.assessmentProblemId)!] = row.cells[column.assessmentProblemId].score;
    }
  }
  return scores;
}

/** A student's points on the assessment from their cell scores, added in column order as gradeRows adds them. */
export function pointsEarnedOf(columns: readonly StaffColumn[], cellScores: readonly (number | null)[]): number {
  let pointsEarned = 0;
  for (let i = 0; i < columns.length; i++) pointsEarned += cellPoints(cellScores[i], columns[i]);
  return pointsEarned;
}

interface CountedScoreRow {
  userId: string;
  placementId: string;
  /** A float; Number() also takes a driver's bigint for a whole-number score. */
  score: number | bigint;
}

/**
 * The counted submission's score of every cell of the assessment that has a
 * submission, one row per cell. The same SQL runs on SQLite and PostgreSQL;
 * placements are picked by a subquery so that SQLite walks the
 * (assessmentProblemId, userId) index once per placement.
 */
function countedScores(db: Db, rules: Pick<AssessmentRules, "scoringPolicy">, assessmentId: string): Promise<CountedScoreRow[]> {
  // BEST_PER_PART never gets here (readCellScores grades those cells the full way).
  if (rules.scoringPolicy === "BEST") {
    return db.$queryRaw<CountedScoreRow[]>`
      SELECT s."userId" AS "userId", s."assessmentProblemId" AS "placementId", MAX(s."score") AS "score"
      FROM "Submission" s
      WHERE s."assessmentProblemId" IN (SELECT ap."id" FROM "AssessmentProblem" ap WHERE ap."assessmentId" = ${assessmentId})
      GROUP BY s."assessmentProblemId", s."userId"`;
  }
  // LAST: the row of each cell's highest attempt, found by joining on it (cheaper on SQLite than ROW_NUMBER()).
  return db.$queryRaw<CountedScoreRow[]>`
    SELECT s."userId" AS "userId", s."assessmentProblemId" AS "placementId", s."score" AS "score"
    FROM "Submission" s
    JOIN (
      SELECT t."assessmentProblemId" AS "placementId", t."userId" AS "userId", MAX(t."attempt") AS "lastAttempt"
      FROM "Submission" t
      WHERE t."assessmentProblemId" IN (SELECT ap."id" FROM "AssessmentProblem" ap WHERE ap."assessmentId" = ${assessmentId})
      GROUP BY t."assessmentProblemId", t."userId"
    ) cell ON s."assessmentProblemId" = cell."placementId" AND s."userId" = cell."userId" AND s."attempt" = cell."lastAttempt"`;
}
