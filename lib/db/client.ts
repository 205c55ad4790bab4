// The app's Prisma client. Both databases use Prisma's Rust-free client with a
// driver adapter: better-sqlite3 for the embedded default, node-postgres (pooled)
// for PostgreSQL. The two generated clients come from model-identical schemas,
// so the SQLite client's type describes both.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { type DatabaseTarget, databaseTarget, sqliteFilePath } from "./provider";

export type Db = SqliteClient;
export * from "./generated/sqlite/enums";
export type { Prisma } from "./generated/sqlite/client";

/** How long a SQLite write waits for another writer's lock before failing, in ms. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

export function createDb(target: DatabaseTarget): Db {
  if (target.provider === "sqlite") {
    const adapter = new PrismaBetterSQLite3({ url: sqliteFilePath(target.url), timeout: SQLITE_BUSY_TIMEOUT_MS });
    return new SqliteClient({ adapter });
  }
  const adapter = new PrismaPg({ connectionString: target.url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  return new PostgresClient({ adapter }) as unknown as Db;
}

// One client per process; kept on globalThis so that `next dev` reloads do not
// open a new pool on every edit.
const globalForDb = globalThis as unknown as { chainruleDb?: Db };

export function getDb(): Db {
  globalForDb.chainruleDb ??= createDb(databaseTarget());
  return globalForDb.chainruleDb;
}
