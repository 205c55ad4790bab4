// The gradebook at scale: `npx tsx --conditions=react-server scripts/bench/gradebook.ts
// [--students 1000] [--problems 30] [--runs 7] [--policy BEST|LAST]`
// seeds the same course (test/harness/seed-gradebook-bench.ts) into a fresh SQLite
// file and, when TEST_DATABASE_URL_POSTGRES names a server where databases may
// be created, a fresh PostgreSQL database, and prints JSON: for each database
// the median and p90 over the timed runs (after 2 warm-up runs) of
// - grid query: the submissions of the whole assessment (the big one of the two indexed queries);
// - page by name: getGradebook's default view, 50 students (page read alone);
// - all by total: getGradebook sorted by total, which scores every student
//   from one row per cell (readCellScores), then reads the page's grid;
// - all by total, full grid: the same page the issue-7 way, for comparison in
//   the same run: every student's grid graded (gradeRows), sorted, cut;
// - cell scores: readCellScores alone (the counted score of every cell);
// - CSV export: the whole Canvas CSV, streamed and read to the end;
// - analytics: one problem's per-part analytics;
// whether both ways give the same rows in the same order (all 1,000), the
// query plans of the grid query and of the cell-score query, and the load
// average before and after (other work on the machine slows every figure).
// The react-server condition lets plain Node load lib/'s server-only modules.
import os from "node:os";
import { performance } from "node:perf_hooks";
import { getGradebook, type GradebookRow } from "../../lib/gradebook/get-gradebook";
import { gradeRows } from "../../lib/gradebook/grade-rows";
import { loadStaffAssessment } from "../../lib/gradebook/load-staff-assessment";
import { listStudents } from "../../lib/gradebook/list-students";
import { readCellScores } from "../../lib/gradebook/read-cell-scores";
import { streamGradebookCsv } from "../../lib/exports/stream-gradebook-csv";
import { getProblemAnalytics } from "../../lib/analytics/get-problem-analytics";
import { loadMemberships } from "../../lib/auth/credentials";
import type { Db } from "../../lib/db/client";
import type { DatabaseProvider } from "../../lib/db/provider";
import { createTestDatabase, postgresAdminUrl } from "../../test/harness/test-database";
import { seedGradebookBench } from "../../test/harness/seed-gradebook-bench";
import { choiceArgument, numericArgument } from "../../test/harness/arguments";

const STUDENTS = numericArgument("--students", 1_000);
const PROBLEMS = numericArgument("--problems", 30);
const RUNS = numericArgument("--runs", 7);
const POLICY = choiceArgument("--policy", ["BEST", "LAST"] as const, "BEST");
const WARMUP = 2;

async function timed(run: () => Promise<unknown>): Promise<{ medianMs: number; p90Ms: number }> {
  for (let i = 0; i < WARMUP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    medianMs: round(times[Math.floor(times.length / 2)]),
    p90Ms: round(times[Math.min(times.length - 1, Math.ceil(times.length * 0.9) - 1)]),
  };
}

function gridQuerySql(placementIds: string[]): string {
  const list = placementIds.map((id) => `'${id}'`).join(", ");
  return (
    `SELECT "userId", "assessmentProblemId", "attempt", "score", "late", "latePenalty", "partResults" ` +
    `FROM "Submission" WHERE "assessmentProblemId" IN (${list})`
  );
}

/** readCellScores' query under BEST (lib/gradebook/read-cell-scores.ts), with the id written in. */
function cellScoresSql(assessmentId: string): string {
  return (
    `SELECT s."userId" AS "userId", s."assessmentProblemId" AS "placementId", MAX(s."score") AS "score" ` +
    `FROM "Submission" s ` +
    `WHERE s."assessmentProblemId" IN (SELECT ap."id" FROM "AssessmentProblem" ap WHERE ap."assessmentId" = '${assessmentId}') ` +
    `GROUP BY s."assessmentProblemId", s."userId"`
  );
}

async function queryPlan(db: Db, provider: DatabaseProvider, sql: string): Promise<string> {
  if (provider === "sqlite") {
    const rows = await db.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${sql}`);
    return rows.map((r) => r.detail).join("; ");
  }
  const rows = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${sql}`);
  return rows.map((r) => r["QUERY PLAN"].trim()).join("; ");
}

async function benchDatabase(provider: DatabaseProvider) {
  const testDb = await createTestDatabase(provider);
  try {
    const db = testDb.db;
    const seedStart = performance.now();
    const seeded = await seedGradebookBench(db, { students: STUDENTS, problems: PROBLEMS, scoringPolicy: POLICY });
    const seedSeconds = Math.round(performance.now() - seedStart) / 1000;
    // Fresh statistics, as a running database would have, so the planners see the real sizes.
    await db.$executeRawUnsafe("ANALYZE");
    const ta = await db.user.findUniqueOrThrow({ where: { id: seeded.taId } });
    const actor = { id: ta.id, email: ta.email, name: ta.name, memberships: await loadMemberships(db, ta.id) };
    const placementIds = (await db.assessmentProblem.findMany({ where: { assessmentId: seeded.assessmentId }, select: { id: true } })).map(
      (p) => p.id,
    );
    const options = { db, actor, assessmentId: seeded.assessmentId };

    const gridQuery = await timed(() =>
      db.submission.findMany({
        where: { assessmentProblemId: { in: placementIds } },
        select: { userId: true, assessmentProblemId: true, attempt: true, score: true, late: true, latePenalty: true, partResults: true },
      }),
    );
    const pageByName = await timed(() => getGradebook({ ...options, pageSize: 50 }));
    const allByTotal = await timed(() => getGradebook({ ...options, sort: "total", direction: "desc", pageSize: 50 }));
    const allByTotalFullGrid = await timed(() => byTotalFullGrid({ ...options, pageSize: 50 }));
    const cellScores = await timed(async () => {
      const { assessment, rules, columns } = await loadStaffAssessment(options);
      return readCellScores({
        db,
        rules,
        assessmentId: seeded.assessmentId,
        columns,
        students: await listStudents({ db, courseId: assessment.courseId }),
      });
    });
    const csvExport = await timed(async () => new Response((await streamGradebookCsv(options)).stream).text());
    const analytics = await timed(() => getProblemAnalytics({ ...options, assessmentProblemId: placementIds[1] }));
    const check = await getGradebook({ ...options, sort: "total", direction: "desc", pageSize: 5 });
    const sorted = [];
    for (let page = 1; page <= Math.ceil(STUDENTS / 500); page++)
      sorted.push(...(await getGradebook({ ...options, sort: "total", direction: "desc", pageSize: 500, page })).rows);
    const fullGrid = await byTotalFullGrid({ ...options, pageSize: STUDENTS });
    return {
      provider,
      seeded: { ...seeded, seedSeconds },
      gridQuery,
      pageByName,
      allByTotal,
      allByTotalFullGrid,
      cellScores,
      csvExport,
      analytics,
      topTotals: check.rows.map((r) => Math.round(r.pointsEarned * 100) / 100),
      sameRowsAsFullGrid: JSON.stringify(sorted) === JSON.stringify(fullGrid),
      gridQueryPlan: await queryPlan(db, provider, gridQuerySql(placementIds)),
      cellScoresQueryPlan: await queryPlan(db, provider, cellScoresSql(seeded.assessmentId)),
    };
  } finally {
    await testDb.destroy();
  }
}

/**
 * The sorted-by-total page as first built, before paging in SQL: every student's grid graded, sorted by percent
 * (ties by name, email), cut.
 */
async function byTotalFullGrid(options: Parameters<typeof loadStaffAssessment>[0] & { pageSize: number }): Promise<GradebookRow[]> {
  const { db } = options;
  const { assessment, rules, columns } = await loadStaffAssessment(options);
  const students = await listStudents({ db, courseId: assessment.courseId });
  const rows = await gradeRows({ db, rules, columns, students, scopeToStudents: false });
  rows.sort((a, b) => b.percent - a.percent || a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
  return rows.slice(0, options.pageSize);
}

const loadAverage = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

async function main() {
  const loadBefore = loadAverage();
  const providers: DatabaseProvider[] = ["sqlite", ...(postgresAdminUrl() ? (["postgresql"] as const) : [])];
  const results = [];
  for (const provider of providers) results.push(await benchDatabase(provider));
  console.log(
    JSON.stringify(
      {
        benchmark: "gradebook",
        students: STUDENTS,
        problems: PROBLEMS,
        scoringPolicy: POLICY,
        runs: RUNS,
        node: process.version,
        cores: os.cpus().length,
        loadAverage: { before: loadBefore, after: loadAverage(), note: "1, 5 and 15 minutes" },
        postgres: postgresAdminUrl() ? "measured" : "skipped: set TEST_DATABASE_URL_POSTGRES to compare",
        results,
      },
      null,
      2,
    ),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
