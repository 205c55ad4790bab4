// Which errors mean "the database cannot serve this request right now" (the
// server is down, restarting or unreachable, the connection was cut, or a
// SQLite file stayed locked by another writer) as opposed to a bug or a
// constraint the request broke. Route handlers answer the first kind with 503
// and Retry-After (lib/http/route.ts); anything else keeps its own meaning.
//
// The shapes come from the real drivers, as Prisma 6.19's Rust-free client
// surfaces them (test/lib/db/database-unavailable.test.ts provokes each one):
// - PrismaClientKnownRequestError with a connection code (P1001 "Can't reach
//   database server", P1008 timed out, P1017 "Server has closed the
//   connection", …) and `meta.driverAdapterError.cause` = { kind, … };
// - the same wrapper with code P2010 for raw queries, where only
//   `meta.driverAdapterError.cause` says what happened (kind
//   "DatabaseNotReachable", or kind "postgres" with SQLSTATE 57P01 when the
//   backend was terminated, or originalCode SQLITE_BUSY);
// - node-postgres errors passed through as they are: "Connection terminated
//   unexpectedly", "Client has encountered a connection error and is not
//   queryable", a DatabaseError with SQLSTATE 57P01/57P03, or a socket error
//   (ECONNREFUSED, ECONNRESET).
//
// Deliberately free of "server-only" and of Prisma imports: scripts use it too.

/** Prisma error codes that mean the connection failed, not the query. */
const PRISMA_CONNECTION_CODES = new Set([
  "P1001", // can't reach database server
  "P1002", // server reached but timed out
  "P1008", // operation timed out (also SQLite's SQLITE_BUSY through the adapter)
  "P1017", // server has closed the connection
  "P2024", // timed out fetching a connection from the pool
  "P2037", // too many database connections
]);

/** Driver adapter error kinds (`meta.driverAdapterError.cause.kind`) that mean the same. */
const ADAPTER_CONNECTION_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/**
 * PostgreSQL SQLSTATEs for a server that is going away or not there yet:
 * class 08 (connection exception), 57P01 admin_shutdown (pg_ctl stop -m fast,
 * pg_terminate_backend), 57P02 crash_shutdown, 57P03 cannot_connect_now
 * (starting up or shutting down), 53300 too_many_connections.
 */
const POSTGRES_UNAVAILABLE_STATES = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

const SOCKET_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

/** node-postgres' own messages for a connection that died or never came up (they carry no code). */
const POSTGRES_CONNECTION_MESSAGES = [
  "Connection terminated",
  "Client has encountered a connection error and is not queryable",
  "Client was closed and is not queryable",
  "timeout exceeded when trying to connect",
  "Connection ended unexpectedly",
];

/** SQLite's busy and locked results, with their extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED_SHAREDCACHE, …). */
const SQLITE_BUSY_CODE = /^SQLITE_(BUSY|LOCKED)(_[A-Z]+)?$/;

type Inspectable = {
  code?: unknown;
  originalCode?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
};

/** The error and everything it wraps: `cause` chains and Prisma's `meta.driverAdapterError`. */
function errorChain(error: unknown): Inspectable[] {
  const chain: Inspectable[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && chain.length < 10) {
    const current = queue.shift();
    if (current === null || typeof current !== "object" || chain.includes(current as Inspectable)) continue;
    const item = current as Inspectable;
    chain.push(item);
    queue.push(item.cause, item.meta?.driverAdapterError);
  }
  return chain;
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** True for SQLITE_BUSY / SQLITE_LOCKED however it surfaced: worth retrying the whole statement or transaction. */
export function isSqliteBusyError(error: unknown): boolean {
  return errorChain(error).some((item) => SQLITE_BUSY_CODE.test(text(item.originalCode)) || SQLITE_BUSY_CODE.test(text(item.code)));
}

/** True when the database could not serve the request (down, unreachable, cut off, or locked): answer 503, not 500. */
export function isDatabaseUnavailableError(error: unknown): boolean {
  if (isSqliteBusyError(error)) return true;
  return errorChain(error).some((item) => {
    const code = text(item.code);
    const message = text(item.message);
    if (PRISMA_CONNECTION_CODES.has(code) || SOCKET_ERROR_CODES.has(code)) return true;
    if (ADAPTER_CONNECTION_KINDS.has(text(item.kind))) return true;
    if (POSTGRES_UNAVAILABLE_STATES.test(code) || POSTGRES_UNAVAILABLE_STATES.test(text(item.originalCode))) return true;
    // Prisma's "Unable to start a transaction in the given time": every connection stayed busy.
    if (code === "P2028" && message.includes("Unable to start a transaction")) return true;
    return POSTGRES_CONNECTION_MESSAGES.some((known) => message.includes(known));
  });
}
