/**
 * CPU time of a benchmark's processes, read from Linux's /proc: a server's
 * whole process group (every process, every thread), its main threads
 * alone, and PostgreSQL's processes. The benchmarks print these per request
 * beside their latencies, because on a shared 2-core machine time alone
 * does not say whose work a request waited for.
 */
import { readdirSync } from "node:fs";
import { readProcStat } from "./proc-stat";

/** A process started with `detached: true`: its pid is its process group's id (undefined if it never started). */
export interface ProcessGroupLeader {
  readonly pid?: number;
}

/** The running processes' ids, from /proc. */
const processIds = () => readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));

/** CPU time (user + system, every thread) so far of the processes `select` picks by process group and command name, in ms (Linux /proc). */
function processCpuMs(select: (processGroup: number, command: string) => boolean): number {
  let ms = 0;
  for (const pid of processIds()) {
    const stat = readProcStat(`/proc/${pid}/stat`);
    // null: the process ended meanwhile. Children that ended count too (a PostgreSQL backend whose
    // connection closed), so that a process ending during a stage does not take its CPU out of the sum.
    if (stat && select(stat.processGroup, stat.command)) ms += stat.cpuMs + stat.endedChildrenCpuMs;
  }
  return ms;
}

/**
 * CPU used so far by the processes of a server started by startAppServer
 * (or any process started detached, which leads its own process group):
 * its process group, which includes a cluster's workers and every thread
 * (request, grading, GC).
 */
export function serverCpuMs(server: ProcessGroupLeader): number {
  return processCpuMs((processGroup) => processGroup === server.pid);
}

/**
 * CPU used so far by the main threads of a server started by startAppServer:
 * the threads where Next handles requests, one per `next start` process
 * (a cluster's primary, which hands connections to its workers, too). What
 * serverCpuMs counts beyond this is grading threads, V8's garbage-collector
 * and compiler threads and libuv's pool.
 */
export function serverMainThreadCpuMs(server: ProcessGroupLeader): number {
  let ms = 0;
  for (const pid of processIds()) {
    if (readProcStat(`/proc/${pid}/stat`)?.processGroup !== server.pid) continue;
    // A process's main thread is the task whose id is the process's.
    ms += readProcStat(`/proc/${pid}/task/${pid}/stat`)?.cpuMs ?? 0;
  }
  return ms;
}

/** CPU used so far by every PostgreSQL server process on this machine (its backends, WAL writer, checkpointer, …). */
export function postgresCpuMs(): number {
  return processCpuMs((_, command) => command === "postgres");
}
