/**
 * A count of the work the engine does, for tests and benchmarks that check
 * a cost estimate against reality in operations rather than in wall time:
 * multiply-adds (every matrix product goes through gemm) and entries
 * written (every op's output is a Tensor, and every gradient an array that
 * backward hands on). Counting is off unless `measureWork` is running, and
 * then costs one addition per op.
 */
export interface WorkCount {
  multiplyAdds: number;
  entries: number;
}

let meter: WorkCount | null = null;

/** Runs `run` and returns what it computed with the engine's work it caused; meters do not nest. */
export function measureWork<T>(run: () => T): { result: T; work: WorkCount } {
  const outer = meter;
  const work: WorkCount = { multiplyAdds: 0, entries: 0 };
  meter = work;
  try {
    return { result: run(), work };
  } finally {
    meter = outer;
  }
}

export function countMultiplyAdds(count: number): void {
  if (meter) meter.multiplyAdds += count;
}

export function countEntries(count: number): void {
  if (meter) meter.entries += count;
}
