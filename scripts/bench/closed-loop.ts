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

export interface ClosedLoopOptions {
  port: number;
  host?: string;
  connections: number;
  /** How long the timed load runs; requests in flight then are answered before the run returns. */
  seconds: number;
  /** A request not answered in this long is abandoned (its connection closed) and counted in `timeouts`. */
  timeoutMs: number;
  /** The next request of connection `connection` (0-based). */
  nextRequest: (connection: number) => LoadRequest;
  /** Every answer of the timed load, with its request. */
  onResponse?: (request: LoadRequest, status: number) => void;
  /** Called once every connection is open and answered, as the timed load starts. */
  onStart?: () => void;
  /** What each connection asks first, untimed, to open it. */
  warmPath?: string;
}

export interface LoadResponse {
  /** When it was answered, in ms after the timed load started: past `seconds` for a request still in flight then. */
  atMs: number;
  latencyMs: number;
  status: number;
}

export interface ClosedLoopResult {
  /** How long opening every connection took, in ms. */
  openingMs: number;
  /** Every answer of the timed load, in the order they came, those still in flight at its end included. */
  responses: LoadResponse[];
  /** Of the connections, how many had at least one answer within the timed `seconds`. */
  connectionsAnswered: number;
  errors: number;
  timeouts: number;
}

class Timeout extends Error {}

export async function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const { port, host = "127.0.0.1", connections, seconds, timeoutMs, nextRequest, onResponse, onStart, warmPath = "/api/health" } = options;
  const agents = Array.from({ length: connections }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  const send = (agent: http.Agent, request: LoadRequest) => sendOnce({ host, port, agent, request, timeoutMs });
  try {
    const opening = performance.now();
    await Promise.all(agents.map((agent) => send(agent, { method: "GET", path: warmPath })));
    const openingMs = performance.now() - opening;

    onStart?.();
    const start = performance.now();
    const end = start + seconds * 1000;
    const responses: LoadResponse[] = [];
    let errors = 0;
    let timeouts = 0;
    const answered = new Set<number>();
    await Promise.all(
      agents.map(async (agent, connection) => {
        while (performance.now() < end) {
          const request = nextRequest(connection);
          const sent = performance.now();
          try {
            const status = await send(agent, request);
            onResponse?.(request, status);
            const now = performance.now();
            responses.push({ atMs: now - start, latencyMs: now - sent, status });
            if (now <= end) answered.add(connection);
          } catch (error) {
            if (error instanceof Timeout) timeouts++;
            else errors++;
            // A refused connection fails at once: do not spin on it.
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
        }
      }),
    );
    return { openingMs, responses, connectionsAnswered: answered.size, errors, timeouts };
  } finally {
    for (const agent of agents) agent.destroy();
  }
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
  return responses.filter((response) => response.atMs <= untilMs);
}

export function sortedLatencies(responses: LoadResponse[]): number[] {
  return responses.map((response) => response.latencyMs).sort((a, b) => a - b);
}

export function countOk(responses: LoadResponse[]): number {
  return responses.filter((response) => response.status >= 200 && response.status < 300).length;
}
