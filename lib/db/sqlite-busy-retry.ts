// Application-level retry for a busy or locked SQLite database.
//
// better-sqlite3 already waits up to SQLITE_BUSY_TIMEOUT_MS for another
// connection's write lock on each statement, but some busy results come back
// at once and no wait helps them: a transaction that read first and then
// needs the write lock while another connection writes gets SQLITE_BUSY
// immediately (SQLite refuses to wait there, to avoid a deadlock), and a
// snapshot that went stale (SQLITE_BUSY_SNAPSHOT) only clears by starting
// over. So the unit retried is the whole interactive transaction, or a whole
// statement outside a transaction, never a statement inside a transaction.
//
// A SQLite statement that failed with SQLITE_BUSY changed nothing, and a
// transaction that failed was rolled back, so running it again cannot store
// anything twice.
import { isSqliteBusyError } from "./database-unavailable";

/** Retries after the first try, so at most 1 + SQLITE_BUSY_RETRIES tries. */
export const SQLITE_BUSY_RETRIES = 3;
/** The first pause between tries, in ms; it doubles each time (100, 200, 400), with ±50 % jitter so that waiting writers spread out. */
export const SQLITE_BUSY_BACKOFF_MS = 100;
/**
 * No new try starts this long after the first one, in ms. better-sqlite3 is
 * synchronous: a statement outside a transaction that waits out the busy
 * timeout (5 s) holds up the whole server process meanwhile, so such a
 * statement is tried at most twice; the busy results of a transaction come
 * back at once and get all their retries.
 */
export const SQLITE_BUSY_RETRY_WINDOW_MS = 10_000;

export interface BusyRetryOptions {
  retries?: number;
  backoffMs?: number;
  windowMs?: number;
  /** Called before each retry (for logs and tests). */
  onRetry?: (retry: number, error: unknown) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `operation`, and again (up to `retries` times, with exponential
 * back-off, none starting after `windowMs`) while it fails with SQLITE_BUSY
 * or SQLITE_LOCKED. Any other
 * error, or the last busy error, is thrown as it is: the route layer turns a
 * busy one into 503 DATABASE_UNAVAILABLE.
 */
export async function retryWhileBusy<T>(operation: () => Promise<T>, options: BusyRetryOptions = {}): Promise<T> {
  const { retries = SQLITE_BUSY_RETRIES, backoffMs = SQLITE_BUSY_BACKOFF_MS, windowMs = SQLITE_BUSY_RETRY_WINDOW_MS, onRetry } = options;
  const started = Date.now();
  for (let retry = 0; ; retry++) {
    try {
      return await operation();
    } catch (error) {
      if (retry >= retries || !isSqliteBusyError(error) || Date.now() - started >= windowMs) throw error;
      onRetry?.(retry + 1, error);
      await sleep(backoffMs * 2 ** retry * (0.5 + Math.random()));
    }
  }
}

/** What the wrapper uses of a Prisma client (typed loosely: Prisma's own signatures are generic per schema). */
interface ExtensibleClient {
  $transaction: (...args: unknown[]) => Promise<unknown>;
  $extends: (extension: unknown) => unknown;
  $on: (...args: unknown[]) => unknown;
}

/**
 * The same Prisma client, with every interactive transaction and every
 * statement outside a transaction retried while SQLite is busy:
 * - `$transaction(async (tx) => …)` runs the whole callback again;
 * - a query outside any transaction (`db.user.create(…)`, `$queryRaw`) runs
 *   again, through a query extension that steps aside when Prisma marks the
 *   query as part of a transaction (`__internalParams.transaction`: inside an
 *   interactive transaction, or in a batch `$transaction([…])`);
 * - a batch `$transaction([…])` is passed through unretried: its items are
 *   lazy queries that run once.
 */
export function withSqliteBusyRetry<Client extends object>(prismaClient: Client, options: BusyRetryOptions = {}): Client {
  const client = prismaClient as unknown as ExtensibleClient;
  const extended = client.$extends({
    name: "sqlite-busy-retry",
    query: {
      async $allOperations({
        args,
        query,
        __internalParams,
      }: {
        args: unknown;
        query: (args: unknown) => Promise<unknown>;
        __internalParams?: { transaction?: unknown };
      }) {
        if (__internalParams?.transaction) return query(args);
        return retryWhileBusy(() => query(args), options);
      },
    },
  }) as ExtensibleClient;
  const wrapped = new Proxy(extended, {
    get(target, property) {
      // Extended clients have no $on: event listeners go to the client underneath, which runs every query.
      if (property === "$on") return client.$on.bind(client);
      if (property !== "$transaction") {
        const value = Reflect.get(target, property, target);
        // Prisma's methods expect the client itself as `this`, not this proxy.
        return typeof value === "function" ? value.bind(target) : value;
      }
      return (first: unknown, ...rest: unknown[]) => {
        if (typeof first !== "function") return target.$transaction(first, ...rest);
        return retryWhileBusy(() => target.$transaction(first, ...rest), options);
      };
    },
  });
  return wrapped as unknown as Client;
}
