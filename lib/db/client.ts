// The app's Prisma client. Both databases use Prisma's Rust-free client with a
// driver adapter: better-sqlite3 for the embedded default, node-postgres (pooled)
// for PostgreSQL. The two generated clients come from model-identical schemas,
// so the SQLite client's type describes both.
import { PrismaPg } from "@prisma/adapter-pg";
import { TunedSqliteAdapter } from "./sqlite-adapter";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { type DatabaseTarget, databaseTarget, sqliteFilePath } from "./provider";
import { withSqliteBusyRetry } from "./sqlite-busy-retry";
import { RestartSafePool } from "./pg-pool";
import { PipelinedConnections } from "./pg-pipeline";
import { readWholeNumberSetting, SETTINGS } from "../settings";
import { type DirectSql, postgresDirectSql, sqliteDirectSql } from "./direct-sql";

export type Db = SqliteClient;
export * from "./generated/sqlite/enums";
// A value export too: Prisma.sql / Prisma.join build raw SQL for either client (they share one runtime).
export { Prisma } from "./generated/sqlite/client";

/** How long a SQLite write waits for another writer's lock before failing, in ms. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

export interface CreateDbOptions {
  /** Called with every query's SQL, for counting them in benchmarks. */
  onQuery?: (sql: string) => void;
}

type QueryEvents = { $on(event: "query", listener: (event: { query: string }) => void): void };

export function createDb(target: DatabaseTarget, { onQuery }: CreateDbOptions = {}): Db {
  const log = onQuery ? [{ emit: "event" as const, level: "query" as const }] : [];
  const listen = <C extends object>(client: C): C => {
    if (onQuery) (client as unknown as QueryEvents).$on("query", (event) => onQuery(event.query));
    return client;
  };
  if (target.provider === "sqlite") {
    const adapter = new TunedSqliteAdapter({ url: sqliteFilePath(target.url), timeout: SQLITE_BUSY_TIMEOUT_MS });
    // Busy and locked results that the busy timeout did not clear are retried whole (lib/db/sqlite-busy-retry.ts).
    const db = withSqliteBusyRetry(listen(new SqliteClient({ adapter, log }))) as unknown as Db;
    return withDirectSql(
      db,
      sqliteDirectSql(
        () => adapter.connection,
        () => db.$connect(),
        adapter.synchronous,
        onQuery,
      ),
    );
  }
  // A pool that drops connections a server restart killed mid-transaction (lib/db/pg-pool.ts).
  const pool = new RestartSafePool({ connectionString: target.url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const db = listen(new PostgresClient({ adapter, log })) as unknown as Db;
  // The hot path's reads and rate-limit counts, written together per turn (lib/db/pg-pipeline.ts).
  const pipelineSize = readWholeNumberSetting(SETTINGS.postgresPipelinedConnections);
  const pipelined = pipelineSize > 0 ? new PipelinedConnections({ connectionString: target.url, connections: pipelineSize }) : undefined;
  return withDirectSql(endingPool(db, pool, pipelined), postgresDirectSql(pool, onQuery, pipelined));
}

/**
 * Prisma's adapter ends the pool on $disconnect only if Prisma itself
 * connected; a client that ran direct SQL alone (a benchmark, a test) would
 * leave its connections open, for a DROP DATABASE to break later. The
 * pipelined connections end with it.
 */
function endingPool(db: Db, pool: RestartSafePool, pipelined?: PipelinedConnections): Db {
  const disconnect = db.$disconnect.bind(db);
  db.$disconnect = async () => {
    await disconnect();
    await pipelined?.end();
    if (!pool.ended) await pool.end();
  };
  return db;
}

// Kept on the client object under a registered symbol, not in a module-level
// map: a production build may load this module more than once (one copy per
// server bundle), while the client itself is shared through globalThis.
const DIRECT_SQL = Symbol.for("chainrule.directSql");

function withDirectSql(db: Db, sql: DirectSql): Db {
  Object.defineProperty(db, DIRECT_SQL, { value: sql, enumerable: false });
  return db;
}

/** The hot path's way to the database under `db` (lib/db/direct-sql.ts); only clients made by createDb have one. */
export function directSql(db: Db): DirectSql {
  const sql = (db as unknown as { [DIRECT_SQL]?: DirectSql })[DIRECT_SQL];
  if (!sql) throw new Error("This database client was not made by createDb, so it has no direct SQL path.");
  return sql;
}

// One client per process; kept on globalThis so that `next dev` reloads do not
// open a new pool on every edit.
const globalForDb = globalThis as unknown as { chainruleDb?: Db };

export function getDb(): Db {
  globalForDb.chainruleDb ??= createDb(databaseTarget());
  return globalForDb.chainruleDb;
}
