/**
 * A closed-loop HTTP load whose connections are all open before it is timed:
 * `connections` clients, each with one keep-alive connection of its own,
 * each sending its next request when its last one is answered.
 *
 * Why not autocannon, which load.ts used before: autocannon opens all its
 * connections when its run starts, into a server that is already busy with
 * the ones opened first. Node (libuv since 1.45) accepts one connection per
 * turn of its event loop, and a loaded server's turns are long: 5–15 ms
 * during a rush of submissions, and longer still for the floor, whose
 * hundreds of requests all run at once. In a traced run at 500
 * connections, 300 of the floor's were accepted only after its 5 s had
 * ended, and by Little's law its "500 connections" were 90–480 busy ones.
 * The submissions' late connections, meanwhile, were counted seconds late in
 * their p99 (BENCHMARKS.md, "The same connections on both sides").
 *
 * Here every connection is opened and answered once (GET `warmPath`) while
 * the server is still idle, and only then does the timed load start. So the
 * floor and the stage beside it both run with every connection busy, and
 * `connectionsAnswered` shows it.
 */
import http from "node:http";

export interface LoadRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  /** How long the timed load runs; requests in flight then are answered before the run returns. */
  seconds: number;
  /** The next request of connection `connection` (0-based). */
  nextRequest: (connection: number) => LoadRequest;
  /** Every answer of the timed load, with its request. */
  onResponse?: (request: LoadRequest, status: number) => void;
  /**
   * Starts the timed `seconds` only once every connection's first request of
   * this load has been answered (or has failed). Those first requests reach
   * an idle server all at once, so on average each waits behind half the
   * others, where later ones wait behind all of them: at 500 connections
   * that ramp lasts seconds, and timed, it would shorten the latencies.
   * Their answers are in `responses` marked `warming`.
   */
  steadyStart?: boolean;
  /** Called as the timed `seconds` start: with steadyStart, once the first requests are through. */
  onTimedStart?: () => void;
}

export interface ConnectionOptions {
  port: number;
  host?: string;
  connections: number;
  /** A request not answered in this long is abandoned (its connection closed) and counted in `timeouts`. */
  timeoutMs: number;
  /** What each connection asks first, untimed, to open it. */
  warmPath?: string;
}

export interface LoadResponse {
  /**
   * When it was answered, in ms after the timed load started: past `seconds` for a request still in flight then, and
   * negative before it started (steadyStart).
   */
  atMs: number;
  latencyMs: number;
  status: number;
  /** Which connection (0-based) it came on. */
  connection: number;
  /** With steadyStart, the first answer of its connection: never timed. */
  warming?: true;
}

export interface LoadResult {
  /** Every answer of the timed load, in the order they came, those still in flight at its end included. */
  responses: LoadResponse[];
  /** Of the connections, how many had at least one answer before the timed `seconds` ended. */
  connectionsAnswered: number;
  errors: number;
  timeouts: number;
}

/** Connections opened and answered once, each kept alive for loads run on them one after another. */
export interface OpenConnections {
  /** One timed closed-loop load on every connection; it returns when the last request in flight is answered. */
  run(load: LoadOptions): Promise<LoadResult>;
  close(): void;
}

class Timeout extends Error {}

/**
 * Opens `connections` keep-alive connections, each answered once (GET
 * `warmPath`), so that loads run on them later start with every connection
 * open: load.ts alternates the floor and the submissions on the same ones.
 */
export async function openConnections(options: ConnectionOptions): Promise<OpenConnections> {
  const { port, host = "127.0.0.1", connections, timeoutMs, warmPath = "/api/health" } = options;
  const agents = Array.from({ length: connections }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  const send = (agent: http.Agent, request: LoadRequest) => sendOnce({ host, port, agent, request, timeoutMs });
  const close = () => agents.forEach((agent) => agent.destroy());
  try {
    await Promise.all(agents.map((agent) => send(agent, { method: "GET", path: warmPath })));
    return { run: (load) => runLoad(agents, send, load), close };
  } catch (error) {
    close();
    throw error;
  }
}

async function runLoad(
  agents: http.Agent[],
  send: (agent: http.Agent, request: LoadRequest) => Promise<number>,
  { seconds, nextRequest, onResponse, steadyStart = false, onTimedStart }: LoadOptions,
): Promise<LoadResult> {
  // Until every connection's first request is through (steadyStart), the timed part has not begun and has no end.
  let timedStart = steadyStart ? Infinity : performance.now();
  let end = timedStart + seconds * 1000;
  if (!steadyStart) onTimedStart?.();
  let firstsPending = agents.length;
  const firstDone = () => {
    if (--firstsPending > 0 || !steadyStart) return;
    timedStart = performance.now();
    end = timedStart + seconds * 1000;
    onTimedStart?.();
  };
  const answers: (Omit<LoadResponse, "atMs"> & { at: number })[] = [];
  let errors = 0;
  let timeouts = 0;
  const answered = new Set<number>();
  await Promise.all(
    agents.map(async (agent, connection) => {
      let first = true;
      while (performance.now() < end) {
        const request = nextRequest(connection);
        const sent = performance.now();
        try {
          const status = await send(agent, request);
          onResponse?.(request, status);
          const now = performance.now();
          answers.push({ at: now, latencyMs: now - sent, status, connection, ...(first && steadyStart ? { warming: true as const } : {}) });
          if (now <= end) answered.add(connection);
        } catch (error) {
          if (error instanceof Timeout) timeouts++;
          else errors++;
          // A refused connection fails at once: do not spin on it.
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        if (first) firstDone();
        first = false;
      }
    }),
  );
  const responses = answers.map(({ at, ...answer }) => ({ atMs: at - timedStart, ...answer }));
  return { responses, connectionsAnswered: answered.size, errors, timeouts };
}

function sendOnce({
  host,
  port,
  agent,
  request,
  timeoutMs,
}: {
  host: string;
  port: number;
  agent: http.Agent;
  request: LoadRequest;
  timeoutMs: number;
}): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      { host, port, agent, method: request.method, path: request.path, headers: request.headers },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Timeout(`no answer in ${timeoutMs} ms`)));
    outgoing.on("error", reject);
    outgoing.end(request.body);
  });
}

/** Those of `responses` answered in the first `untilMs` of the timed load. */
export function answeredWithin(responses: LoadResponse[], untilMs: number): LoadResponse[] {
  return responses.filter((response) => !response.warming && response.atMs >= 0 && response.atMs <= untilMs);
}

export function sortedLatencies(responses: LoadResponse[]): number[] {
  return responses.map((response) => response.latencyMs).sort((a, b) => a - b);
}

export function countOk(responses: LoadResponse[]): number {
  return responses.filter((response) => response.status >= 200 && response.status < 300).length;
}
