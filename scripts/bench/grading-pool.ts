/**
 * Benchmark of grading off the request thread (issue 9), inline and through
 * the grading pool (lib/grading) in the same run:
 *
 * - startup: how long a worker thread takes to load the grader, the way the
 *   pool does it (registering tsx, lib/grading/grading-worker.mjs) and from a
 *   prebuilt esbuild bundle of the same code, made here in .tmp/;
 * - one grading at a time, per Section 07 problem (warm caches): inline
 *   gradeSubmission against a round trip through the pool, which shows what
 *   a thread hop costs next to the grading itself;
 * - N concurrent nn-backprop gradings, inline (each in a loop iteration of
 *   its own, as N separate requests would be) and through pools of 1 and 2
 *   threads (and 2 with a lower thread priority): throughput, the longest
 *   the event loop was blocked meanwhile (perf_hooks.monitorEventLoopDelay
 *   at 1 ms resolution: how long any other request had to wait) and the
 *   event loop's busy time and the request thread's CPU time. Twice: typical submissions
 *   (every part answered right: formulas evaluated on K random instances,
 *   matrices; --concurrent, 200) and the costliest ones the API accepts
 *   (--heavy, 20).
 *
 *   npx tsx scripts/bench/grading-pool.ts [--concurrent 200] [--heavy 20] [--runs 200]
 *
 * Prints one JSON object; times in milliseconds.
 */
import { Worker } from "node:worker_threads";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { getBankProblem } from "../../grader/bank";
import { buildVariant, gradeSubmission, type Answers, type AnyProblem } from "../../grader/problems";
import { GradingPool, defaultWorkerFile } from "../../lib/grading/grading-pool";
import type { ProblemRow } from "../../lib/grading/problem-variants";
import { numericArgument } from "../../test/harness/arguments";
import { readProcStat } from "../../test/harness/proc-stat";
import { quantile, roundMs } from "./timing";

const concurrent = numericArgument("--concurrent", 200);
const heavy = numericArgument("--heavy", 20);
const runs = numericArgument("--runs", 200);
const STARTUP_SAMPLES = 5;
const SECTION_07 = ["nn-backprop", "cnn-shapes", "zero-init", "chain-rule"];

const bankRow = (problem: AnyProblem): ProblemRow => ({ id: `bank:${problem.slug}`, slug: problem.slug, version: problem.version, source: "BANK", definition: null });

/** Every part answered with the problem's first sample correct answer: a typical full submission. */
function fullAnswers(problem: AnyProblem, seed: number): Answers {
  const { params } = buildVariant(problem, seed);
  return Object.fromEntries(problem.parts.map((part) => [part.id, part.examples(params).correct[0] as string]));
}

/**
 * The costliest submission the API takes (under its 256 KB body limit):
 * each formula part a 500-character sum of tanh of its right answer (which
 * the grader evaluates on every random instance), and one matrix part a
 * 24,000-entry paste (parsed in full before its shape is refused).
 */
function heaviestAnswers(problem: AnyProblem, seed: number): Answers {
  const variant = buildVariant(problem, seed);
  let pasted = false;
  return Object.fromEntries(
    problem.parts.map((part) => {
      const right = part.examples(variant.params).correct[0] as string;
      const kind = variant.parts.find((candidate) => candidate.id === part.id)!.answer.kind;
      if (kind === "expression") {
        let sum = `tanh(${right})`;
        while (sum.length + right.length + 10 <= 500) sum += ` + tanh(${right})`;
        return [part.id, sum];
      }
      if (kind === "matrix" && !pasted) {
        pasted = true;
        return [part.id, `[${"1.2345, ".repeat(24_000)}1]`];
      }
      return [part.id, right];
    }),
  );
}

// ------------------------------------------------------------------ startup
function timeWorkerStart(moduleUrl: string, prelude: string): Promise<number> {
  const start = performance.now();
  const worker = new Worker(
    `const { parentPort } = require("node:worker_threads"); ${prelude} import(${JSON.stringify(moduleUrl)}).then(() => parentPort.postMessage("ready"));`,
    { eval: true, execArgv: [] },
  );
  return new Promise((resolve, reject) => {
    worker.once("message", () => {
      resolve(performance.now() - start);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

async function medianStart(moduleUrl: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < STARTUP_SAMPLES; i++) times.push(await timeWorkerStart(moduleUrl, ""));
  return roundMs(quantile(times.sort((a, b) => a - b), 0.5), 1);
}

async function startupTimes() {
  const bundle = path.join(process.cwd(), ".tmp", "bench-grading-pool", "grading-task.cjs");
  const buildStart = performance.now();
  await build({
    entryPoints: [path.join(process.cwd(), "lib", "grading", "grading-task.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    outfile: bundle,
    logLevel: "warning",
  });
  const bundleBuildMs = roundMs(performance.now() - buildStart, 1);
  return {
    samples: STARTUP_SAMPLES,
    tsxWorkerMedianMs: await medianStart(pathToFileURL(defaultWorkerFile()).href),
    esbuildBundleMedianMs: await medianStart(pathToFileURL(bundle).href),
    esbuildBundleBuildMs: bundleBuildMs,
  };
}

// ------------------------------------------------------------------ one at a time
async function oneAtATime(pool: GradingPool) {
  const rows: Record<string, { inlineP50Ms: number; poolP50Ms: number; hopMs: number; runs: number }> = {};
  for (const slug of SECTION_07) {
    const problem = getBankProblem(slug);
    const variant = buildVariant(problem, 7);
    const answers = fullAnswers(problem, 7);
    const row = bankRow(problem);
    const inline: number[] = [];
    const pooled: number[] = [];
    for (let i = 0; i < 20; i++) {
      gradeSubmission(variant, answers);
      await pool.grade({ problem: row, seed: 7, answers });
    }
    for (let i = 0; i < runs; i++) {
      let start = performance.now();
      gradeSubmission(variant, answers);
      inline.push(performance.now() - start);
      start = performance.now();
      await pool.grade({ problem: row, seed: 7, answers });
      pooled.push(performance.now() - start);
    }
    const inlineP50 = quantile(inline.sort((a, b) => a - b), 0.5);
    const poolP50 = quantile(pooled.sort((a, b) => a - b), 0.5);
    rows[slug] = { inlineP50Ms: roundMs(inlineP50), poolP50Ms: roundMs(poolP50), hopMs: roundMs(poolP50 - inlineP50), runs };
  }
  return rows;
}

// ------------------------------------------------------------------ N concurrent
interface Job {
  seed: number;
  answers: Answers;
}

/**
 * CPU time the main (request) thread has used, in ms, from Linux's
 * /proc/self/task/<pid>/stat; null elsewhere. Unlike event-loop utilization
 * it leaves out the time the thread was runnable but waiting for a core,
 * which on 2 busy cores is a lot.
 */
function requestThreadCpuMs(): number | null {
  return readProcStat(`/proc/self/task/${process.pid}/stat`)?.cpuMs ?? null;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the gradings and reports throughput, the event loop's longest block
 * and 99th percentile delay (monitorEventLoopDelay, 1 ms resolution; its
 * figures include that 1 ms), the time the event loop was busy
 * (eventLoopUtilization: running code, or runnable and waiting for a core)
 * and the CPU time the request thread used. The pauses around the work let
 * the delay monitor sample once before and once after it.
 */
async function measureWhile(work: () => Promise<number[]>) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await pause(20);
  const utilizationBefore = performance.eventLoopUtilization();
  const cpuBefore = requestThreadCpuMs();
  const start = performance.now();
  const scores = await work();
  const wallMs = performance.now() - start;
  const utilization = performance.eventLoopUtilization(utilizationBefore);
  const cpuAfter = requestThreadCpuMs();
  const cpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  await pause(20);
  histogram.disable();
  return {
    wallMs: roundMs(wallMs, 1),
    gradingsPerSecond: Math.round((scores.length / wallMs) * 1000),
    eventLoopMaxBlockMs: roundMs(histogram.max / 1e6, 1),
    eventLoopP99Ms: roundMs(histogram.percentile(99) / 1e6, 1),
    eventLoopBusyMs: roundMs(utilization.active, 1),
    requestThreadCpuMs: cpuMs,
    requestThreadCpuPerGradingMs: cpuMs === null ? null : roundMs(cpuMs / scores.length, 3),
    scoreSum: roundMs(scores.reduce((sum, score) => sum + score, 0), 6),
  };
}

/**
 * Inline, each grading in a loop iteration of its own (the next one is
 * scheduled with setImmediate when one ends): the kindest case for inline
 * grading, where the event loop is blocked by one grading at a time rather
 * than by a burst of them.
 */
function inlineConcurrent(problem: AnyProblem, jobs: Job[]) {
  const variants = new Map(jobs.map((job) => [job.seed, buildVariant(problem, job.seed)]));
  for (const job of jobs) gradeSubmission(variants.get(job.seed)!, job.answers);
  return measureWhile(
    () =>
      new Promise<number[]>((resolve) => {
        const scores: number[] = [];
        const next = () => {
          const job = jobs[scores.length];
          scores.push(gradeSubmission(variants.get(job.seed)!, job.answers).score);
          if (scores.length === jobs.length) resolve(scores);
          else setImmediate(next);
        };
        setImmediate(next);
      }),
  );
}

/**
 * Through a pool, each grading asked for in a loop iteration of its own, as
 * the inline run does (N requests arriving back to back), then all awaited.
 */
async function poolConcurrent(problem: AnyProblem, jobs: Job[], options: { threads: number; niceIncrement?: number }) {
  const pool = new GradingPool({ ...options, timeoutMs: 60_000 });
  const row = bankRow(problem);
  const grade = (job: Job) => pool.grade({ problem: row, seed: job.seed, answers: job.answers });
  try {
    // Start every thread and fill its variant cache, as on a server that has been up a while.
    await Promise.all(jobs.map(grade));
    await Promise.all(jobs.map(grade));
    const measured = await measureWhile(
      () =>
        new Promise<number[]>((resolve) => {
          const pending: Promise<number>[] = [];
          const next = () => {
            pending.push(grade(jobs[pending.length]).then((result) => result.score));
            if (pending.length === jobs.length) resolve(Promise.all(pending));
            else setImmediate(next);
          };
          setImmediate(next);
        }),
    );
    return { ...options, liveThreads: pool.liveThreads, ...measured };
  } finally {
    await pool.close();
  }
}

/** The same N gradings inline and through pools of 1 and 2 threads (and 2 with a lower thread priority); the grades must agree. */
async function compare(problem: AnyProblem, answersOf: (seed: number) => Answers, gradings: number) {
  const seeds = Array.from({ length: Math.min(50, gradings) }, (_, i) => i);
  const answersBySeed = new Map(seeds.map((seed) => [seed, answersOf(seed)]));
  const jobs: Job[] = Array.from({ length: gradings }, (_, i) => ({ seed: seeds[i % seeds.length], answers: answersBySeed.get(seeds[i % seeds.length])! }));
  const inline = await inlineConcurrent(problem, jobs);
  const pools = [
    // The same priority as the request thread, and the app's default (CHAINRULE_GRADING_NICE, 10) lower.
    await poolConcurrent(problem, jobs, { threads: 1, niceIncrement: 0 }),
    await poolConcurrent(problem, jobs, { threads: 2, niceIncrement: 0 }),
    await poolConcurrent(problem, jobs, { threads: 2, niceIncrement: 10 }),
  ];
  const disagreeing = pools.filter((pool) => pool.scoreSum !== inline.scoreSum);
  if (disagreeing.length > 0) throw new Error(`inline and pool disagree: score sums ${inline.scoreSum} and ${disagreeing.map((pool) => pool.scoreSum).join(", ")}`);
  return { gradings, distinctSeeds: seeds.length, requestBytes: JSON.stringify(answersBySeed.get(0)).length, inline, pool: pools };
}

async function main() {
  const problem = getBankProblem("nn-backprop");
  const startup = await startupTimes();
  const probe = new GradingPool({ threads: 1, timeoutMs: 60_000 });
  const perProblem = await oneAtATime(probe).finally(() => probe.close());
  const typical = await compare(problem, (seed) => fullAnswers(problem, seed), concurrent);
  const heaviest = await compare(problem, (seed) => heaviestAnswers(problem, seed), heavy);

  console.log(
    JSON.stringify(
      {
        benchmark: "grading-pool",
        date: new Date().toISOString(),
        machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAverage: loadavg().map((x) => roundMs(x, 2)) },
        startup,
        oneAtATime: perProblem,
        concurrentNnBackprop: { typical, heaviest },
        loadAverageAfter: loadavg().map((x) => roundMs(x, 2)),
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
