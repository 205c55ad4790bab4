/**
 * Alternated timing: the engine and PyTorch (and, with --compare, the engine
 * at an earlier commit) take turns in one run, a block of runs each, round
 * after round, so that every side sees the same machine. On the shared
 * 2-core machines the load drifts within seconds, and a ratio of figures
 * measured minutes apart says more about the machine than about the code.
 *
 * PyTorch runs in one long-lived python process (torch_timing.py's
 * protocol); it times its own runs with perf_counter, so the pipe between
 * the processes is never inside a timed interval.
 *
 * Each turn also reports the CPU time its process used. With a dozen jobs
 * on two cores, wall time mostly measures waiting for a core; CPU time per
 * run measures the work, and its ratio is the steadier figure then. (Node's
 * figure includes V8's helper threads, the concurrent garbage collector:
 * work the engine causes.)
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import type { EngineTimingRequest } from "./engine-timing";
import { quantile, roundMs, sampleTimes } from "./timing";
import { workloadSteps } from "./workloads";

type Autograd = typeof import("../../grader/autograd");

/** One turn: each run's wall time and the CPU time of the whole turn, in ms. */
export interface Turn {
  times: number[];
  cpuMs: number;
}

/** Times `runs` runs of one named step. */
export type Side = (step: string, runs: number) => Promise<Turn>;

/** A side that runs synchronous steps in this process. */
export function localSide(steps: Record<string, () => void>): Side {
  return async (step, runs) => {
    const before = process.cpuUsage();
    const times = sampleTimes(steps[step], 0, runs);
    const used = process.cpuUsage(before);
    return { times, cpuMs: (used.user + used.system) / 1000 };
  };
}

/** A process serving torch_timing.py's protocol (PyTorch's, or the engine's: engine-timing.ts), or why there is none. */
export interface TimingProcess {
  facts: Record<string, unknown> & { available: boolean; reason?: string };
  side: Side | null;
  close(): void;
}

/** Starts `script` with python3 (PYTHONPATH chooses the PyTorch), sends `firstLine` if given, reads its facts. */
export function startTorch(script: string, firstLine?: string): Promise<TimingProcess> {
  return startTimingProcess("python3", [script], firstLine);
}

const ENGINE_TIMING = join(__dirname, "engine-timing.ts");
const REPOSITORY = join(__dirname, "..", "..");

/**
 * The engine's side in a process of its own (engine-timing.ts), as PyTorch's
 * is: the copy of the engine at `autograd` and `gemm` (this tree's, or an
 * earlier commit's from engineAtCommit) running `workload`.
 */
export async function startEngine(request: EngineTimingRequest): Promise<TimingProcess & { side: Side }> {
  const engine = await startTimingProcess(process.execPath, ["--import", "tsx", ENGINE_TIMING], JSON.stringify(request), REPOSITORY);
  if (!engine.side) throw new Error(`The engine's timing process did not start: ${engine.facts.reason ?? "no reason given"}`);
  return { ...engine, side: engine.side };
}

/** The side that times the engine in the bench's own process, beside its own process: what the figures were before it had one. */
export const IN_BENCH_PROCESS = "engine in the bench's process";

/** The engine's sides of a benchmark, and how to stop their processes. */
export interface EngineSides {
  /** "engine" (this tree's, in its own process), IN_BENCH_PROCESS, and "at <commit>" for each earlier commit. */
  sides: Record<string, Side>;
  /** This tree's engine's facts (its kernel). */
  facts: TimingProcess["facts"];
  earlier: { name: string; commit: string; kernel: string }[];
  close(): void;
}

/**
 * This tree's engine in a timing process of its own, the same engine and
 * workload in this process (for comparison), and the engine at each of
 * `compareRevs` in a process of its own: before/after figures in one run.
 */
export async function engineSides(
  workload: EngineTimingRequest["workload"],
  compareRevs: string[],
  kernel: EngineTimingRequest["kernel"] = "wasm",
): Promise<EngineSides> {
  const autograd = require.resolve("../../grader/autograd");
  const gemm = require.resolve("../../grader/autograd/kernels/gemm");
  const current = await startEngine({ workload, autograd, gemm, kernel });
  const processes = [current];
  // The same engine in this process, with the same kernel, as it was timed before it had a process of its own.
  (await import("../../grader/autograd/kernels/gemm")).setGemmKernel(kernel);
  const local = workloadSteps(workload, (await import("../../grader/autograd")) as Autograd);
  const sides: Record<string, Side> = { engine: current.side, [IN_BENCH_PROCESS]: localSide(local) };
  const earlier: EngineSides["earlier"] = [];
  for (const rev of compareRevs) {
    const copy = engineAtCommit(rev);
    const old = await startEngine({ workload, autograd: copy.autograd, gemm: copy.gemm, kernel });
    processes.push(old);
    const name = `at ${copy.commit}`;
    sides[name] = old.side;
    earlier.push({ name, commit: copy.commit, kernel: String(old.facts.gemmKernel) });
  }
  return { sides, facts: current.facts, earlier, close: () => processes.forEach((engine) => engine.close()) };
}

/** Starts `command args` in `cwd`, sends `firstLine` if given, and reads the facts line of torch_timing.py's protocol. */
async function startTimingProcess(command: string, args: string[], firstLine?: string, cwd?: string): Promise<TimingProcess> {
  let child: ChildProcessWithoutNullStreams;
  try {
    child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], cwd });
  } catch (error) {
    return { facts: { available: false, reason: `${command} could not be run (${String(error)})` }, side: null, close() {} };
  }
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lines: Interface = createInterface({ input: child.stdout });
  const iterator = lines[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const { value, done } = await iterator.next();
    if (done) throw new Error(`${args.at(-1)} stopped: ${stderr.trim().split("\n").pop() ?? "no message"}`);
    return value as string;
  };
  const close = () => {
    child.stdin.end();
    lines.close();
  };
  const exited = new Promise<string>((resolve) => child.on("error", (error) => resolve(`${command} could not be run (${error.message})`)));
  try {
    if (firstLine !== undefined) child.stdin.write(`${firstLine}\n`);
    const facts = JSON.parse(
      await Promise.race([nextLine(), exited.then((reason) => Promise.reject(new Error(reason)))]),
    ) as TimingProcess["facts"];
    if (!facts.available) {
      close();
      return { facts, side: null, close() {} };
    }
    const side: Side = async (step, runs) => {
      child.stdin.write(`${step} ${runs}\n`);
      return JSON.parse(await nextLine()) as Turn;
    };
    return { facts, side, close };
  } catch (error) {
    close();
    return { facts: { available: false, reason: (error as Error).message }, side: null, close() {} };
  }
}

export interface AlternationOptions {
  warmup: number;
  /** Rounds of turns; each side runs `runsPerTurn` times per round. */
  rounds: number;
  runsPerTurn: number;
}

export interface AlternatedTiming {
  medianMs: number;
  p90Ms: number;
  runs: number;
  /** The median of each round's block, in order: how much the machine moved during the run. */
  roundMediansMs: number[];
  /**
   * CPU time per run over all the timed turns: a mean, not a median of turns, because the garbage collector's
   * helper threads run in bursts (a major collection costs more than a short turn), so a median would count
   * the turns a burst missed and drop the ones it hit.
   */
  cpuMeanMs: number;
  /** Each round's CPU time per run, in order. */
  roundCpuMs: number[];
}

const median = (times: number[]) =>
  quantile(
    [...times].sort((a, b) => a - b),
    0.5,
  );

/**
 * Times `step` on every side, alternating: after `warmup` untimed runs of
 * each, `rounds` rounds in which each side runs `runsPerTurn` times, the
 * order of the sides reversed every other round (ABBA…), so that neither
 * always follows the other.
 */
export async function alternate(
  sides: Record<string, Side>,
  step: string,
  options: AlternationOptions,
): Promise<Record<string, AlternatedTiming>> {
  const names = Object.keys(sides);
  for (const name of names) await sides[name](step, options.warmup);
  const times: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const roundMedians: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const roundCpu: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const totalCpu: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const turn = await sides[name](step, options.runsPerTurn);
      times[name].push(...turn.times);
      roundMedians[name].push(roundMs(median(turn.times)));
      roundCpu[name].push(roundMs(turn.cpuMs / options.runsPerTurn));
      totalCpu[name] += turn.cpuMs;
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const sorted = [...times[name]].sort((a, b) => a - b);
      const timing: AlternatedTiming = {
        medianMs: roundMs(quantile(sorted, 0.5)),
        p90Ms: roundMs(quantile(sorted, 0.9)),
        runs: sorted.length,
        roundMediansMs: roundMedians[name],
        cpuMeanMs: roundMs(totalCpu[name] / sorted.length),
        roundCpuMs: roundCpu[name],
      };
      return [name, timing];
    }),
  );
}

const sig = (x: number) => Number(x.toPrecision(3));
const range = (values: number[]) => [sig(Math.min(...values)), sig(Math.max(...values))];

/**
 * `a`'s median over `b`'s, and the spread of that ratio over the rounds
 * (the lowest and highest of the per-round ratios); the same for CPU time
 * per run. Below 1, `a` is faster.
 */
export function ratioOf(a: AlternatedTiming, b: AlternatedTiming) {
  return {
    ratio: sig(a.medianMs / b.medianMs),
    roundRange: range(a.roundMediansMs.map((ms, i) => ms / b.roundMediansMs[i])),
    cpuRatio: sig(a.cpuMeanMs / b.cpuMeanMs),
    cpuRoundRange: range(a.roundCpuMs.map((ms, i) => ms / b.roundCpuMs[i])),
  };
}

/** Ratios against a target (at most `target`), and whether the wall-time and the CPU-time ratios meet it. */
export function againstTarget(a: AlternatedTiming, b: AlternatedTiming, target: number) {
  const ratios = ratioOf(a, b);
  return { ...ratios, target, met: ratios.ratio <= target, metByCpuTime: ratios.cpuRatio <= target };
}

/**
 * The engine at an earlier commit, for before/after measurements in one
 * run: `git archive <rev> grader` unpacked into a temporary folder (grader/
 * is pure TypeScript with relative imports, so it runs from anywhere), and
 * the path of its autograd entry point to import.
 */
export function engineAtCommit(rev: string): { commit: string; autograd: string; gemm: string } {
  const commit = execFileSync("git", ["rev-parse", "--short", rev], { encoding: "utf8" }).trim();
  const root = join(tmpdir(), `chainrule-engine-${commit}`);
  if (!existsSync(join(root, "grader"))) {
    mkdirSync(root, { recursive: true });
    const archive = execFileSync("git", ["archive", "--format=tar", commit, "grader"], { maxBuffer: 256 * 1024 * 1024 });
    execFileSync("tar", ["-x", "-C", root], { input: archive });
  }
  return { commit, autograd: join(root, "grader/autograd/index.ts"), gemm: join(root, "grader/autograd/kernels/gemm.ts") };
}
