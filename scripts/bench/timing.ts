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

/** A numeric command-line option (`--runs 50`), or the fallback. */
export function numericArgument(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}
