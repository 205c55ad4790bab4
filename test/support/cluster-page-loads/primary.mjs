// A cluster primary for test/lib/http/cluster-page-loads.test.ts: the real
// relay (scripts/serve/page-load-relay.mjs) between two real workers
// (worker.ts, under tsx), driven step by step; prints what the workers saw
// as one JSON line.
import cluster from "node:cluster";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { relayPageLoads } from "../../../scripts/serve/page-load-relay.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
relayPageLoads(cluster);
cluster.setupPrimary({ exec: path.join(here, "worker.ts"), execArgv: ["--import", "tsx"] });

/** Sends `command` to `worker` and resolves with its reply. */
const ask = (worker, command) =>
  new Promise((resolve) => {
    const onMessage = (message) => {
      if (message?.reply !== command) return;
      worker.off("message", onMessage);
      resolve(message);
    };
    worker.on("message", onMessage);
    worker.send({ command });
  });

/** Asks `worker` for its count until `wanted` (or 5 s), returning what it last said. */
async function countUntil(worker, wanted) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const { inProgress, quietCalls } = await ask(worker, "count");
    if (inProgress === wanted || Date.now() > deadline) return { inProgress, quietCalls };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const started = (worker) => new Promise((resolve) => worker.once("message", (message) => message?.ready && resolve()));
const [a, b] = [cluster.fork(), cluster.fork()];
await Promise.all([started(a), started(b)]);

const seen = {};
await ask(a, "begin");
seen.whileAnotherRenders = await countUntil(b, 1);
seen.renderingItself = await ask(a, "count");
await ask(a, "end");
seen.afterItEnded = await countUntil(b, 0);
await ask(a, "begin");
await countUntil(b, 1);
a.process.kill("SIGKILL");
seen.afterItDiedRendering = await countUntil(b, 0);
process.stdout.write(`${JSON.stringify(seen)}\n`);
b.process.kill("SIGKILL");
process.exit(0);
