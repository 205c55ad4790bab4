/**
 * Linux's /proc/<pid>/stat and /proc/<pid>/task/<tid>/stat, read the one way
 * (stat(5)): the command name sits in parentheses and may itself hold
 * spaces and parentheses, so fields are counted from its last ")". Used by
 * the benchmarks for CPU time per process or thread, and by tests for a
 * thread's nice value.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export interface ProcStat {
  command: string;
  processGroup: number;
  /** utime + stime: CPU time of the process (every thread) or of the one thread, in ms. */
  cpuMs: number;
  /** cutime + cstime: CPU time of children that ended and were waited for, in ms. */
  endedChildrenCpuMs: number;
  nice: number;
  /** When the process started, in clock ticks since boot: with the pid, it names one process (a pid is reused, this is not). */
  startTicks: number;
}

/** Clock ticks per second (CLK_TCK), the unit of stat's CPU times. */
const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

const ticksToMs = (ticks: string) => (Number(ticks) * 1000) / CLOCK_TICKS_PER_SECOND;

/** The stat file at `file` (such as "/proc/self/task/123/stat"); null when it cannot be read (the process ended, or not Linux). */
export function readProcStat(file: string): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  const close = text.lastIndexOf(")");
  // fields[0] is stat(5)'s field 3 (the state).
  const fields = text.slice(close + 2).split(" ");
  return {
    command: text.slice(text.indexOf("(") + 1, close),
    processGroup: Number(fields[2]),
    cpuMs: ticksToMs(fields[11]) + ticksToMs(fields[12]),
    endedChildrenCpuMs: ticksToMs(fields[13]) + ticksToMs(fields[14]),
    nice: Number(fields[16]),
    startTicks: Number(fields[19]),
  };
}

/**
 * How often the thread or process whose status file is `file` (such as
 * "/proc/self/task/123/status") was switched out against its will: another
 * task took its core while it could still run. 0 when it cannot be read.
 */
export function readInvoluntarySwitches(file: string): number {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return 0;
  }
  const match = /^nonvoluntary_ctxt_switches:\s+(\d+)$/m.exec(text);
  return match ? Number(match[1]) : 0;
}
