// The driver adapter the Prisma CLI migrates through (prisma.config.ts).
// The app's own client is built in lib/db/client.ts and needs none of this.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { type DatabaseTarget, sqliteFilePath } from "../../lib/db/provider";

// PostgreSQL type oids of the catalog types `name` and `"char"`, and of `text`.
const NAME_OID = 19;
const CHAR_OID = 18;
const TEXT_OID = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[] };

/**
 * The migration engine reads PostgreSQL's catalogs, whose `name` and `"char"`
 * columns @prisma/adapter-pg 6.19 cannot map ("Column type 'name' could not be
 * deserialized", prisma/orm#27403). Both arrive as text, so reporting them as
 * text is exact.
 */
function reportCatalogTypesAsText<T>(result: T): T {
  for (const field of (result as QueryResultLike)?.fields ?? []) {
    if (field.dataTypeID === NAME_OID || field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  }
  return result;
}

class CatalogFriendlyPool extends pg.Pool {
  // pg's query has many overloads; the adapter only uses the promise forms.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- only `any` overrides every overload
  query(...args: unknown[]): any {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    return result instanceof Promise ? result.then(reportCatalogTypesAsText) : result;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as for query: connect is overloaded too
  connect(...args: unknown[]): any {
    const connecting = (super.connect as (...a: unknown[]) => unknown)(...args);
    if (!(connecting instanceof Promise)) return connecting;
    return connecting.then((client: pg.PoolClient) => {
      const query = client.query.bind(client) as (...a: unknown[]) => unknown;
      client.query = ((...queryArgs: unknown[]) => {
        const result = query(...queryArgs);
        return result instanceof Promise ? result.then(reportCatalogTypesAsText) : result;
      }) as typeof client.query;
      return client;
    });
  }
}

type SqlAdapterFactory = PrismaBetterSQLite3 | PrismaPg;
type Adapter = Awaited<ReturnType<SqlAdapterFactory["connect"]>>;
type RawQuery = Parameters<Adapter["executeRaw"]>[0];

/**
 * When diffing against migration history, the engine replays each migration
 * file on the shadow database as one parameterless raw call. better-sqlite3
 * refuses several statements in one prepared statement (P3006 "External error
 * id#0"), so such calls go through the adapter's executeScript, which runs a
 * whole script.
 */
function runScriptsWhole(adapter: Adapter): Adapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query: RawQuery) => {
    if (query.args.length > 0) return executeRaw(query);
    await adapter.executeScript(query.sql);
    return 0;
  };
  return adapter;
}

function sqliteFactory(url: string) {
  // better-sqlite3 creates the file but not its folder.
  if (url !== "file::memory:") mkdirSync(path.dirname(sqliteFilePath(url)), { recursive: true });
  const base = new PrismaBetterSQLite3({ url });
  return Object.assign(Object.create(Object.getPrototypeOf(base)), base, {
    connect: () => base.connect(),
    async connectToShadowDb() {
      return runScriptsWhole(await base.connectToShadowDb());
    },
  }) as PrismaBetterSQLite3;
}

/**
 * Connection settings as separate fields: node-postgres ignores a `database`
 * override when a connectionString is present, which made @prisma/adapter-pg's
 * "shadow database" the real one.
 */
function poolConfig(url: string, database?: string): pg.PoolConfig {
  const parsed = new URL(url);
  return {
    host: decodeURIComponent(parsed.hostname),
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || undefined,
    password: decodeURIComponent(parsed.password) || undefined,
    database: database ?? decodeURIComponent(parsed.pathname.slice(1)),
    max: 2,
  };
}

/** ColumnTypeEnum.Character of @prisma/driver-adapter-utils: one character, as Rust's `char`. */
const CHARACTER_COLUMN_TYPE = 6;

/**
 * The engine reads the constraints query's `constraint_type` (pg_constraint's
 * `"char"` contype) as a single character. Reported as text (above), any
 * CHECK constraint crashed every diff and pull ("RuntimeError: unreachable"
 * in the WASM engine), so that column is typed as a character here. The
 * other `"char"` columns it reads are read as text and stay so.
 */
function constraintTypeAsCharacter(adapter: Adapter): Adapter {
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = async (query: RawQuery) => {
    const result = await queryRaw(query);
    result.columnNames.forEach((name, index) => {
      if (name === "constraint_type") result.columnTypes[index] = CHARACTER_COLUMN_TYPE as (typeof result.columnTypes)[number];
    });
    return result;
  };
  return adapter;
}

function postgresFactory(url: string) {
  const connect = async (database?: string) =>
    constraintTypeAsCharacter(
      await new PrismaPg(new CatalogFriendlyPool(poolConfig(url, database)), { disposeExternalPool: true }).connect(),
    );
  const base = new PrismaPg(new CatalogFriendlyPool(poolConfig(url)), { disposeExternalPool: true });
  return Object.assign(Object.create(Object.getPrototypeOf(base)), base, {
    connect: async () => constraintTypeAsCharacter(await base.connect()),
    // A temporary database, dropped only after its own pool has closed
    // (dropping it first fails: "database is being accessed by other users").
    async connectToShadowDb() {
      const main = await connect();
      const shadowName = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
      await main.executeScript(`CREATE DATABASE "${shadowName}"`);
      const shadow = await connect(shadowName);
      const disposeShadow = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await disposeShadow();
        await main.executeScript(`DROP DATABASE IF EXISTS "${shadowName}"`);
        await main.dispose();
      };
      return shadow;
    },
  }) as PrismaPg;
}

export function migrationAdapterFactory(target: DatabaseTarget): SqlAdapterFactory {
  return target.provider === "sqlite" ? sqliteFactory(target.url) : postgresFactory(target.url);
}
