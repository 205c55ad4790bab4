import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { serverCpuMs, serverMainThreadCpuMs, serverMainThreadPreemptions } from "./process-cpu";

// The load benchmark's CPU split: a server's whole process group against its
// main threads, where Next handles requests. The grading pool's threads
// belong to the group but not to the main thread.

/**
 * A detached Node process (its own process group, as startAppServer's) whose
 * worker thread spins for 600 ms and then whose main thread spins for 300 ms;
 * it prints "done" and idles until killed.
 */
async function startSpinner(): Promise<ChildProcess> {
  const script = `
    const { Worker } = require("node:worker_threads");
    const spin = (ms) => { const until = Date.now() + ms; while (Date.now() < until); };
    const worker = "const until = Date.now() + 600; while (Date.now() < until); " +
      "require('node:worker_threads').parentPort.postMessage(0)";
    new Worker(worker, { eval: true })
      .once("message", () => { spin(300); console.log("done"); setInterval(() => {}, 1000); });
  `;
  const child = spawn(process.execPath, ["-e", script], { detached: true, stdio: ["ignore", "pipe", "inherit"] });
  const [chunk] = (await once(child.stdout!, "data")) as [Buffer];
  expect(chunk.toString().trim()).toBe("done");
  return child;
}

/**
 * Like startSpinner, but its main thread spins for 400 ms beside as many
 * spinning worker threads as the machine has cores, so that the threads
 * outnumber the cores and the main thread must be switched out.
 */
async function startCrowdedSpinner(): Promise<ChildProcess> {
  const script = `
    const { Worker } = require("node:worker_threads");
    const { availableParallelism } = require("node:os");
    const spin = (ms) => { const until = Date.now() + ms; while (Date.now() < until); };
    const worker = "const until = Date.now() + 400; while (Date.now() < until);";
    let online = 0;
    for (let i = 0; i < availableParallelism(); i++) {
      new Worker(worker, { eval: true }).once("online", () => {
        if (++online === availableParallelism()) { spin(400); console.log("done"); setInterval(() => {}, 1000); }
      });
    }
  `;
  const child = spawn(process.execPath, ["-e", script], { detached: true, stdio: ["ignore", "pipe", "inherit"] });
  const [chunk] = (await once(child.stdout!, "data")) as [Buffer];
  expect(chunk.toString().trim()).toBe("done");
  return child;
}

describe("CPU time of a benchmark's server", () => {
  it("counts every thread of the process group, and the main thread apart from a worker thread", async () => {
    const child = await startSpinner();
    try {
      const total = serverCpuMs(child);
      const mainThread = serverMainThreadCpuMs(child);
      // Generous margins: the spins are wall time, and a busy 2-core machine gives them less CPU.
      expect(mainThread).toBeGreaterThanOrEqual(100);
      expect(total - mainThread).toBeGreaterThanOrEqual(200);
    } finally {
      process.kill(-child.pid!, "SIGKILL");
    }
  });

  it("counts the main thread's preemptions when its threads outnumber the cores", async () => {
    const child = await startCrowdedSpinner();
    try {
      expect(serverMainThreadPreemptions(child)).toBeGreaterThan(0);
    } finally {
      process.kill(-child.pid!, "SIGKILL");
    }
  });

  it("counts nothing for a process group that does not exist", () => {
    expect(serverCpuMs({ pid: 999_999_999 })).toBe(0);
    expect(serverMainThreadCpuMs({ pid: 999_999_999 })).toBe(0);
    expect(serverMainThreadPreemptions({ pid: 999_999_999 })).toBe(0);
    expect(serverCpuMs({})).toBe(0);
  });
});
