import type { Db } from "@/lib/db/client";
import type { AuthorizedUser } from "@/lib/auth/session";
import { getGradebook, type GradebookQuery, type GradebookRow } from "@/lib/gradebook/get-gradebook";
import { gradeRows, needsParts } from "@/lib/gradebook/grade-rows";
import { loadStaffAssessment } from "@/lib/gradebook/load-staff-assessment";
import { listStudents } from "@/lib/gradebook/list-students";
import { pointsEarnedOf, readCellScores } from "@/lib/gradebook/read-cell-scores";
import { groupBy } from "@/lib/gradebook/group-by";
import { streamGradebookCsv } from "@/lib/exports/stream-gradebook-csv";
import { csvNumber, csvRecord } from "@/lib/exports/csv";
import { seedGradebookBench, type SeededGradebook } from "@/test/harness/seed-gradebook-bench";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { actorFor } from "./staff-fixture";

// Sorting or filtering the gradebook by score reads each cell's score that
// counts from one small row per cell (readCellScores) instead of grading the
// whole grid. These tests hold it to the full computation it replaced: every
// student graded by gradeRows from all their submissions and overrides, then
// sorted by the issue-7 comparator (score, then name, then email). Equality
// is exact (toEqual and toBe compare numbers with Object.is), so a total that
// differs in its last bit, and an order that differs at a near-tie, fail.

const BEFORE_EVERYTHING = new Date("2026-11-01T00:00:00Z");
const OLDER = new Date("2026-11-22T09:00:00Z");
const NEWER = new Date("2026-11-23T09:00:00Z");

/** The issue-7 sort: the full grid's rows, ordered as getGradebook ordered them before readCellScores. */
function sortedTheFullWay(rows: readonly GradebookRow[], query: GradebookQuery): GradebookRow[] {
  const { sort = "name", direction = "asc", search, section, minPercent, maxPercent } = query;
  const needle = search?.trim().toLowerCase();
  const sign = direction === "desc" ? -1 : 1;
  const scoreOf = (row: GradebookRow) => (sort === "total" || !row.cells[sort] ? row.percent : (row.cells[sort].score ?? -1));
  return rows
    .filter((row) => !needle || row.name.toLowerCase().includes(needle) || row.email.toLowerCase().includes(needle))
    .filter((row) => section === undefined || row.section === section)
    .filter((row) => (minPercent === undefined || row.percent >= minPercent) && (maxPercent === undefined || row.percent <= maxPercent))
    .sort((a, b) => sign * (scoreOf(a) - scoreOf(b)) || a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}

describeEachDatabase("the gradebook sorted by score", (provider) => {
  const testDb = useTestDatabase(provider);
  let seeded: SeededGradebook;
  let ta: AuthorizedUser;
  /** The cells given overrides by hand, with the score that must count. */
  let edgeCells: { userId: string; assessmentProblemId: string; score: number }[];

  /** Every enrolled student graded the full way: all submissions and overrides of the assessment, per part where needed. */
  async function fullGrid() {
    const db = testDb.db;
    const { rules, columns } = await loadStaffAssessment({ db, actor: ta, assessmentId: seeded.assessmentId });
    const roster = await listStudents({ db, courseId: seeded.courseId });
    const rows = await gradeRows({ db, rules, columns, students: roster, scopeToStudents: false });
    return { rules, columns, roster, rows };
  }

  const book = (query: GradebookQuery) =>
    getGradebook({ db: testDb.db, actor: ta, assessmentId: seeded.assessmentId, pageSize: 500, ...query });

  beforeAll(async () => {
    const db = testDb.db;
    // 48 students × 6 problems of real graded submissions (1–3 attempts, 5 % late at a 10 % penalty), whole-problem
    // overrides, part overrides on 15 % of opened cells (a third of them hidden by a newer whole-problem override),
    // and 10 twins whose totals tie with the first 10 students.
    seeded = await seedGradebookBench(db, {
      students: 48,
      problems: 6,
      sections: 3,
      seedsPerProblem: 2,
      answerSetsPerSeed: 4,
      partOverrideShare: 0.15,
      twins: 10,
    });
    ta = await actorFor(db, await db.user.findUniqueOrThrow({ where: { id: seeded.taId } }));
    await addEdgeCases(db);
  }, 180_000);

  /** Overrides the seeder does not make, and a student who left the course with work behind. */
  async function addEdgeCases(db: Db) {
    const placements = await db.assessmentProblem.findMany({
      where: { assessmentId: seeded.assessmentId },
      orderBy: { position: "asc" },
      include: { problem: { select: { slug: true } } },
    });
    const students = await db.enrollment.findMany({
      where: { courseId: seeded.courseId, role: "STUDENT" },
      select: { userId: true },
      orderBy: { userId: "asc" },
    });
    const override = (student: number, placement: number, partId: string, score: number, createdAt: Date, id?: string) => ({
      ...(id ? { id } : {}),
      userId: students[student].userId,
      assessmentProblemId: placements[placement].id,
      partId,
      score,
      comment: "Edge case.",
      createdById: seeded.taId,
      createdAt,
    });
    const nnBackprop = placements.findIndex((p) => p.problem.slug === "nn-backprop");
    await db.scoreOverride.createMany({
      data: [
        // Two whole-problem overrides of one cell: the newer counts.
        override(0, 0, "", 0.2, NEWER),
        override(0, 0, "", 0.9, OLDER),
        // Two with the same createdAt: the one read first (by id) counts, in both ways of reading.
        override(1, 2, "", 0.35, NEWER, "zz-tie-1"),
        override(1, 2, "", 0.65, NEWER, "zz-tie-2"),
        // A part override and an older whole-problem one: the whole one still decides the score.
        override(2, nnBackprop, "", 0.4, BEFORE_EVERYTHING),
        override(2, nnBackprop, "d.dW0", 1, NEWER),
        // Two part overrides of one part: the newer counts.
        override(3, nnBackprop, "a.z", 0, OLDER),
        override(3, nnBackprop, "a.z", 1, NEWER),
      ],
    });
    const cell = (student: number, placement: number, score: number) => ({
      userId: students[student].userId,
      assessmentProblemId: placements[placement].id,
      score,
    });
    edgeCells = [cell(0, 0, 0.2), cell(1, 2, 0.35), cell(2, nnBackprop, 0.4)];
    // Someone who left: their submissions stay in the database and must not show.
    await db.enrollment.delete({ where: { userId_courseId: { userId: students[students.length - 1].userId, courseId: seeded.courseId } } });
  }

  it("has seeded what it tests: ties, late penalties, several attempts, and part overrides both deciding and hidden", async () => {
    const db = testDb.db;
    const { rows } = await fullGrid();
    expect(rows).toHaveLength(47);
    const byPercent = groupBy(rows, (r) => String(r.percent));
    // The edge cases (four students given overrides by hand, one gone) break at most 5 of the 10 twin pairs.
    expect([...byPercent.values()].filter((group) => group.length > 1).length).toBeGreaterThanOrEqual(5);
    expect(
      await db.submission.count({
        where: { assessmentProblem: { assessmentId: seeded.assessmentId }, late: true, latePenalty: { gt: 0 } },
      }),
    ).toBeGreaterThan(0);
    expect(
      await db.submission.count({ where: { assessmentProblem: { assessmentId: seeded.assessmentId }, attempt: { gte: 2 } } }),
    ).toBeGreaterThan(20);
    const overrides = await db.scoreOverride.findMany({ where: { assessmentProblem: { assessmentId: seeded.assessmentId } } });
    const byCell = [...groupBy(overrides, (o) => `${o.userId} ${o.assessmentProblemId}`).values()];
    expect(byCell.filter(needsParts).length).toBeGreaterThan(5);
    expect(byCell.filter((cell) => cell.some((o) => o.partId !== "") && !needsParts(cell)).length).toBeGreaterThan(1);
    for (const { userId, assessmentProblemId, score } of edgeCells) {
      expect(rows.find((r) => r.userId === userId)!.cells[assessmentProblemId].score).toBe(score);
    }
  });

  describe.each(["BEST", "LAST"] as const)("under the %s policy", (scoringPolicy) => {
    beforeAll(async () => {
      await testDb.db.assessment.update({ where: { id: seeded.assessmentId }, data: { scoringPolicy } });
    });

    it("reads every cell's score exactly as the full grid grades it, and adds them to the same totals to the bit", async () => {
      const { rules, columns, roster, rows } = await fullGrid();
      const scores = await readCellScores({ db: testDb.db, rules, assessmentId: seeded.assessmentId, columns, students: roster });
      expect(scores.size).toBe(rows.length);
      for (const row of rows) {
        const cellScores = scores.get(row.userId)!;
        expect(cellScores).toEqual(columns.map((c) => row.cells[c.assessmentProblemId].score));
        expect(pointsEarnedOf(columns, cellScores)).toBe(row.pointsEarned);
      }
    });

    it("orders every student by total, both ways, as sorting the full grid does, ties by name", async () => {
      const { rows } = await fullGrid();
      for (const direction of ["desc", "asc"] as const) {
        const sorted = await book({ sort: "total", direction });
        expect(sorted.totalRows).toBe(47);
        expect(sorted.rows).toEqual(sortedTheFullWay(rows, { sort: "total", direction }));
      }
    });

    it("orders by one problem's score, below any score those with none", async () => {
      const { rows, columns } = await fullGrid();
      for (const column of columns) {
        for (const direction of ["desc", "asc"] as const) {
          const query = { sort: column.assessmentProblemId, direction };
          expect((await book(query)).rows.map((r) => r.userId)).toEqual(sortedTheFullWay(rows, query).map((r) => r.userId));
        }
      }
    });

    it("cuts the same pages from that order, with a column expanded", async () => {
      const { rules, columns, roster } = await fullGrid();
      const expand = columns[1].assessmentProblemId;
      const pages: GradebookRow[] = [];
      for (let page = 1; page <= 7; page++)
        pages.push(...(await book({ sort: "total", direction: "desc", pageSize: 7, page, expand })).rows);
      const expanded = await gradeRows({ db: testDb.db, rules, columns, students: roster, expand, scopeToStudents: false });
      expect(pages).toEqual(sortedTheFullWay(expanded, { sort: "total", direction: "desc" }));
    });

    it("filters by a range of the total, a section and a search before sorting", async () => {
      const { rows } = await fullGrid();
      const percents = rows.map((r) => r.percent).sort((a, b) => a - b);
      const [low, high] = [percents[10], percents[35]];
      const queries: GradebookQuery[] = [
        { sort: "total", direction: "desc", minPercent: low },
        { sort: "total", direction: "asc", minPercent: low, maxPercent: high },
        { sort: "total", direction: "desc", section: "S2", maxPercent: high },
        { sort: "total", direction: "desc", search: "an" },
        // A percent filter with a name sort still orders by total, as it did before.
        { sort: "name", minPercent: low },
      ];
      for (const query of queries) {
        const expected = sortedTheFullWay(rows, query);
        expect(expected.length).toBeGreaterThan(0);
        expect((await book(query)).rows).toEqual(expected);
      }
    });

    it("exports the Canvas CSV with the points of the full grid", async () => {
      const { columns, rows } = await fullGrid();
      const byName = [...rows].sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
      const expected = byName.map((row) =>
        csvRecord([
          row.name,
          "",
          "",
          row.email,
          row.section,
          ...columns.map((c) =>
            row.cells[c.assessmentProblemId].score === null ? null : csvNumber(row.cells[c.assessmentProblemId].pointsEarned),
          ),
        ]),
      );
      const { stream } = await streamGradebookCsv({ db: testDb.db, actor: ta, assessmentId: seeded.assessmentId, pageSize: 20 });
      const text = await new Response(stream).text();
      expect(text.split("\r\n").slice(2).join("\r\n")).toBe(expected.join(""));
    });
  });
});
