import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { privatePostgresAvailable, removeOrphanedClusters } from "@/test/reliability/private-postgres";
import { readProcStat } from "@/test/harness/proc-stat";

const ROOT = path.resolve(__dirname, "..", "..");
const describeWithPostgres = privatePostgresAvailable() ? describe : describe.skip;

/** Whether something accepts connections on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/** A process that starts a private cluster under `tmp`, prints its folder and port, then `then` ("wait" or "throw"). */
function startOwner(tmp: string, then: "wait" | "throw"): { child: ChildProcess; started: Promise<{ dir: string; port: number }> } {
  const script = `
    const { createPrivatePostgres } = require(${JSON.stringify(path.join(ROOT, "test/reliability/private-postgres.ts"))});
    (async () => {
      const cluster = await createPrivatePostgres();
      await cluster.start();
      console.log(JSON.stringify({ dir: require("node:fs").readdirSync(${JSON.stringify(tmp)}).filter((n) => n.startsWith("chainrule-pg-")).map((n) => ${JSON.stringify(tmp)} + "/" + n)[0], port: cluster.port }));
      ${then === "throw" ? 'setTimeout(() => { throw new Error("a bug in the check"); }, 100);' : "setInterval(() => {}, 1000);"}
    })();`;
  // Node itself with tsx's loader, not the tsx command: that is a wrapper whose child would survive a SIGKILL sent to it.
  const child = spawn(process.execPath, ["--require", "tsx/cjs", "-e", script], {
    cwd: ROOT,
    env: { ...process.env, TMPDIR: tmp },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const started = new Promise<{ dir: string; port: number }>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0]));
    });
    child.once("exit", (code) => reject(new Error(`the owner exited (${code}) before starting its cluster`)));
  });
  return { child, started };
}

const clusterFolders = (tmp: string) =>
  readdirSync(tmp)
    .filter((name) => name.startsWith("chainrule-pg-"))
    .sort();

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code)),
  );

describeWithPostgres("a private PostgreSQL never outlives its run", () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), "private-postgres-test-"));
    chmodSync(tmp, 0o755); // the postgres OS user runs the cluster inside it
  });
  afterEach(() => {
    removeOrphanedClusters(tmp);
    rmSync(tmp, { recursive: true, force: true });
  });

  it("listens on a free port, and is stopped and removed when its process gets SIGTERM", async () => {
    const { child, started } = startOwner(tmp, "wait");
    const { dir, port } = await started;
    expect(port).not.toBe(54329);
    expect(await listening(port)).toBe(true);
    child.kill("SIGTERM");
    expect(await exited(child)).toBe(128 + os.constants.signals.SIGTERM);
    expect(existsSync(dir)).toBe(false);
    expect(await listening(port)).toBe(false);
  }, 60_000);

  it("is stopped and removed when its process dies of an uncaught error", async () => {
    const { child, started } = startOwner(tmp, "throw");
    const { dir, port } = await started;
    expect(await exited(child)).toBe(1);
    expect(existsSync(dir)).toBe(false);
    expect(await listening(port)).toBe(false);
  }, 60_000);

  it("stops and removes a cluster whose process was SIGKILLed, and leaves a running owner's and a new unowned folder alone", async () => {
    const { child, started } = startOwner(tmp, "wait");
    const { dir, port } = await started;
    child.kill("SIGKILL");
    await exited(child);
    expect(await listening(port)).toBe(true); // left behind: nothing could clean up

    const live = path.join(tmp, "chainrule-pg-live");
    mkdirSync(live);
    writeFileSync(
      path.join(live, "owner.json"),
      JSON.stringify({ pid: process.pid, startTicks: readProcStat("/proc/self/stat")!.startTicks }),
    );
    const recentUnowned = path.join(tmp, "chainrule-pg-recent");
    mkdirSync(recentUnowned);
    const oldUnowned = path.join(tmp, "chainrule-pg-old");
    mkdirSync(oldUnowned);
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(oldUnowned, twoHoursAgo, twoHoursAgo);

    expect(removeOrphanedClusters(tmp).sort()).toEqual([dir, oldUnowned].sort());
    expect(await listening(port)).toBe(false);
    expect(clusterFolders(tmp)).toEqual(["chainrule-pg-live", "chainrule-pg-recent"]);
  }, 60_000);
});
