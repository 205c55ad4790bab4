// The hot path's SQL, sent straight to the driver under Prisma's client.
//
// A deadline rush runs the same handful of statements thousands of times a
// minute: the rate-limit count, the placement with its access check and
// variant, the history, the INSERT of a submission, and each page's roles.
// Through Prisma each one also pays for its query compiler, its argument and
// result mapping and its query extension, a large share of the request
// thread's time under load (BENCHMARKS.md, docs/architecture.md).
// So these statements go to the very connection Prisma uses (the same
// better-sqlite3 handle, the same node-postgres pool), written once as
// `Prisma.sql` templates that both databases accept, each in a `*.sql.ts`
// file beside its domain code and run through lib/db/query-rows.ts with a
// row schema. Everything else in the app keeps using the Prisma client.
//
// What Prisma did for them is done here and in the row schemas, no more:
// - arguments: a Date is stored as Prisma stores it (ISO 8601 text on SQLite,
//   UTC on PostgreSQL's `timestamp(3)`), a boolean as 0/1 on SQLite, an
//   object or array as JSON text;
// - results: rows come back as the driver gives them (PostgreSQL's
//   timestamps read as UTC, its 64-bit integers as numbers and its JSON as
//   text, as SQLite gives it), and each statement's row schema decodes them
//   (lib/db/sql-codecs.ts);
// - SQLite busy results are retried like Prisma's (lib/db/sqlite-busy-retry.ts),
//   and a statement waits while one of Prisma's interactive transactions
//   holds the connection, so that it never runs inside someone else's
//   transaction (which could roll it back after a 2xx);
// - on SQLite, a write may skip waiting for the disk (`durable: false`) or
//   share its commit with others (`commitTogether`, a group commit);
// - on PostgreSQL, reads (`readOnly`) and writes that need not be durable
//   are pipelined on a connection of their own (lib/db/pg-pipeline.ts).
import type BetterSqlite3 from "better-sqlite3";
import { createHash } from "node:crypto";
import pg from "pg";
import type { DatabaseProvider } from "./provider";
import { LruCache } from "../../grader/lru-cache";
import { SQLITE_STATEMENT_CACHE_SIZE, type SqliteSynchronous } from "./sqlite-adapter";
import { retryWhileBusy } from "./sqlite-busy-retry";
import type { PipelinedConnections } from "./pg-pipeline";

/** What a statement is: Prisma.sql`…` (its `sql` has ? placeholders, its `text` $1…$n). */
export interface SqlStatement {
  readonly sql: string;
  readonly text: string;
  readonly values: readonly unknown[];
}

/** A row as the driver returns it, before its statement's row schema decodes it. */
export type SqlRow = Record<string, unknown>;

export interface QueryOptions {
  /**
   * false for a write that may be lost in a power cut (a rate-limit count):
   * with SQLite's synchronous FULL it commits without waiting for the disk,
   * and the next durable commit, which syncs the whole write-ahead log,
   * makes it durable too. One fsync per submission instead of two.
   * PostgreSQL runs it on the pipelined connections, which commit without
   * waiting for the WAL's flush (lib/db/pg-pipeline.ts).
   */
  durable?: boolean;
  /**
   * true for a statement that writes nothing: PostgreSQL may then run it on
   * the pipelined connections, written together with the other requests'
   * statements of the same turn (lib/db/pg-pipeline.ts). A write without
   * `durable: false` always goes to the pool.
   */
  readOnly?: boolean;
  /**
   * true for a write that may share its commit (SQLite's one fsync) with
   * others issued in the same turn of the event loop: a group commit. Each
   * stays all-or-nothing on its own (a savepoint), and fails alone (a unique
   * violation refuses that write, not its neighbours); the promise settles
   * once the shared commit is on disk. PostgreSQL groups commits itself.
   */
  commitTogether?: boolean;
}

export interface DirectSql {
  readonly provider: DatabaseProvider;
  /** Runs one statement (outside any transaction) and returns its rows undecoded: lib/db/query-rows.ts decodes them. */
  query(statement: SqlStatement, options?: QueryOptions): Promise<SqlRow[]>;
}

/** An argument as the database stores it; `sqlite` for SQLite's forms of dates and booleans. The browser tests write with it too. */
export function encodeArgument(value: unknown, sqlite: boolean): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return sqlite ? value.toISOString().replace("Z", "+00:00") : value.toISOString();
  if (typeof value === "boolean") return sqlite ? (value ? 1 : 0) : value;
  if (value !== null && typeof value === "object" && !Buffer.isBuffer(value)) return JSON.stringify(value);
  return value;
}

/** One turn of the event loop (setImmediate: I/O callbacks, such as the transaction's own statements, run first). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * SQLite: the connection Prisma's adapter opened (`connection()` returns it,
 * opening it through `connect` when Prisma has not yet). better-sqlite3 runs
 * each statement to completion synchronously; the statement cache the
 * adapter installed (lib/db/sqlite-adapter.ts) serves `prepare`.
 */
export function sqliteDirectSql(
  connection: () => BetterSqlite3.Database | undefined,
  connect: () => Promise<void>,
  synchronous: SqliteSynchronous,
  onQuery?: (sql: string) => void,
): DirectSql {
  const open = async () => {
    let client = connection();
    if (!client?.open) {
      await connect();
      client = connection();
      if (!client?.open) throw new Error("The SQLite connection could not be opened.");
    }
    // One of Prisma's interactive transactions is open on this connection: wait for it to end.
    while (client.inTransaction) await nextTurn();
    return client;
  };
  const group = new GroupCommit(open);
  return {
    provider: "sqlite",
    async query(statement: SqlStatement, options: QueryOptions = {}) {
      const args = statement.values.map((value) => encodeArgument(value, true));
      const relaxed = options.durable === false && synchronous === "FULL";
      onQuery?.(statement.sql);
      if (options.commitTogether) return group.run(statement.sql, args);
      return retryWhileBusy(async () => {
        const client = await open();
        // All synchronous: no other statement can run on the connection between the two pragmas.
        if (relaxed) client.exec("PRAGMA synchronous = NORMAL");
        try {
          return runSqlite(client, statement.sql, args);
        } finally {
          if (relaxed) client.exec("PRAGMA synchronous = FULL");
        }
      });
    },
  };
}

interface GroupedWrite {
  sql: string;
  args: unknown[];
  outcome?: { rows: SqlRow[] } | { error: unknown };
  settle: (write: GroupedWrite) => void;
}

/**
 * SQLite's group commit. With synchronous FULL each commit waits for the
 * disk, and better-sqlite3 waits on the request thread, so submissions
 * committed one by one cannot pass one per disk flush per process.
 * Writes asked for in the same turn of the event loop (under load, those of
 * every grading that finished meanwhile) are run in one transaction
 * instead, each inside its own savepoint, and committed once.
 */
class GroupCommit {
  private pending: GroupedWrite[] = [];

  constructor(private readonly open: () => Promise<BetterSqlite3.Database>) {}

  run(sql: string, args: unknown[]): Promise<SqlRow[]> {
    return new Promise<SqlRow[]>((resolve, reject) => {
      const settle = ({ outcome }: GroupedWrite) => (outcome && "rows" in outcome ? resolve(outcome.rows) : reject(outcome?.error));
      this.pending.push({ sql, args, settle });
      if (this.pending.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      // The whole group again while the database is busy: nothing of it was committed.
      await retryWhileBusy(async () => this.commit(await this.open(), batch));
    } catch (error) {
      for (const write of batch) write.outcome = { error };
    }
    for (const write of batch) write.settle(write);
  }

  /** Synchronous from BEGIN to COMMIT: nothing else runs on the connection in between. */
  private commit(client: BetterSqlite3.Database, batch: GroupedWrite[]): void {
    client.exec("BEGIN IMMEDIATE");
    try {
      for (const write of batch) {
        client.exec("SAVEPOINT grouped_write");
        try {
          write.outcome = { rows: runSqlite(client, write.sql, write.args) };
          client.exec("RELEASE grouped_write");
        } catch (error) {
          client.exec("ROLLBACK TO grouped_write");
          client.exec("RELEASE grouped_write");
          write.outcome = { error };
        }
      }
      client.exec("COMMIT");
    } catch (error) {
      if (client.inTransaction) client.exec("ROLLBACK");
      throw error;
    }
  }
}

/** Column names per statement: asking better-sqlite3 for them costs more than the small queries themselves. */
const columnNames = new LruCache<string[]>(SQLITE_STATEMENT_CACHE_SIZE);

type CachedStatement = {
  reader: boolean;
  bind(args: unknown[]): { run(): unknown; raw(): { all(): unknown[][] }; columns(): { name: string }[] };
};

/** Reads rows as objects (a statement that returns none, such as a plain INSERT, gives []). */
function runSqlite(client: BetterSqlite3.Database, sql: string, args: unknown[]): SqlRow[] {
  const prepared = client.prepare(sql) as unknown as CachedStatement;
  const bound = prepared.bind(args);
  if (!prepared.reader) {
    bound.run();
    return [];
  }
  const columns = columnNames.getOrCreate(sql, () => bound.columns().map((column) => column.name));
  return bound
    .raw()
    .all()
    .map((values) => Object.fromEntries(columns.map((name, i) => [name, values[i]])));
}

/** PostgreSQL's `timestamp` (without time zone): Prisma writes UTC, so it is read as UTC, whatever the process's TZ. */
const TIMESTAMP_OID = 1114;
const parseUtcTimestamp = (text: string) => new Date(`${text.replace(" ", "T")}Z`);
/** `bigint` (node-postgres gives a string): a number, as on SQLite. The app's 64-bit values are milliseconds, far below 2^53. */
const INT8_OID = 20;
/** `json` and `jsonb` stay text, as SQLite gives them, so that one codec (sql-codecs.ts sqlJson) parses both. */
const JSON_OID = 114;
const JSONB_OID = 3802;
const asText = (text: string) => text;
const textParsers: Record<number, (text: string) => unknown> = {
  [TIMESTAMP_OID]: parseUtcTimestamp,
  [INT8_OID]: Number,
  [JSON_OID]: asText,
  [JSONB_OID]: asText,
};
/** How rows are read from PostgreSQL; the browser tests read with it too. */
export const postgresTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    format !== "binary" && textParsers[oid]
      ? textParsers[oid]
      : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

/**
 * A name per statement text, so that node-postgres prepares it once per
 * connection: PostgreSQL then no longer parses it on every run, and may
 * plan it once (after five runs it switches to a generic plan when that
 * costs no more than the custom ones), which cuts PostgreSQL's CPU per
 * submission (BENCHMARKS.md). The name is a hash of the text,
 * so that two texts can never share one.
 */
const statementNames = new LruCache<string>(SQLITE_STATEMENT_CACHE_SIZE);
const statementName = (text: string) =>
  statementNames.getOrCreate(text, () => `chainrule_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`);

/**
 * PostgreSQL: the pool Prisma's adapter uses, and for reads and writes that
 * need not be durable the pipelined connections beside it, when there are any.
 */
export function postgresDirectSql(pool: pg.Pool, onQuery?: (sql: string) => void, pipelined?: PipelinedConnections): DirectSql {
  return {
    provider: "postgresql",
    async query(statement: SqlStatement, options: QueryOptions = {}) {
      const mayPipeline = pipelined !== undefined && (options.readOnly === true || options.durable === false);
      const values = statement.values.map((value) => encodeArgument(value, false));
      // Prisma.sql builds `text` anew on every read: read once, it is built and hashed once.
      const text = statement.text;
      onQuery?.(text);
      const config = { name: statementName(text), text, values, types: postgresTypes };
      const result = await (mayPipeline ? pipelined.query<SqlRow>(config) : pool.query<SqlRow>(config));
      return result.rows;
    },
  };
}
