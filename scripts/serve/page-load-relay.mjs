// The cluster primary's half of sharing page loads between `next start`
// workers (lib/http/cluster-page-loads.ts has the workers' half and the
// message types): the workers share the machine's cores, so a page one of
// them renders should slow the others' submissions as it slows its own.
// The primary keeps which workers are rendering pages and tells each worker
// how many others are, whenever that number changes for it.

export const PAGE_LOADS_BUSY = "chainrule.pageLoads.busy";
export const PAGE_LOADS_ELSEWHERE = "chainrule.pageLoads.elsewhere";

/** Relays page-load state between the workers of `cluster` (Node's cluster module, in the primary). */
export function relayPageLoads(cluster) {
  const busy = new Set();
  /** What each worker was last told, so that it hears only changes. */
  const told = new Map();

  const tellWorkers = () => {
    for (const worker of Object.values(cluster.workers ?? {})) {
      if (!worker?.isConnected()) continue;
      const processes = busy.size - (busy.has(worker.id) ? 1 : 0);
      if (told.get(worker.id) === processes) continue;
      told.set(worker.id, processes);
      worker.send({ type: PAGE_LOADS_ELSEWHERE, processes });
    }
  };

  cluster.on("message", (worker, message) => {
    if (message?.type !== PAGE_LOADS_BUSY) return;
    if (message.busy === true) busy.add(worker.id);
    else busy.delete(worker.id);
    tellWorkers();
  });
  // A new worker (a replacement, say) hears where the others stand.
  cluster.on("online", tellWorkers);
  // A worker that exits while rendering no longer holds the others back.
  cluster.on("exit", (worker) => {
    told.delete(worker.id);
    if (busy.delete(worker.id)) tellWorkers();
  });
}
