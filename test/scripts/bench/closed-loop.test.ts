import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { answeredWithin, countOk, runClosedLoop, type ClosedLoopOptions, type LoadRequest } from "../../../scripts/bench/closed-loop";

// load.ts's load generator, against a real HTTP server: every connection is
// open and answered before the timed load starts, and the timed load keeps
// each one busy.

interface Seen {
  acceptedAt: number[];
  requests: { path: string; at: number; connection: number }[];
}

async function withServer(run: (port: number, seen: Seen) => Promise<void>) {
  const seen: Seen = { acceptedAt: [], requests: [] };
  const connectionOf = new WeakMap<Socket, number>();
  const server = http.createServer((request, response) => {
    seen.requests.push({ path: request.url ?? "", at: performance.now(), connection: connectionOf.get(request.socket)! });
    if (request.url === "/never") return; // answered by nobody: the client's timeout ends it
    request.resume();
    request.on("end", () => setTimeout(() => response.end(request.url === "/missing" ? "" : "ok"), 2));
    if (request.url === "/missing") response.statusCode = 404;
  });
  server.on("connection", (socket: Socket) => {
    connectionOf.set(socket, seen.acceptedAt.length);
    seen.acceptedAt.push(performance.now());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await run((server.address() as AddressInfo).port, seen);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** A short load of GET /work on 4 connections, unless told otherwise. */
const load = (port: number, options: Partial<ClosedLoopOptions> = {}) =>
  runClosedLoop({
    port,
    connections: 4,
    seconds: 0.2,
    timeoutMs: 5_000,
    nextRequest: () => ({ method: "GET", path: "/work" }),
    ...options,
  });

describe("the closed-loop load", () => {
  it("opens every connection and answers it once before the timed load starts", async () => {
    await withServer(async (port, seen) => {
      let startedAt = 0;
      const result = await load(port, {
        connections: 25,
        seconds: 0.4,
        nextRequest: () => ({ method: "POST", path: "/work", body: "{}" }),
        onStart: () => (startedAt = performance.now()),
      });
      expect(seen.acceptedAt).toHaveLength(25);
      expect(Math.max(...seen.acceptedAt)).toBeLessThan(startedAt);
      const opening = seen.requests.filter((request) => request.path === "/api/health");
      expect(opening).toHaveLength(25);
      expect(new Set(opening.map((request) => request.connection)).size).toBe(25);
      expect(Math.max(...opening.map((request) => request.at))).toBeLessThan(startedAt);
      expect(seen.requests.filter((request) => request.path === "/work").every((request) => request.at >= startedAt)).toBe(true);
      expect(result.connectionsAnswered).toBe(25);
      expect(result.errors + result.timeouts).toBe(0);
    });
  });

  it("keeps every connection busy, one request at a time, until the time is up", async () => {
    await withServer(async (port, seen) => {
      const result = await load(port, { connections: 10, seconds: 0.5 });
      const work = seen.requests.filter((request) => request.path === "/work");
      // Each request is answered: one per sent, none abandoned in flight.
      expect(result.responses).toHaveLength(work.length);
      for (let connection = 0; connection < 10; connection++) {
        expect(work.filter((request) => request.connection === connection).length).toBeGreaterThan(5);
      }
      // Those answered after the time was up were sent before it.
      const timed = answeredWithin(result.responses, 500);
      expect(timed.length).toBeGreaterThan(result.responses.length - 10 - 1);
      expect(countOk(result.responses)).toBe(result.responses.length);
      expect(Math.min(...result.responses.map((response) => response.latencyMs))).toBeGreaterThanOrEqual(1);
    });
  });

  it("hands each answer's status to onResponse with the request it answers", async () => {
    await withServer(async (port) => {
      const statuses = new Map<LoadRequest, number>();
      let next = 0;
      const result = await load(port, {
        nextRequest: () => ({ method: "GET", path: next++ % 2 === 0 ? "/work" : "/missing" }),
        onResponse: (request, status) => statuses.set(request, status),
      });
      expect(statuses.size).toBe(result.responses.length);
      for (const [request, status] of statuses) expect(status).toBe(request.path === "/missing" ? 404 : 200);
      expect(countOk(result.responses)).toBe([...statuses.values()].filter((status) => status === 200).length);
    });
  });

  it("counts a request that is never answered as a timeout and goes on", async () => {
    await withServer(async (port) => {
      const result = await load(port, {
        connections: 2,
        seconds: 0.3,
        timeoutMs: 100,
        nextRequest: () => ({ method: "GET", path: "/never" }),
      });
      expect(result.timeouts).toBeGreaterThanOrEqual(2);
      expect(result.errors).toBe(0);
      expect(result.responses).toHaveLength(0);
      expect(result.connectionsAnswered).toBe(0);
    });
  });
});
