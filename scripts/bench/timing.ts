import { cpus, loadavg } from "node:os";

/**
 * Timing for the benchmark scripts: warm up, then time each run with
 * performance.now(), and read quantiles off the sorted times. Figures are
 * milliseconds. Shared so that every benchmark measures the same way.
 */

/** The sorted run times (ms) of `timedRuns` calls after `warmupRuns` untimed ones. */
export function sampleTimes(step: () => void, warmupRuns: number, timedRuns: number): number[] {
  for (let i = 0; i < warmupRuns; i++) step();
  const times: number[] = [];
  for (let i = 0; i < timedRuns; i++) {
    const start = performance.now();
    step();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

/** The q-quantile of sorted times (the nearest rank at or below). */
export function quantile(sortedTimes: readonly number[], q: number): number {
  return sortedTimes[Math.min(sortedTimes.length - 1, Math.floor(q * sortedTimes.length))];
}

export function roundMs(ms: number, decimals = 3): number {
  const scale = 10 ** decimals;
  return Math.round(ms * scale) / scale;
}

/**
 * How fast this machine is right now: the median time (ms) of a fixed piece
 * of JavaScript work (building, serialising and parsing objects, as a
 * request does), five times. The 2-core machines here drift by a third
 * within minutes (BENCHMARKS.md); a benchmark prints this beside
 * its figures so that runs can be told apart from the machine's mood.
 */
export function machineCheckMs(): number {
  const work = () => {
    let total = 0;
    for (let i = 0; i < 400; i++) {
      const rows = Array.from({ length: 50 }, (_, j) => ({ id: `row-${i}-${j}`, score: (i * j) % 7, parts: [j, j + 1, j + 2] }));
      total += (JSON.parse(JSON.stringify(rows)) as { score: number }[]).reduce((sum, row) => sum + row.score, 0);
    }
    return total;
  };
  return roundMs(quantile(sampleTimes(work, 2, 5), 0.5), 1);
}

export interface Timing {
  medianMs: number;
  p90Ms: number;
  runs: number;
}

/** Median and 90th percentile of `timedRuns` runs of `step` after `warmupRuns` untimed ones. */
export function timeRuns(step: () => void, warmupRuns: number, timedRuns: number): Timing {
  const times = sampleTimes(step, warmupRuns, timedRuns);
  return { medianMs: roundMs(quantile(times, 0.5)), p90Ms: roundMs(quantile(times, 0.9)), runs: timedRuns };
}

/** The machine a report was measured on; the load average says whether other work shared the cores during the run. */
export function machineFacts() {
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    node: process.version,
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
  };
}
