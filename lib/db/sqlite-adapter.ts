// The SQLite driver adapter, tuned for a deadline rush. Prisma's
// better-sqlite3 adapter (pinned at 6.19.3) is used as it is, with three
// settings applied to its connection when it opens:
//
// - WAL journal: readers never wait for the writer, and a commit appends to
//   one file instead of rewriting a rollback journal (several times cheaper
//   per commit; BENCHMARKS.md, History, round 2).
// - synchronous, FULL by default: a submission answered 2xx is on disk even
//   through a power cut. NORMAL (CHAINRULE_SQLITE_SYNCHRONOUS) is far cheaper
//   and survives a crash of the app, but a power cut can lose the last
//   commits.
// - a statement cache (LRU): the adapter prepares every statement on every
//   call, and Prisma's queries repeat exactly. better-sqlite3 runs a
//   statement to completion synchronously, so a cached statement is never
//   in use twice at once.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";
import { LruCache } from "../../grader/lru-cache";

export type SqliteSynchronous = "FULL" | "NORMAL";

export function sqliteSynchronous(raw: string | undefined = process.env.CHAINRULE_SQLITE_SYNCHRONOUS): SqliteSynchronous {
  const value = (raw ?? "").trim().toUpperCase();
  if (value === "" || value === "FULL") return "FULL";
  if (value === "NORMAL") return "NORMAL";
  throw new Error(`CHAINRULE_SQLITE_SYNCHRONOUS is "${raw}"; set it to "FULL" (the default: every commit is on disk) or "NORMAL".`);
}

/** Prepared statements kept per connection. Prisma's queries for this app's models number in the low hundreds. */
export const SQLITE_STATEMENT_CACHE_SIZE = 500;

export interface StatementCacheStats {
  hits: number;
  misses: number;
  size: number;
}

type Statement = BetterSqlite3.Statement<unknown[]>;

/** What the adapter uses of a statement: `prepare(sql).bind(args)` then `reader`, `run()`, `columns()`, `raw().all()`. */
function boundView(statement: Statement, args: unknown[]) {
  return {
    reader: statement.reader,
    run: () => statement.run(args),
    columns: () => statement.columns(),
    raw: () => ({ all: () => statement.raw(true).all(args) }),
  };
}

/**
 * Makes `client.prepare` return cached statements. The objects it returns
 * support what Prisma's adapter calls on them, binding arguments per call
 * rather than permanently (better-sqlite3's `bind` can be called only once
 * per statement).
 */
export function cacheStatements(client: BetterSqlite3.Database, size = SQLITE_STATEMENT_CACHE_SIZE): StatementCacheStats {
  const prepare = client.prepare.bind(client) as (sql: string) => Statement;
  const cache = new LruCache<Statement>(size);
  const stats: StatementCacheStats = { hits: 0, misses: 0, size: 0 };
  const cachedPrepare = (sql: string) => {
    const hit = cache.get(sql);
    if (hit) stats.hits++;
    else stats.misses++;
    const statement = hit ?? prepare(sql);
    if (!hit) cache.set(sql, statement);
    stats.size = cache.size;
    return {
      reader: statement.reader,
      run: (...args: unknown[]) => statement.run(...args),
      bind: (args: unknown[]) => boundView(statement, args),
    };
  };
  (client as unknown as { prepare: typeof cachedPrepare }).prepare = cachedPrepare;
  return stats;
}

type AdapterConfig = ConstructorParameters<typeof PrismaBetterSQLite3>[0];

/** Prisma's better-sqlite3 adapter factory, with the settings above applied to each connection it opens. */
export class TunedSqliteAdapter extends PrismaBetterSQLite3 {
  /** The statement cache of the last connection opened (for tests and benchmarks). */
  statementCache: StatementCacheStats | undefined;
  /** The last connection opened, tuned: lib/db/direct-sql.ts sends the hot path's statements to it. */
  connection: BetterSqlite3.Database | undefined;

  constructor(
    config: AdapterConfig,
    readonly synchronous: SqliteSynchronous = sqliteSynchronous(),
  ) {
    super(config);
  }

  override async connect() {
    const adapter = await super.connect();
    const client = (adapter as unknown as { client?: BetterSqlite3.Database }).client;
    // The adapter keeps its connection in `client`; if a future version does not, run untuned rather than fail.
    if (client && typeof client.prepare === "function" && typeof client.pragma === "function") {
      try {
        client.pragma("journal_mode = WAL");
      } catch {
        // Switching needs the database to itself; `npm start` (scripts/db/tune-sqlite.ts) switched it already.
      }
      client.pragma(`synchronous = ${this.synchronous}`);
      this.statementCache = cacheStatements(client);
      this.connection = client;
    }
    return adapter;
  }
}
