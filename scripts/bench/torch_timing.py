"""Timing for the PyTorch sides of the benchmarks, on demand.

The TypeScript benchmark keeps one of these processes alive for the whole run
and alternates: a block of engine runs, then a block of PyTorch runs here,
and so on (scripts/bench/alternate.ts), so that both sides see the same
machine; on shared 2-core machines the load drifts within seconds.

Protocol (one line each way): the script first prints one JSON object, its
facts ({"available": true, "version", "threads", ...}); then for each request
line "NAME RUNS" on stdin it runs step NAME RUNS times and prints
{"times": [...], "cpuMs": ...}: each run's time in milliseconds
(time.perf_counter, as performance.now on the engine's side) and the CPU time
the process used for the whole block (time.process_time), which a busy
machine's other work barely changes. An empty line or end of input stops it.
"""
import json
import sys
import time


def reply(value):
    sys.stdout.write(json.dumps(value) + "\n")
    sys.stdout.flush()


def serve(facts, steps):
    """Prints `facts`, then answers timing requests for the named `steps` until stdin ends."""
    reply(facts)
    for line in sys.stdin:
        if not line.strip():
            return
        name, runs = line.split()
        step = steps[name]
        times = []
        cpu_start = time.process_time()
        for _ in range(int(runs)):
            start = time.perf_counter()
            step()
            times.append((time.perf_counter() - start) * 1000)
        reply({"times": times, "cpuMs": (time.process_time() - cpu_start) * 1000})


def unavailable(error):
    """What the script prints when torch cannot be imported, so the benchmark can say why."""
    reply({"available": False, "reason": f"torch not installed ({error}); set PYTHONPATH to a PyTorch install"})
