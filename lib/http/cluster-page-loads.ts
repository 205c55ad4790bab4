import cluster from "node:cluster";
import type { PageLoads } from "./page-loads";

// A cluster worker's half of sharing page loads (page-loads.ts) with the
// other processes on its machine; the primary's half is
// scripts/serve/page-load-relay.mjs. A worker tells the primary when it
// starts rendering pages and when it has none left; the primary tells each
// worker how many others are rendering. Two messages per change of a
// process's state, none per page while it stays busy.
//
// The primary then holds the only shared state, and a worker that dies is
// dropped from it, so a lost "none left" cannot hold the cluster back.

/** Worker → primary: `{ type, busy }`. */
export const PAGE_LOADS_BUSY = "chainrule.pageLoads.busy";
/** Primary → worker: `{ type, processes }`, the other workers rendering pages. */
export const PAGE_LOADS_ELSEWHERE = "chainrule.pageLoads.elsewhere";

/** The IPC channel a cluster worker has to its primary: `process`, or a stand-in in tests. */
export interface ClusterChannel {
  send?(message: unknown): unknown;
  on(event: "message", listener: (message: unknown) => void): unknown;
}

function isElsewhere(message: unknown): message is { type: string; processes: number } {
  const candidate = message as { type?: unknown; processes?: unknown } | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    candidate.type === PAGE_LOADS_ELSEWHERE &&
    Number.isInteger(candidate.processes) &&
    (candidate.processes as number) >= 0
  );
}

/**
 * Links `pageLoads` to the cluster's primary over `channel`, when this
 * process is a cluster worker; otherwise (one `next start`, tests, build
 * workers with an IPC channel of their own) it does nothing.
 */
export function shareWithCluster(pageLoads: PageLoads, channel: ClusterChannel, isWorker: boolean = cluster.isWorker): void {
  if (!isWorker || typeof channel.send !== "function") return;
  pageLoads.onBusyChange((busy) => channel.send!({ type: PAGE_LOADS_BUSY, busy }));
  channel.on("message", (message) => {
    if (isElsewhere(message)) pageLoads.setElsewhere(message.processes);
  });
}
