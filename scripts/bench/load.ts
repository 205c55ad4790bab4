/**
 * The deadline rush, over real HTTP against the production build:
 * `npx tsx --conditions=react-server scripts/bench/load.ts [--stages 10,50,100,250,500] [--seconds 10] [--floor-seconds 5]
 * [--warmup-seconds 5] [--students 500] [--instances 1,2] [--sqlite-synchronous FULL,NORMAL] [--databases sqlite,postgresql]
 * [--no-page-probe]`
 *
 * For SQLite, and for PostgreSQL when TEST_DATABASE_URL_POSTGRES names a
 * server where databases may be created, in the same run: a fresh database
 * seeded with the demo course and `--students` enrolled students, a
 * `next start` on it, then a closed-loop load (closed-loop.ts) drives the
 * students submitting nn-backprop answers through
 * POST /api/problems/nn-backprop/submissions (each request its own student
 * in turn, its own Idempotency-Key), one stage per concurrency level. Each
 * stage and each floor opens all its connections before it is timed, so
 * that both run with every connection busy (`connectionsAnswered`). It
 * prints JSON: per stage submissions/s, latency p50/p95/p99, errors and
 * CPU over the stage's first half, and the problem page's server time
 * during its second half, for a student who never
 * submits, so that its page is the one timed unloaded (the
 * floor has no page loads beside it, so the submissions are measured
 * without them too; --no-page-probe measures them over the whole stage and
 * times no pages); afterwards the number of stored submissions
 * against the number of 2xx responses (none lost, none doubled); and the
 * problem page's server time, unloaded. After each stage, the same number of
 * connections request GET /api/health for `--floor-seconds` (the stage's
 * by default; 0 skips it): the floor, a route handler with no session and
 * one trivial statement, so that each stage's figures stand beside what
 * this machine and this stack can serve at all. Each is measured with one `next
 * start` and with a cluster of two on the port (scripts/serve/cluster.mjs),
 * or the counts `--instances` lists; SQLite with synchronous FULL (the
 * default) and NORMAL. `targets` judges the run against issue 24's
 * targets (load-targets.ts): ratios to the floor and to the unloaded page,
 * measured in the same run, so that the verdict means the same on a slow
 * machine as on a fast one. Each configuration also reports `machineCheck`, the
 * time of a fixed piece of work before and after it (timing.ts), because
 * these machines' speed drifts: compare runs whose checks agree.
 *
 * Needs a production build (`npx next build`; NEXT_DIST_DIR is honoured).
 * Sessions are minted with next-auth's own JWT encoder and the server's
 * secret, as a sign-in would set them, so bcrypt's deliberate slowness is
 * not what is measured.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { DatabaseProvider } from "../../lib/db/provider";
import type { SqliteSynchronous } from "../../lib/db/sqlite-adapter";
import { createEmptyTarget, postgresAdminUrl } from "../../test/harness/test-database";
import {
  checkIntegrity,
  prepareLoadCourse,
  ROOT,
  startAppServer,
  stopAppServer,
  waitForHealth,
  type LoadStudent as Student,
  type SentKeys,
} from "../../test/harness/app-server";
import { flagArgument, listArgument, numericArgument } from "../../test/harness/arguments";
import { postgresCpuMs, serverCpuMs, serverMainThreadCpuMs } from "../../test/harness/process-cpu";
import { judgeTargets } from "./load-targets";
import { answeredWithin, countOk, runClosedLoop, sortedLatencies } from "./closed-loop";
import { machineCheckMs, quantile, roundMs } from "./timing";

const stages = listArgument("--stages", "10,50,100,250,500").map(Number);
const seconds = numericArgument("--seconds", 10);
const floorSeconds = numericArgument("--floor-seconds", 5);
/**
 * An untimed first stage, so that the stages measure a warm server: JIT-compiled code, loaded routes, started grading
 * threads. It runs this long per process, on the submissions and then on the floor's route: a cluster shares the
 * connections out, and with half the warm-up each, two processes' first stage cost 1.7 times their later identical ones.
 */
const warmupSeconds = numericArgument("--warmup-seconds", 5);
const studentCount = numericArgument("--students", 500);
const port = numericArgument("--port", 3290);
/** How many `next start` processes share the port (scripts/serve/cluster.mjs): each count is measured in turn. */
const instanceCounts = listArgument("--instances", "1,2").map(Number);
/** Which databases to measure; PostgreSQL only when TEST_DATABASE_URL_POSTGRES is set. */
const databases = listArgument("--databases", "sqlite,postgresql");
/** SQLite's synchronous levels to measure (lib/db/sqlite-adapter.ts): FULL is the default, NORMAL the documented trade. */
const sqliteLevels = listArgument("--sqlite-synchronous", "FULL,NORMAL") as SqliteSynchronous[];
/**
 * Leaves out the problem page requested during each stage. Its CPU is in
 * the stage's CPU per submission, and when submissions are slow (a loaded
 * machine, few connections) a page every 50 ms is a large share of it: for
 * a submission-only figure, to set beside the floor's.
 */
const pageProbe = !flagArgument("--no-page-probe");

/** The right 2.1(d) answer and a few other parts, as a student would send them. */
const ANSWERS = { "d.dW0": "(W1.T * z * (1 - z)) @ x.T", "d.db0": "W1.T * z * (1 - z)", "a.y": "W1 @ z + b1", "b.db1": "1" };

interface StageResult {
  connections: number;
  /** Of `connections`, how many were answered at least once in the timed stage: all of them, unless some starved. */
  connectionsAnswered: number;
  seconds: number;
  requests: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  submissionsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number };
  /**
   * The seconds the submissions' figures cover: the stage's first half when the page probe runs (the pages
   * are timed in the second), the whole stage with --no-page-probe.
   */
  submissionsMeasuredSeconds: number;
  /** The problem page's server time for another student during the stage's second half. */
  problemPageUnderLoadMs: { requests: number; p50: number; p95: number };
  /**
   * 2xx submissions/s during that second half, while the page loads one after another (submissions give way to pages,
   * lib/http/page-loads.ts); null with --no-page-probe.
   */
  submissionsPerSecondWhilePagesLoad: number | null;
  /**
   * CPU per 2xx submission, in ms: the server's processes (all threads: request threads, grading threads, GC),
   * PostgreSQL's processes (0 on SQLite), and this process (the load generator). Like the rate and the latencies,
   * measured over the stage's first `submissionsMeasuredSeconds`, before the page probe starts.
   */
  serverCpuMsPerSubmission: number;
  /**
   * The part of serverCpuMsPerSubmission spent on the server processes' main threads, where Next handles requests (the rest:
   * grading, GC and compiler threads).
   */
  requestThreadCpuMsPerSubmission: number;
  postgresCpuMsPerSubmission: number;
  loadGeneratorCpuMsPerSubmission: number;
  /** GET /api/health at the same connections, right after the stage (absent with --floor-seconds 0). */
  floor?: FloorResult;
}

/** The stack's floor at a stage's concurrency: the simplest real route, no session, one `SELECT 1`. */
interface FloorResult {
  requestsPerSecond: number;
  connectionsAnswered: number;
  non2xx: number;
  latencyMs: { p50: number; p99: number };
  serverCpuMsPerRequest: number;
}

async function runStage(
  assessmentId: string,
  students: Student[],
  connections: number,
  sent: SentKeys,
  server: ChildProcess,
  duration = seconds,
  reader?: Student,
): Promise<StageResult> {
  let next = 0;
  // With the page probe on, the stage has two halves: the submissions'
  // figures (CPU, rate, p99) come from the first, with no page loads, so
  // that they compare with the floor's, which has none either; the pages
  // are timed in the second, under the same rush.
  const measuredSeconds = pageProbe ? duration / 2 : duration;
  let cpuBefore!: CpuReading;
  let started!: () => void;
  const start = new Promise<void>((resolve) => (started = resolve));
  const window = start.then(() => new Promise<CpuReading>((resolve) => setTimeout(() => resolve(readCpu(server)), measuredSeconds * 1000)));
  const load = runClosedLoop({
    port,
    connections,
    seconds: duration,
    timeoutMs: 10_000,
    nextRequest: () => {
      const student = students[next++ % students.length];
      const key = randomUUID();
      sent.set(key, undefined);
      return {
        method: "POST",
        path: `/api/problems/nn-backprop/submissions?assessmentId=${assessmentId}`,
        headers: { "content-type": "application/json", cookie: student.cookie, "idempotency-key": key },
        body: JSON.stringify({ answers: ANSWERS }),
      };
    },
    onResponse: (request, status) => sent.set(request.headers!["idempotency-key"], status),
    onStart: () => {
      cpuBefore = readCpu(server);
      started();
    },
  });
  let stopped = false;
  const pageTimes = (async () => {
    const times: number[] = [];
    if (!pageProbe || !reader) return times;
    await window;
    while (!stopped) {
      times.push(await problemPageOnce(assessmentId, reader));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return times.sort((a, b) => a - b);
  })();
  const result = await load;
  stopped = true;
  const pages = await pageTimes;
  const cpuAfter = pageProbe ? await window : readCpu(server);
  // Rates and latencies over the timed stage's first `measuredSeconds`. CPU over the same window with the page probe;
  // without it, until the last submission in flight was answered, so that every answer counts against it.
  const timed = answeredWithin(result.responses, duration * 1000);
  const measured = answeredWithin(result.responses, measuredSeconds * 1000);
  const ok2xx = countOk(timed);
  const measuredOk = countOk(measured);
  const cpuCounted = pageProbe ? measuredOk : countOk(result.responses);
  const cpuUsed = {
    server: cpuAfter.server - cpuBefore.server,
    requestThreads: cpuAfter.requestThreads - cpuBefore.requestThreads,
    postgres: cpuAfter.postgres - cpuBefore.postgres,
    generator: cpuAfter.generator - cpuBefore.generator,
  };
  const perSubmission = (ms: number) => roundMs(ms / Math.max(1, cpuCounted), 2);
  const measuredLatencies = sortedLatencies(measured);
  return {
    connections,
    connectionsAnswered: result.connectionsAnswered,
    seconds: duration,
    submissionsMeasuredSeconds: measuredSeconds,
    requests: result.responses.length + result.errors + result.timeouts,
    ok2xx,
    non2xx: timed.length - ok2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    submissionsPerSecond: Math.round((measuredOk / measuredSeconds) * 10) / 10,
    latencyMs: measuredLatencies.length
      ? {
          p50: roundMs(quantile(measuredLatencies, 0.5), 1),
          p95: roundMs(quantile(measuredLatencies, 0.95), 1),
          p99: roundMs(quantile(measuredLatencies, 0.99), 1),
        }
      : { p50: NaN, p95: NaN, p99: NaN },
    problemPageUnderLoadMs: { requests: pages.length, p50: roundMs(quantile(pages, 0.5), 1), p95: roundMs(quantile(pages, 0.95), 1) },
    submissionsPerSecondWhilePagesLoad: pageProbe ? Math.round(((ok2xx - measuredOk) / (duration - measuredSeconds)) * 10) / 10 : null,
    serverCpuMsPerSubmission: perSubmission(cpuUsed.server),
    requestThreadCpuMsPerSubmission: perSubmission(cpuUsed.requestThreads),
    postgresCpuMsPerSubmission: perSubmission(cpuUsed.postgres),
    loadGeneratorCpuMsPerSubmission: perSubmission(cpuUsed.generator),
  };
}

interface CpuReading {
  server: number;
  requestThreads: number;
  postgres: number;
  generator: number;
}

/** CPU used so far, in ms: the server's processes, their request threads, PostgreSQL's processes and this process. */
function readCpu(server: ChildProcess): CpuReading {
  const generator = process.cpuUsage();
  return {
    server: serverCpuMs(server),
    requestThreads: serverMainThreadCpuMs(server),
    postgres: postgresCpuMs(),
    generator: (generator.user + generator.system) / 1000,
  };
}

/** GET /api/health with `connections` for floorSeconds: what the server answers when a request asks almost nothing of it. */
async function runFloorStage(connections: number, server: ChildProcess, duration = floorSeconds): Promise<FloorResult> {
  await waitUntilQuiet(server);
  let cpuBefore = 0;
  const result = await runClosedLoop({
    port,
    connections,
    seconds: duration,
    timeoutMs: 10_000,
    nextRequest: () => ({ method: "GET", path: "/api/health" }),
    onStart: () => (cpuBefore = serverCpuMs(server)),
  });
  // CPU until the last request in flight was answered, against every answer.
  const cpuUsed = serverCpuMs(server) - cpuBefore;
  const timed = answeredWithin(result.responses, duration * 1000);
  const latencies = sortedLatencies(timed);
  return {
    requestsPerSecond: Math.round((countOk(timed) / duration) * 10) / 10,
    connectionsAnswered: result.connectionsAnswered,
    non2xx: result.responses.length - countOk(result.responses) + result.errors + result.timeouts,
    latencyMs: { p50: roundMs(quantile(latencies, 0.5), 1), p99: roundMs(quantile(latencies, 0.99), 1) },
    serverCpuMsPerRequest: roundMs(cpuUsed / Math.max(1, result.responses.length), 2),
  };
}

/**
 * Waits (up to 15 s) until the server uses under a tenth of a core, so that
 * what a stage leaves behind is not counted as the floor's CPU. The stage's
 * last submissions are answered before it returns (closed-loop.ts), but a
 * process can still be busy after its last answer: the collector, work Next
 * runs after a response, the page probe's last page.
 */
async function waitUntilQuiet(server: ChildProcess) {
  const deadline = Date.now() + 15_000;
  let before = serverCpuMs(server);
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = serverCpuMs(server);
    if (now - before < 25) return;
    before = now;
  }
}

/** One request for the problem page (a student's whole page, server-rendered), in ms. */
async function problemPageOnce(assessmentId: string, student: Student): Promise<number> {
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/assessments/${assessmentId}/problems/nn-backprop`, {
    headers: { cookie: student.cookie },
  });
  await response.text();
  if (!response.ok) throw new Error(`problem page answered ${response.status}`);
  return performance.now() - started;
}

/**
 * Every student opens the problem before the rush, as they would before a
 * deadline: their variants are drawn and the submission route is loaded, so
 * that the first stage measures submissions, not first visits.
 */
async function openProblemForAll(assessmentId: string, students: Student[]) {
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < students.length) {
        const student = students[next++];
        const response = await fetch(`http://127.0.0.1:${port}/api/problems/nn-backprop/variant?assessmentId=${assessmentId}`, {
          headers: { cookie: student.cookie },
        });
        await response.text();
        if (!response.ok) throw new Error(`opening the problem answered ${response.status}`);
      }
    }),
  );
  // And one submission, untimed and not counted, loads the submission route.
  const warm = await fetch(`http://127.0.0.1:${port}/api/problems/nn-backprop/submissions?assessmentId=${assessmentId}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: students[0].cookie },
    body: JSON.stringify({ answers: ANSWERS }),
  });
  await warm.text();
  if (!warm.ok) throw new Error(`the warm-up submission answered ${warm.status}`);
}

/** Server time of the problem page for one student, unloaded: median and p90 of 30 requests after 5 warm-ups. */
async function problemPageTime(assessmentId: string, student: Student) {
  const times: number[] = [];
  for (let i = 0; i < 35; i++) {
    const time = await problemPageOnce(assessmentId, student);
    if (i >= 5) times.push(time);
  }
  times.sort((a, b) => a - b);
  return { medianMs: roundMs(quantile(times, 0.5), 1), p90Ms: roundMs(quantile(times, 0.9), 1) };
}

async function measure(provider: DatabaseProvider, instances: number, synchronous?: SqliteSynchronous) {
  const { target, drop } = await createEmptyTarget(provider);
  let server: ChildProcess | undefined;
  try {
    const { db, assessmentId, students } = await prepareLoadCourse(target, studentCount);
    // The page is read by one student who never submits, unloaded and in the rush alike: the same page with the same
    // history. (When it was a submitter's, its history grew by some 13 attempts a stage, and a page's cost grows with
    // its history: the page timed in the rush was a heavier one than the page timed unloaded.)
    const reader = students[students.length - 1];
    const submitters = students.slice(0, -1);
    const machineBefore = machineCheckMs();
    server = startAppServer({ target, port, instances, env: synchronous ? { CHAINRULE_SQLITE_SYNCHRONOUS: synchronous } : {} });
    await waitForHealth(port);
    const page = await problemPageTime(assessmentId, reader);
    await openProblemForAll(assessmentId, submitters);
    const sent: SentKeys = new Map();
    const results: StageResult[] = [];
    // Its submissions are checked with the others below.
    if (warmupSeconds > 0) {
      await runStage(assessmentId, submitters, 10, sent, server, warmupSeconds * instances);
      if (floorSeconds > 0) await runFloorStage(10, server, warmupSeconds * instances);
    }
    for (const connections of stages) {
      const stage = await runStage(assessmentId, submitters, connections, sent, server, seconds, reader);
      results.push(floorSeconds > 0 ? { ...stage, floor: await runFloorStage(connections, server) } : stage);
    }
    // Requests still in flight when a stage ended may complete after it: let them land before counting.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const integrity = await checkIntegrity(db, sent);
    await db.$disconnect();
    // Before the server starts and after it stops working: the same fixed work, so that a slower machine shows.
    const machineCheck = { beforeMs: machineBefore, afterMs: machineCheckMs() };
    return {
      provider,
      ...(synchronous ? { sqliteSynchronous: synchronous } : {}),
      instances,
      students: students.length,
      machineCheck,
      problemPage: page,
      stages: results,
      integrity,
    };
  } finally {
    await stopAppServer(server);
    await drop();
  }
}

async function main() {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  if (!existsSync(path.join(ROOT, distDir, "BUILD_ID"))) throw new Error(`no production build in ${distDir}: run \`npx next build\` first`);
  const providers = (["sqlite", "postgresql"] as DatabaseProvider[]).filter(
    (provider) => databases.includes(provider) && (provider === "sqlite" || postgresAdminUrl()),
  );
  const results = [];
  for (const provider of providers) {
    for (const instances of instanceCounts) {
      if (provider === "sqlite") for (const level of sqliteLevels) results.push(await measure(provider, instances, level));
      else results.push(await measure(provider, instances));
    }
  }
  console.log(
    JSON.stringify(
      {
        benchmark: "deadline rush: POST /api/problems/nn-backprop/submissions",
        date: new Date().toISOString(),
        node: process.version,
        postgres: postgresAdminUrl() ? "measured" : "not measured (set TEST_DATABASE_URL_POSTGRES)",
        targets: judgeTargets(results),
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
