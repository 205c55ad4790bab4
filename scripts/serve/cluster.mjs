// Several `next start` processes on one port, one per core by default:
//   node scripts/serve/cluster.mjs [--instances N] [next start options, e.g. -p 3000 -H 0.0.0.0]
//
// Each worker is an unmodified `next start` run under Node's cluster module,
// so the listening socket is the primary's and the kernel spreads
// connections over the workers. The workers share nothing in memory (the
// primary only relays which of them are rendering pages): the
// app keeps sessions in JWTs and rate limits and idempotency in the
// database, and its caches (built variants, compiled answer parts) are
// per-process copies of data that never changes, so any worker can answer
// any request. Several machines behind a load balancer work the same way
// (docs/operations.md, "Running several instances").
import cluster from "node:cluster";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { relayPageLoads } from "./page-load-relay.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const at = args.indexOf("--instances");
const instances = at >= 0 ? Number(args[at + 1]) : Number(process.env.CHAINRULE_INSTANCES ?? os.availableParallelism());
if (at >= 0) args.splice(at, 2);
if (!Number.isInteger(instances) || instances < 1) {
  console.error(`--instances must be a whole number of processes, at least 1 (got ${JSON.stringify(instances)})`);
  process.exit(2);
}

// A worker that dies unexpectedly is replaced, at most this often, so that a
// crash loop (say, an unreachable database at start) does not spin.
const RESTART_DELAY_MS = 1_000;
let stopping = false;

// Submissions give way to the pages any worker renders (lib/http/page-loads.ts).
relayPageLoads(cluster);

cluster.setupPrimary({ exec: path.join(root, "node_modules", "next", "dist", "bin", "next"), args: ["start", ...args] });
for (let i = 0; i < instances; i++) cluster.fork();

cluster.on("exit", (worker, code, signal) => {
  if (stopping) {
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    return;
  }
  console.error(`chainrule: next start worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
  setTimeout(() => cluster.fork(), RESTART_DELAY_MS);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    for (const worker of workers) worker?.process.kill(signal);
  });
}
