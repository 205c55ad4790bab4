import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { getPriority, tmpdir } from "node:os";
import path from "node:path";
import { readInvoluntarySwitches, readProcStat } from "./proc-stat";

// Linux's per-process stat and status files, as the benchmarks read them for
// CPU time and preemptions, and the grading pool's test for a thread's nice value.

describe("reading /proc/<pid>/stat", () => {
  it("gives this process's own CPU time, growing with work, and its nice value", () => {
    const before = readProcStat("/proc/self/stat")!;
    // 100 ms of this process's CPU, by Node's own count (not wall time: on a busy
    // machine 100 ms of wall time may be far less CPU); /proc counts in 10 ms ticks.
    const start = process.cpuUsage();
    const cpuMsSince = () => {
      const { user, system } = process.cpuUsage(start);
      return (user + system) / 1000;
    };
    while (cpuMsSince() < 100);
    const after = readProcStat("/proc/self/stat")!;
    expect(after.cpuMs - before.cpuMs).toBeGreaterThanOrEqual(80);
    expect(after.nice).toBe(getPriority());
    expect(after.processGroup).toBeGreaterThan(0);
  });

  it("counts fields from the command's last parenthesis, so a command with spaces and parentheses is read right", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "proc-stat-"));
    try {
      const file = path.join(dir, "stat");
      // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime priority nice threads itrealvalue starttime
      writeFileSync(file, "4242 (odd) name (x)) S 1 777 777 0 -1 0 0 0 0 0 250 50 30 20 30 10 1 0 123456\n");
      expect(readProcStat(file)).toEqual({
        command: "odd) name (x)",
        processGroup: 777,
        cpuMs: 3_000,
        endedChildrenCpuMs: 500,
        nice: 10,
        startTicks: 123456,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives null for a process that has ended", () => {
    expect(readProcStat("/proc/999999999/stat")).toBeNull();
  });
});

describe("reading a thread's involuntary switches from /proc/<pid>/status", () => {
  it("reads the nonvoluntary_ctxt_switches line, not the voluntary one above it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "proc-status-"));
    try {
      const file = path.join(dir, "status");
      writeFileSync(file, "Name:\tnode\nThreads:\t11\nvoluntary_ctxt_switches:\t906\nnonvoluntary_ctxt_switches:\t37\n");
      expect(readInvoluntarySwitches(file)).toBe(37);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads this thread's own count, and gives 0 for a process that has ended", () => {
    expect(Number.isInteger(readInvoluntarySwitches(`/proc/self/task/${process.pid}/status`))).toBe(true);
    expect(readInvoluntarySwitches("/proc/999999999/status")).toBe(0);
  });
});
