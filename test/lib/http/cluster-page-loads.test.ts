import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { PAGE_LOADS_BUSY, PAGE_LOADS_ELSEWHERE, shareWithCluster } from "../../../lib/http/cluster-page-loads";
import { PageLoads } from "../../../lib/http/page-loads";
import * as relay from "../../../scripts/serve/page-load-relay.mjs";

const run = promisify(execFile);

describe("page loads shared across a cluster", () => {
  it("counts another worker's page as its own until that page ends or its worker dies, over the real primary", async () => {
    const primary = path.join(__dirname, "../../support/cluster-page-loads/primary.mjs");
    const { stdout } = await run(process.execPath, [primary], { cwd: path.join(__dirname, "../../.."), timeout: 60_000 });
    const seen = JSON.parse(stdout.trim().split("\n").pop()!);
    expect(seen.whileAnotherRenders.inProgress).toBe(1);
    // A worker's own page is counted once, not again as the cluster's.
    expect(seen.renderingItself.inProgress).toBe(1);
    expect(seen.afterItEnded).toEqual({ inProgress: 0, quietCalls: 1 });
    expect(seen.afterItDiedRendering).toEqual({ inProgress: 0, quietCalls: 2 });
  }, 60_000);

  it("uses the same message types in the primary's relay and the workers", () => {
    expect(relay.PAGE_LOADS_BUSY).toBe(PAGE_LOADS_BUSY);
    expect(relay.PAGE_LOADS_ELSEWHERE).toBe(PAGE_LOADS_ELSEWHERE);
  });

  it("tells the primary only when the process starts and stops rendering, and ignores malformed counts", () => {
    const sent: unknown[] = [];
    let deliver: (message: unknown) => void = () => {};
    const pageLoads = new PageLoads();
    shareWithCluster(pageLoads, { send: (message) => sent.push(message), on: (_event, listener) => (deliver = listener) }, true);
    const first = pageLoads.begin();
    const second = pageLoads.begin();
    first();
    second();
    expect(sent).toEqual([
      { type: PAGE_LOADS_BUSY, busy: true },
      { type: PAGE_LOADS_BUSY, busy: false },
    ]);
    for (const malformed of [
      { type: PAGE_LOADS_ELSEWHERE, processes: -1 },
      { type: PAGE_LOADS_ELSEWHERE, processes: "2" },
      { processes: 3 },
      null,
    ]) {
      deliver(malformed);
    }
    expect(pageLoads.inProgress).toBe(0);
    deliver({ type: PAGE_LOADS_ELSEWHERE, processes: 2 });
    expect(pageLoads.inProgress).toBe(2);
  });

  it("stays out of a process that is not a cluster worker, though it has an IPC channel (jest's, a build's)", () => {
    const sent: unknown[] = [];
    const pageLoads = new PageLoads();
    shareWithCluster(pageLoads, { send: (message) => sent.push(message), on: () => {} }, false);
    pageLoads.begin()();
    expect(sent).toEqual([]);
  });
});
