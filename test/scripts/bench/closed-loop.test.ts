import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  answeredWithin,
  countOk,
  openConnections,
  type ConnectionOptions,
  type LoadOptions,
  type LoadRequest,
} from "../../../scripts/bench/closed-loop";

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
  const slowSeen = new WeakSet<Socket>();
  const server = http.createServer((request, response) => {
    seen.requests.push({ path: request.url ?? "", at: performance.now(), connection: connectionOf.get(request.socket)! });
    if (request.url === "/never") return; // answered by nobody: the client's timeout ends it
    // The first /slow-first on a connection waits 150 ms, as the back of an idle server's first queue would.
    const slow = request.url === "/slow-first" && !slowSeen.has(request.socket);
    if (slow) slowSeen.add(request.socket);
    request.resume();
    request.on("end", () => setTimeout(() => response.end(request.url === "/missing" ? "" : "ok"), slow ? 150 : 2));
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

/**
 * A short load of GET /work on 4 connections, unless told otherwise, on
 * connections opened for it and closed after it; `startedAt` is when the
 * load was started, after every connection was opened.
 */
async function load(port: number, options: Partial<ConnectionOptions & LoadOptions> = {}) {
  const connections = await openConnections({ port, connections: 4, timeoutMs: 5_000, ...options });
  try {
    const startedAt = performance.now();
    const result = await connections.run({ seconds: 0.2, nextRequest: () => ({ method: "GET", path: "/work" }), ...options });
    return { ...result, startedAt };
  } finally {
    connections.close();
  }
}

describe("the closed-loop load", () => {
  it("opens every connection and answers it once before the timed load starts", async () => {
    await withServer(async (port, seen) => {
      const result = await load(port, {
        connections: 25,
        seconds: 0.4,
        nextRequest: () => ({ method: "POST", path: "/work", body: "{}" }),
      });
      const { startedAt } = result;
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

  it("with steadyStart, times nothing until every connection's first request is through", async () => {
    await withServer(async (port) => {
      let timedAt = 0;
      const result = await load(port, {
        connections: 4,
        seconds: 0.2,
        // Connection 3's first request is the slow one: the timed part starts after it.
        nextRequest: (connection) => ({ method: "GET", path: connection === 3 ? "/slow-first" : "/work" }),
        steadyStart: true,
        onTimedStart: () => (timedAt = performance.now()),
      });
      expect(timedAt - result.startedAt).toBeGreaterThanOrEqual(145);
      const warming = result.responses.filter((response) => response.warming);
      expect(warming.map((response) => response.connection).sort()).toEqual([0, 1, 2, 3]);
      expect(Math.max(...warming.map((response) => response.atMs))).toBeLessThanOrEqual(0);
      // The other connections went on while connection 3 waited: those answers came before the timed part, untimed.
      const early = result.responses.filter((response) => !response.warming && response.atMs < 0);
      expect(early.length).toBeGreaterThan(10);
      const timed = answeredWithin(result.responses, 200);
      expect(timed.every((response) => !response.warming && response.atMs >= 0 && response.atMs <= 200)).toBe(true);
      expect(new Set(timed.map((response) => response.connection)).size).toBe(4);
      // Timed for its full 0.2 s after that, not cut short: answers still come in its second half. (Counting them
      // against the early ones compared two rates on a busy CI machine, and failed there.)
      expect(Math.max(...timed.map((response) => response.atMs))).toBeGreaterThanOrEqual(100);
      expect(result.connectionsAnswered).toBe(4);
    });
  });

  it("runs one load after another on the same open connections", async () => {
    await withServer(async (port, seen) => {
      const connections = await openConnections({ port, connections: 3, timeoutMs: 5_000 });
      try {
        const first = await connections.run({ seconds: 0.1, nextRequest: () => ({ method: "GET", path: "/work" }) });
        const second = await connections.run({ seconds: 0.1, nextRequest: () => ({ method: "GET", path: "/missing" }) });
        expect(seen.acceptedAt).toHaveLength(3);
        expect(countOk(first.responses)).toBe(first.responses.length);
        expect(countOk(second.responses)).toBe(0);
        expect(second.connectionsAnswered).toBe(3);
      } finally {
        connections.close();
      }
    });
  });
});
