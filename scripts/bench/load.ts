/**
 * The deadline rush, over real HTTP against the production build:
 * `npx tsx --conditions=react-server scripts/bench/load.ts [--stages 10,50,100,250,500] [--seconds 10] [--floor-seconds 5]
 * [--slice-pairs 2] [--warmup-seconds 5] [--students 500] [--instances 1,2] [--sqlite-synchronous FULL,NORMAL]
 * [--databases sqlite,postgresql] [--no-page-probe]`
 *
 * For SQLite, and for PostgreSQL when TEST_DATABASE_URL_POSTGRES names a
 * server where databases may be created, in the same run: a fresh database
 * seeded with the demo course and `--students` enrolled students, a
 * `next start` on it, then a closed-loop load (closed-loop.ts) drives the
 * students submitting nn-backprop answers through
 * POST /api/problems/nn-backprop/submissions (each request its own student
 * in turn, its own Idempotency-Key), one stage per concurrency level. Each
 * stage opens all its connections before it is timed, and then alternates,
 * on those connections, slices of submissions with slices of the floor:
 * GET /api/health, a route handler with no session and one trivial
 * statement, so that each stage's figures stand beside what this machine
 * and this stack can serve at all, measured in the same seconds
 * (`--slice-pairs`, ABBA order; `--floor-seconds` of floor in all, 0 skips
 * it). Both sides run with every connection busy (`connectionsAnswered`).
 * Then, for as long again, the submissions run while the problem page is
 * timed for a student who never submits, so that its page is the one timed
 * unloaded (--no-page-probe leaves this half out and times the submissions
 * for the whole `--seconds`). It prints JSON: per stage submissions/s,
 * latency p50/p95/p99, errors and CPU per submission, and the page's server
 * time under load; each slice's rate and CPU, so that drift shows;
 * afterwards the number of stored submissions against the number of 2xx
 * responses (none lost, none doubled); and the problem page's server time,
 * unloaded. Each is measured with one `next
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
import { postgresCpuMs, serverCpuMs, serverMainThreadCpuMs, serverMainThreadPreemptions } from "../../test/harness/process-cpu";
import { judgeTargets } from "./load-targets";
import {
  answeredWithin,
  countOk,
  openConnections,
  sortedLatencies,
  type LoadRequest,
  type LoadResponse,
  type LoadResult,
  type OpenConnections,
} from "./closed-loop";
import { machineCheckMs, quantile, roundMs } from "./timing";

const stages = listArgument("--stages", "10,50,100,250,500").map(Number);
const seconds = numericArgument("--seconds", 10);
const floorSeconds = numericArgument("--floor-seconds", 5);
/**
 * Into how many pairs of slices a stage's timed submissions and its floor are cut, alternated ABBA on the same
 * connections (runStage). Each slice is timed from its steady state (closed-loop.ts, steadyStart), so a short one
 * still measures every connection busy; but the fewer seconds a slice times, the noisier its figures.
 */
const slicePairs = numericArgument("--slice-pairs", 2);
if (!Number.isInteger(slicePairs) || slicePairs < 1)
  throw new Error(`--slice-pairs must be a whole number of at least 1, not ${slicePairs}`);
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
  /**
   * Of `connections`, how many were answered at least once in the submissions' slices, their first requests included:
   * all of them, unless some starved (each slice is timed only once every connection's first request is through).
   */
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
   * The seconds the submissions' figures cover, summed over their slices: half the stage when the page probe runs (the
   * pages are timed in the other half), the whole stage with --no-page-probe.
   */
  submissionsMeasuredSeconds: number;
  /** The problem page's server time for another student during the stage's other half. */
  problemPageUnderLoadMs: { requests: number; p50: number; p95: number };
  /**
   * 2xx submissions/s during that half, while the page loads one after another (submissions give way to pages,
   * lib/http/page-loads.ts); null with --no-page-probe.
   */
  submissionsPerSecondWhilePagesLoad: number | null;
  /**
   * CPU per 2xx submission, in ms: the server's processes (all threads: request threads, grading threads, GC),
   * PostgreSQL's processes (0 on SQLite), and this process (the load generator). Like the rate and the latencies,
   * measured over the submissions' slices, which have no page loads, each until its last submission was answered.
   */
  serverCpuMsPerSubmission: number;
  /**
   * The part of serverCpuMsPerSubmission spent on the server processes' main threads, where Next handles requests (the rest:
   * grading, GC and compiler threads).
   */
  requestThreadCpuMsPerSubmission: number;
  /**
   * How often per submission a request thread was switched out while it could still run. With PostgreSQL on the same
   * cores, mostly for a backend its own statement woke (BENCHMARKS.md, "Where PostgreSQL's extra cost goes").
   */
  requestThreadPreemptionsPerSubmission: number;
  postgresCpuMsPerSubmission: number;
  loadGeneratorCpuMsPerSubmission: number;
  /** GET /api/health on the same connections, in slices alternated with the submissions' (absent with --floor-seconds 0). */
  floor?: FloorResult;
  /** Each timed slice in the order run, so that the machine's drift during the stage shows. */
  slices: SliceFigures[];
}

/** The stack's floor at a stage's concurrency: the simplest real route, no session, one `SELECT 1`. */
interface FloorResult {
  requestsPerSecond: number;
  connectionsAnswered: number;
  non2xx: number;
  latencyMs: { p50: number; p99: number };
  serverCpuMsPerRequest: number;
  /**
   * Its request threads' part. In one process that thread is what is busy (BENCHMARKS.md, "One process is held by
   * its request thread"), so this against requestThreadCpuMsPerSubmission is about the inverse of the rate ratio.
   */
  requestThreadCpuMsPerRequest: number;
  requestThreadPreemptionsPerRequest: number;
  /**
   * As for a submission: PostgreSQL's processes and the load generator, per request. With the server's, they say
   * what a request costs the whole machine, which is what bounds the rate once both cores are busy.
   */
  postgresCpuMsPerRequest: number;
  loadGeneratorCpuMsPerRequest: number;
}

interface SliceFigures {
  side: Side;
  seconds: number;
  okPerSecond: number;
  serverCpuMsPerRequest: number;
}

type Side = "submissions" | "floor";

interface CpuReading {
  server: number;
  requestThreads: number;
  /** Not CPU but a count read beside it: the request threads' involuntary switches. */
  requestThreadPreemptions: number;
  postgres: number;
  generator: number;
}

/** CPU used so far, in ms: PostgreSQL's processes, the server's processes, their request threads and this process. */
function readCpu(server: ChildProcess): CpuReading {
  const postgres = postgresCpuMs();
  const serverMs = serverCpuMs(server);
  const requestThreads = serverMainThreadCpuMs(server);
  const requestThreadPreemptions = serverMainThreadPreemptions(server);
  const generator = process.cpuUsage();
  return { server: serverMs, requestThreads, requestThreadPreemptions, postgres, generator: (generator.user + generator.system) / 1000 };
}

const cpuBetween = (before: CpuReading, after: CpuReading): CpuReading => ({
  server: after.server - before.server,
  requestThreads: after.requestThreads - before.requestThreads,
  requestThreadPreemptions: after.requestThreadPreemptions - before.requestThreadPreemptions,
  postgres: after.postgres - before.postgres,
  generator: after.generator - before.generator,
});

/** 2xx answers per second among `timed`, answers within `seconds` of timed load. */
const okRate = (timed: LoadResponse[], seconds: number) => Math.round((countOk(timed) / Math.max(seconds, 1e-9)) * 10) / 10;

/** One side's slices, added up. */
class SideTally {
  seconds = 0;
  /** Every answer, those after a slice's end included: CPU is counted until the last of them. */
  answers = 0;
  ok = 0;
  /** The answers within their slice's time: rate, latencies and connections come from these. */
  timed: LoadResponse[] = [];
  /** Connections answered before a slice's end, first requests included. */
  answered = new Set<number>();
  errors = 0;
  timeouts = 0;
  cpu: CpuReading = { server: 0, requestThreads: 0, requestThreadPreemptions: 0, postgres: 0, generator: 0 };

  add(result: LoadResult, seconds: number, cpu: CpuReading) {
    const timed = answeredWithin(result.responses, seconds * 1000);
    this.seconds += seconds;
    this.answers += result.responses.length;
    this.ok += countOk(result.responses);
    this.timed.push(...timed);
    for (const response of result.responses) if (response.atMs <= seconds * 1000) this.answered.add(response.connection);
    this.errors += result.errors;
    this.timeouts += result.timeouts;
    for (const key of Object.keys(cpu) as (keyof CpuReading)[]) this.cpu[key] += cpu[key];
  }

  get okPerSecond() {
    return okRate(this.timed, this.seconds);
  }

  get connectionsAnswered() {
    return this.answered.size;
  }

  latencies() {
    return sortedLatencies(this.timed);
  }
}

/**
 * The order of a stage's timed slices: ABBA (submissions, floor, floor,
 * submissions, …), so that a machine whose speed drifts during the stage
 * slows both sides alike, to first order.
 */
function sliceOrder(pairs: number, withFloor: boolean): Side[] {
  const order: Side[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    if (!withFloor) order.push("submissions");
    else order.push(...(pair % 2 === 0 ? (["submissions", "floor"] as const) : (["floor", "submissions"] as const)));
  }
  return order;
}

/**
 * One stage at `connections`: the submissions and the floor (GET /api/health)
 * in alternated slices on the same open connections, then, with the page
 * probe, the submissions again while the problem page is timed.
 *
 * Why slices: the floor used to be timed after the stage, seconds later, on
 * a machine whose speed drifts. Alternated ABBA, a drift over the stage slows
 * both sides alike. The floor's own noise remains: two of its slices back to
 * back can differ by 1.8 times (BENCHMARKS.md, "The floor and the
 * submissions in alternated slices").
 */
async function runStage(
  assessmentId: string,
  students: Student[],
  connections: number,
  sent: SentKeys,
  server: ChildProcess,
  reader: Student,
): Promise<StageResult> {
  let next = 0;
  const submission = () => submissionRequest(assessmentId, students[next++ % students.length], sent);
  const onResponse = (request: LoadRequest, status: number) => sent.set(request.headers!["idempotency-key"], status);
  const measuredSeconds = pageProbe ? seconds / 2 : seconds;
  const sliceSeconds: Record<Side, number> = { submissions: measuredSeconds / slicePairs, floor: floorSeconds / slicePairs };
  const open = await openConnections({ port, connections, timeoutMs: 10_000 });
  try {
    const tallies: Record<Side, SideTally> = { submissions: new SideTally(), floor: new SideTally() };
    const slices: SliceFigures[] = [];
    for (const side of sliceOrder(slicePairs, floorSeconds > 0)) {
      // What the last slice left running (the collector, work after a response) is counted on neither side.
      await waitUntilQuiet(server);
      const before = readCpu(server);
      const result = await open.run({
        seconds: sliceSeconds[side],
        nextRequest: side === "submissions" ? submission : () => ({ method: "GET", path: "/api/health" }),
        onResponse: side === "submissions" ? onResponse : undefined,
        steadyStart: true,
      });
      const cpu = cpuBetween(before, readCpu(server));
      tallies[side].add(result, sliceSeconds[side], cpu);
      slices.push({
        side,
        seconds: sliceSeconds[side],
        okPerSecond: okRate(answeredWithin(result.responses, sliceSeconds[side] * 1000), sliceSeconds[side]),
        serverCpuMsPerRequest: roundMs(cpu.server / Math.max(1, result.responses.length), 2),
      });
    }
    const pages = pageProbe ? await submissionsWithPageProbe(open, submission, onResponse, assessmentId, reader, server) : null;
    return stageResult(connections, tallies, slices, pages);
  } finally {
    open.close();
  }
}

function submissionRequest(assessmentId: string, student: Student, sent: SentKeys): LoadRequest {
  const key = randomUUID();
  sent.set(key, undefined);
  return {
    method: "POST",
    path: `/api/problems/nn-backprop/submissions?assessmentId=${assessmentId}`,
    headers: { "content-type": "application/json", cookie: student.cookie, "idempotency-key": key },
    body: JSON.stringify({ answers: ANSWERS }),
  };
}

/** The stage's other half: submissions on every connection while the problem page is loaded, one after another. */
async function submissionsWithPageProbe(
  open: OpenConnections,
  nextRequest: () => LoadRequest,
  onResponse: (request: LoadRequest, status: number) => void,
  assessmentId: string,
  reader: Student,
  server: ChildProcess,
) {
  const duration = seconds / 2;
  await waitUntilQuiet(server);
  let stopped = false;
  let timedStart!: () => void;
  const timed = new Promise<void>((resolve) => (timedStart = resolve));
  const load = open.run({ seconds: duration, nextRequest, onResponse, steadyStart: true, onTimedStart: () => timedStart() });
  const times: number[] = [];
  await Promise.race([timed, load]);
  while (!stopped) {
    times.push(await problemPageOnce(assessmentId, reader));
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 50)), load.then(() => (stopped = true))]);
  }
  const result = await load;
  return {
    times: times.sort((a, b) => a - b),
    okPerSecond: okRate(answeredWithin(result.responses, duration * 1000), duration),
    ok: countOk(result.responses),
    answers: result.responses.length,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

function stageResult(
  connections: number,
  tallies: Record<Side, SideTally>,
  slices: SliceFigures[],
  pages: Awaited<ReturnType<typeof submissionsWithPageProbe>> | null,
): StageResult {
  const { submissions, floor } = tallies;
  const perSubmission = (ms: number) => roundMs(ms / Math.max(1, submissions.ok), 2);
  const perFloorRequest = (ms: number) => roundMs(ms / Math.max(1, floor.answers), 2);
  const latencies = submissions.latencies();
  const ok2xx = submissions.ok + (pages?.ok ?? 0);
  const answers = submissions.answers + (pages?.answers ?? 0);
  const errors = submissions.errors + (pages?.errors ?? 0);
  const timeouts = submissions.timeouts + (pages?.timeouts ?? 0);
  const floorLatencies = floor.latencies();
  return {
    connections,
    connectionsAnswered: submissions.connectionsAnswered,
    seconds,
    submissionsMeasuredSeconds: submissions.seconds,
    requests: answers + errors + timeouts,
    ok2xx,
    non2xx: answers - ok2xx,
    errors,
    timeouts,
    submissionsPerSecond: submissions.okPerSecond,
    latencyMs: latencies.length
      ? {
          p50: roundMs(quantile(latencies, 0.5), 1),
          p95: roundMs(quantile(latencies, 0.95), 1),
          p99: roundMs(quantile(latencies, 0.99), 1),
        }
      : { p50: NaN, p95: NaN, p99: NaN },
    problemPageUnderLoadMs: pages
      ? { requests: pages.times.length, p50: roundMs(quantile(pages.times, 0.5), 1), p95: roundMs(quantile(pages.times, 0.95), 1) }
      : { requests: 0, p50: NaN, p95: NaN },
    submissionsPerSecondWhilePagesLoad: pages ? pages.okPerSecond : null,
    // CPU until each slice's last submission was answered, against every answer.
    serverCpuMsPerSubmission: perSubmission(submissions.cpu.server),
    requestThreadCpuMsPerSubmission: perSubmission(submissions.cpu.requestThreads),
    requestThreadPreemptionsPerSubmission: perSubmission(submissions.cpu.requestThreadPreemptions),
    postgresCpuMsPerSubmission: perSubmission(submissions.cpu.postgres),
    loadGeneratorCpuMsPerSubmission: perSubmission(submissions.cpu.generator),
    ...(floor.seconds > 0
      ? {
          floor: {
            requestsPerSecond: floor.okPerSecond,
            connectionsAnswered: floor.connectionsAnswered,
            non2xx: floor.answers - floor.ok + floor.errors + floor.timeouts,
            latencyMs: { p50: roundMs(quantile(floorLatencies, 0.5), 1), p99: roundMs(quantile(floorLatencies, 0.99), 1) },
            serverCpuMsPerRequest: perFloorRequest(floor.cpu.server),
            requestThreadCpuMsPerRequest: perFloorRequest(floor.cpu.requestThreads),
            requestThreadPreemptionsPerRequest: perFloorRequest(floor.cpu.requestThreadPreemptions),
            postgresCpuMsPerRequest: perFloorRequest(floor.cpu.postgres),
            loadGeneratorCpuMsPerRequest: perFloorRequest(floor.cpu.generator),
          },
        }
      : {}),
    slices,
  };
}

/** An untimed stage at 10 connections: the submissions, then the floor's route. */
async function warmUp(assessmentId: string, students: Student[], sent: SentKeys, duration: number) {
  const open = await openConnections({ port, connections: 10, timeoutMs: 10_000 });
  try {
    let next = 0;
    await open.run({
      seconds: duration,
      nextRequest: () => submissionRequest(assessmentId, students[next++ % students.length], sent),
      onResponse: (request, status) => sent.set(request.headers!["idempotency-key"], status),
    });
    if (floorSeconds > 0) await open.run({ seconds: duration, nextRequest: () => ({ method: "GET", path: "/api/health" }) });
  } finally {
    open.close();
  }
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
    if (warmupSeconds > 0) await warmUp(assessmentId, submitters, sent, warmupSeconds * instances);
    for (const connections of stages) results.push(await runStage(assessmentId, submitters, connections, sent, server, reader));
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
