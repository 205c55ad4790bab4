// The per-process gate in front of submissions (lib/http/concurrency-gate.ts).
import { ConcurrencyGate } from "@/lib/http/concurrency-gate";
import { AppError } from "@/lib/errors";
import { PageLoads } from "@/lib/http/page-loads";

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

  describe("giving way to pages", () => {
    const gateGivingWay = (pages: PageLoads) =>
      new ConcurrencyGate({ limit: 3, maxWaiting: 10, maxWaitMs: 10_000, givesWayTo: pages, limitWhileForeground: 1 });

    it("starts no more than the lower limit while a page renders, and lets those running finish", async () => {
      const pages = new PageLoads();
      const gate = gateGivingWay(pages);
      const started: string[] = [];
      const jobs = ["a", "b", "c", "d"].map((name) => controllable(started, name));
      const [a, b] = [gate.run(jobs[0].work), gate.run(jobs[1].work)];
      await settle();
      const endPage = pages.begin();
      const [c, d] = [gate.run(jobs[2].work), gate.run(jobs[3].work)];
      await settle();
      expect(started).toEqual(["a", "b"]);
      jobs[0].finish();
      await settle();
      // b still runs: one is the limit while the page renders, so c waits.
      expect(started).toEqual(["a", "b"]);
      jobs[1].finish();
      await settle();
      expect(started).toEqual(["a", "b", "c"]);
      expect(gate.stats).toEqual({ running: 1, waiting: 1 });
      endPage();
      jobs.slice(2).forEach((job) => job.finish());
      expect(await Promise.all([a, b, c, d])).toEqual(["a", "b", "c", "d"]);
    });

    it("starts the waiters up to the full limit as soon as the last page ends, first come first served", async () => {
      const pages = new PageLoads();
      const gate = gateGivingWay(pages);
      const started: string[] = [];
      const ends = [pages.begin(), pages.begin()];
      const jobs = ["a", "b", "c", "d", "e"].map((name) => controllable(started, name));
      const results = jobs.map((job) => gate.run(job.work));
      await settle();
      expect(started).toEqual(["a"]);
      ends[0]();
      await settle();
      expect(started).toEqual(["a"]);
      ends[1]();
      await settle();
      expect(started).toEqual(["a", "b", "c"]);
      expect(gate.stats).toEqual({ running: 3, waiting: 2 });
      jobs.forEach((job) => job.finish());
      expect(await Promise.all(results)).toEqual(["a", "b", "c", "d", "e"]);
      expect(gate.stats).toEqual({ running: 0, waiting: 0 });
    });

    it("lets no newcomer pass the submissions already waiting when room opens", async () => {
      const pages = new PageLoads();
      const gate = gateGivingWay(pages);
      const started: string[] = [];
      const endPage = pages.begin();
      const first = controllable(started, "first");
      const waiting = controllable(started, "waiting");
      const results = [gate.run(first.work), gate.run(waiting.work)];
      await settle();
      endPage();
      const newcomer = controllable(started, "newcomer");
      results.push(gate.run(newcomer.work));
      await settle();
      expect(started).toEqual(["first", "waiting", "newcomer"]);
      [first, waiting, newcomer].forEach((job) => job.finish());
      await Promise.all(results);
    });
  });
});
