/**
 * One submission, as the submissions route handles it, without HTTP:
 * `npx tsx --conditions=react-server scripts/bench/submission-path.ts [--runs 400] [--concurrency 20] [--history 0]
 * [--only sqlite|postgresql]`
 *
 * For SQLite (synchronous FULL, the default, and NORMAL), and for PostgreSQL
 * when TEST_DATABASE_URL_POSTGRES is set, in the same run: a fresh database with the demo course and 50 students (more for a
 * large `--runs`), then
 * the route's steps (the per-student rate limit,
 * opening the placed problem with its access check, grading and storing `submitAnswers`) for
 * nn-backprop answers. Prints JSON: the database queries one submission
 * makes (counted from Prisma's and the direct driver's query events), this
 * process's CPU time per submission and, for PostgreSQL, its server's beside
 * it (every `postgres` process of the machine, over the same submissions
 * made one at a time), their
 * latency one at a time (p50/p99), and submissions/s with `--concurrency`
 * in flight. `--history N` first gives every student N earlier submissions,
 * to show what a long history costs each new one.
 */
import { randomUUID } from "node:crypto";
import { createDb, type Db } from "../../lib/db/client";
import type { DatabaseProvider } from "../../lib/db/provider";
import type { SqliteSynchronous } from "../../lib/db/sqlite-adapter";
import { limitSubmissions, SUBMISSIONS_PER_MINUTE } from "../../lib/rate-limit/limits";
import { openProblem } from "../../lib/submissions/open-problem";
import { submitAnswers } from "../../lib/submissions/submit-answers";
import { createEmptyTarget, postgresAdminUrl } from "../../test/harness/test-database";
import { postgresCpuMs } from "../../test/harness/process-cpu";
import { prepareLoadCourse } from "../../test/harness/app-server";
import { numericArgument, optionalTextArgument } from "../../test/harness/arguments";
import { quantile, roundMs } from "./timing";

const runs = numericArgument("--runs", 400);
const concurrency = numericArgument("--concurrency", 20);
/**
 * Students submitting in turn: 50, or more when `--runs` would take one past
 * the per-student rate limit, which is counted as in the route: within a
 * minute each makes a warm-up submission, then up to ceil(runs / students)
 * in each of the two phases.
 */
const studentCount = Math.max(50, Math.ceil(runs / Math.floor((SUBMISSIONS_PER_MINUTE - 1) / 2)));
/** Earlier submissions each student has before the timed ones (stored through submitAnswers, without the rate limit). */
const history = numericArgument("--history", 0);
const ANSWERS = { "d.dW0": "(W1.T * z * (1 - z)) @ x.T", "d.db0": "W1.T * z * (1 - z)", "a.y": "W1 @ z + b1", "b.db1": "1" };

/** The submissions route's work for one request, after the session cookie is read (the placement's query checks access). */
async function submitOnce(db: Db, student: { id: string }, assessmentId: string) {
  await limitSubmissions(db, student.id);
  const opened = await openProblem({ db, userId: student.id, slug: "nn-backprop", assessmentId });
  return submitAnswers({
    db,
    userId: student.id,
    slug: "nn-backprop",
    assessmentId,
    answers: ANSWERS,
    idempotencyKey: randomUUID(),
    opened,
  });
}

async function measure(provider: DatabaseProvider, synchronous?: SqliteSynchronous) {
  if (synchronous) process.env.CHAINRULE_SQLITE_SYNCHRONOUS = synchronous;
  const { target, drop } = await createEmptyTarget(provider);
  try {
    const { db: seedDb, assessmentId, students } = await prepareLoadCourse(target, studentCount);
    await seedDb.$disconnect();
    let queries = 0;
    const db = createDb(target, { onQuery: () => queries++ });

    // Warm-up: every student's variant drawn, caches filled.
    for (const student of students) await submitOnce(db, student, assessmentId);
    for (let i = 1; i < history; i++) {
      for (const student of students) await submitAnswers({ db, userId: student.id, slug: "nn-backprop", assessmentId, answers: ANSWERS });
    }

    const before = queries;
    // PostgreSQL's reading (a scan of /proc) outside this process's: its cost is not a submission's.
    const postgresBefore = provider === "postgresql" ? postgresCpuMs() : 0;
    const cpuBefore = process.cpuUsage();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await submitOnce(db, students[i % students.length], assessmentId);
      times.push(performance.now() - started);
    }
    const queriesPerSubmission = (queries - before) / runs;
    const cpu = process.cpuUsage(cpuBefore);
    const postgresMs = provider === "postgresql" ? postgresCpuMs() - postgresBefore : null;
    // This process's CPU (user + system) per submission: steadier than wall time on a busy machine.
    const cpuMsPerSubmission = roundMs((cpu.user + cpu.system) / 1000 / runs, 2);
    times.sort((a, b) => a - b);

    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < runs) await submitOnce(db, students[next++ % students.length], assessmentId);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await db.$disconnect();
    return {
      provider,
      ...(synchronous ? { sqliteSynchronous: synchronous } : {}),
      earlierSubmissionsPerStudent: Math.max(1, history),
      queriesPerSubmission,
      cpuMsPerSubmission,
      ...(postgresMs === null ? {} : { postgresCpuMsPerSubmission: roundMs(postgresMs / runs, 2) }),
      sequential: { runs, p50Ms: roundMs(quantile(times, 0.5), 2), p99Ms: roundMs(quantile(times, 0.99), 2) },
      concurrent: { concurrency, runs, submissionsPerSecond: Math.round((runs / seconds) * 10) / 10 },
    };
  } finally {
    await drop();
  }
}

async function main() {
  // Standard output is the JSON figures alone; the app's informational lines (the grading pool starting) go to standard error.
  console.info = (...args: unknown[]) => console.error(...args);
  const only = optionalTextArgument("--only");
  const results = [];
  if (!only || only === "sqlite") results.push(await measure("sqlite", "FULL"), await measure("sqlite", "NORMAL"));
  if (postgresAdminUrl() && (!only || only === "postgresql")) results.push(await measure("postgresql"));
  console.log(
    JSON.stringify(
      { benchmark: "submission path without HTTP (nn-backprop)", date: new Date().toISOString(), node: process.version, results },
      null,
      2,
    ),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
