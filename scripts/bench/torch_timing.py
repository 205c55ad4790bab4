"""Timing for the PyTorch sides of the benchmarks, measured as scripts/bench/timing.ts
measures the engine: untimed warm-up runs, then the median and the 90th percentile
(nearest rank at or below) of the timed runs, in milliseconds."""
import time


def timed(step, warmup, runs):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    median = times[len(times) // 2]
    p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
    return {"medianMs": round(median, 3), "p90Ms": round(p90, 3), "runs": runs}
