// The per-process gate in front of submissions (lib/http/concurrency-gate.ts).
import { ConcurrencyGate } from "@/lib/http/concurrency-gate";
import { AppError } from "@/lib/errors";

/** A piece of work that finishes when told to, recording when it started. */
function controllable(log: string[], name: string) {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    finish = () => resolve(name);
    fail = reject;
  });
  return { work: () => (log.push(name), done), finish, fail };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("the concurrency gate", () => {
  it("runs at most `limit` at once and starts the waiters first come, first served", async () => {
    const gate = new ConcurrencyGate({ limit: 2, maxWaiting: 10, maxWaitMs: 10_000 });
    const started: string[] = [];
    const jobs = ["a", "b", "c", "d"].map((name) => controllable(started, name));
    const results = jobs.map((job) => gate.run(job.work));
    await settle();
    expect(started).toEqual(["a", "b"]);
    expect(gate.stats).toEqual({ running: 2, waiting: 2 });
    jobs[1].finish();
    await settle();
    expect(started).toEqual(["a", "b", "c"]);
    jobs[0].finish();
    jobs[2].finish();
    await settle();
    jobs[3].finish();
    expect(await Promise.all(results)).toEqual(["a", "b", "c", "d"]);
    expect(gate.stats).toEqual({ running: 0, waiting: 0 });
  });

  it("frees the place of work that failed, and passes the failure on", async () => {
    const gate = new ConcurrencyGate({ limit: 1, maxWaiting: 10, maxWaitMs: 10_000 });
    const started: string[] = [];
    const failing = controllable(started, "failing");
    const next = controllable(started, "next");
    const first = gate.run(failing.work);
    const second = gate.run(next.work);
    failing.fail(new Error("grading failed"));
    await expect(first).rejects.toThrow("grading failed");
    await settle();
    expect(started).toEqual(["failing", "next"]);
    next.finish();
    await expect(second).resolves.toBe("next");
  });

  it("refuses at once, with 503 and a time to come back, when too many wait", async () => {
    const gate = new ConcurrencyGate({ limit: 1, maxWaiting: 1, maxWaitMs: 10_000 });
    const started: string[] = [];
    const running = controllable(started, "running");
    const waiting = controllable(started, "waiting");
    const runningResult = gate.run(running.work);
    const waitingResult = gate.run(waiting.work);
    const refused = await gate.run(controllable(started, "refused").work).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "UNAVAILABLE", status: 503, details: { retryAfterSeconds: 2 } });
    expect((refused as AppError).message).toMatch(/not stored and no attempt was used\. Submit again in 2 seconds/);
    expect(started).toEqual(["running"]);
    running.finish();
    await settle();
    waiting.finish();
    await Promise.all([runningResult, waitingResult]);
  });

  it("gives up on a waiter that waited too long, without ever starting it", async () => {
    const gate = new ConcurrencyGate({ limit: 1, maxWaiting: 10, maxWaitMs: 20 });
    const started: string[] = [];
    const running = controllable(started, "running");
    const runningResult = gate.run(running.work);
    const late = await gate.run(controllable(started, "late").work).catch((error: unknown) => error);
    expect(late).toMatchObject({ code: "UNAVAILABLE" });
    expect(gate.stats).toEqual({ running: 1, waiting: 0 });
    running.finish();
    await runningResult;
    expect(started).toEqual(["running"]);
    expect(gate.stats).toEqual({ running: 0, waiting: 0 });
  });
});
