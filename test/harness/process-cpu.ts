/**
 * CPU time of a benchmark's processes, read from Linux's /proc: a server's
 * whole process group (every process, every thread), its main threads
 * alone (and how often they were preempted), and PostgreSQL's processes.
 * The benchmarks print these per request beside their latencies, because on
 * a shared 2-core machine time alone does not say whose work a request
 * waited for.
 */
import { readdirSync } from "node:fs";
import { readInvoluntarySwitches, readProcStat, type ProcStat } from "./proc-stat";

/** A process started with `detached: true`: its pid is its process group's id (undefined if it never started). */
export interface ProcessGroupLeader {
  readonly pid?: number;
}

/**
 * The sum of `measure` (CPU in ms, or a count) over the running processes
 * that `select` picks by process group and command name (Linux /proc). A
 * process that ends meanwhile is skipped.
 */
function sumOverProcesses(
  select: (processGroup: number, command: string) => boolean,
  measure: (pid: string, stat: ProcStat) => number,
): number {
  let sum = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = readProcStat(`/proc/${pid}/stat`);
    if (stat && select(stat.processGroup, stat.command)) sum += measure(pid, stat);
  }
  return sum;
}

/**
 * A process's CPU (user + system, every thread). Children that ended count
 * too (a PostgreSQL backend whose connection closed), so that a process
 * ending during a stage does not take its CPU out of the sum.
 */
const wholeProcessCpuMs = (_: string, stat: ProcStat) => stat.cpuMs + stat.endedChildrenCpuMs;

/**
 * CPU used so far by the processes of a server started by startAppServer
 * (or any process started detached, which leads its own process group):
 * its process group, which includes a cluster's workers and every thread
 * (request, grading, GC).
 */
export function serverCpuMs(server: ProcessGroupLeader): number {
  return sumOverProcesses((processGroup) => processGroup === server.pid, wholeProcessCpuMs);
}

/**
 * CPU used so far by the main threads of a server started by startAppServer:
 * the threads where Next handles requests, one per `next start` process
 * (a cluster's primary, which hands connections to its workers, too). What
 * serverCpuMs counts beyond this is grading threads, V8's garbage-collector
 * and compiler threads and libuv's pool.
 */
export function serverMainThreadCpuMs(server: ProcessGroupLeader): number {
  // A process's main thread is the task whose id is the process's.
  return sumOverProcesses(
    (processGroup) => processGroup === server.pid,
    (pid) => readProcStat(`/proc/${pid}/task/${pid}/stat`)?.cpuMs ?? 0,
  );
}

/**
 * How often the main threads of a server started by startAppServer have
 * been switched out so far while they could still run: on a machine shared
 * with PostgreSQL, mostly a backend woken by the request thread's own
 * statement and run on its core (BENCHMARKS.md, "Where PostgreSQL's extra
 * cost goes").
 */
export function serverMainThreadPreemptions(server: ProcessGroupLeader): number {
  return sumOverProcesses(
    (processGroup) => processGroup === server.pid,
    (pid) => readInvoluntarySwitches(`/proc/${pid}/task/${pid}/status`),
  );
}

/** CPU used so far by every PostgreSQL server process on this machine (its backends, WAL writer, checkpointer, …). */
export function postgresCpuMs(): number {
  return sumOverProcesses((_, command) => command === "postgres", wholeProcessCpuMs);
}
