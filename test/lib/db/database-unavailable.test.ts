// The outage classifier on real errors: each one is provoked from the real
// drivers through the app's Prisma client (a closed port, a server that drops
// the connection, a PostgreSQL backend terminated mid-query, a SQLite file
// locked by another connection), never written by hand.
import net from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient as SqliteClient } from "@/lib/db/generated/sqlite/client";
import { createDb } from "@/lib/db/client";
import { isDatabaseUnavailableError, isSqliteBusyError } from "@/lib/db/database-unavailable";
import { AppError } from "@/lib/errors";
import { jsonRoute } from "@/lib/http/route";
import { createTestDatabase, postgresAdminUrl, POSTGRES_ENV, type TestDatabase } from "@/test/harness/test-database";
import { freePort } from "@/test/support/free-port";

/** The error `run` rejects with (fails the test if it resolves). */
async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the operation to fail");
}

describe("isDatabaseUnavailableError on PostgreSQL connection failures", () => {
  it("recognises Prisma's P1001 from a model query against a closed port", async () => {
    const db = createDb({ provider: "postgresql", url: `postgresql://postgres@127.0.0.1:${await freePort()}/chainrule` });
    const error = await caught(() => db.user.count());
    expect((error as { code?: string }).code).toBe("P1001");
    expect(isDatabaseUnavailableError(error)).toBe(true);
    await db.$disconnect();
  });

  it("recognises a raw query's P2010 whose adapter cause is DatabaseNotReachable", async () => {
    const db = createDb({ provider: "postgresql", url: `postgresql://postgres@127.0.0.1:${await freePort()}/chainrule` });
    const error = await caught(() => db.$queryRawUnsafe("SELECT 1"));
    expect((error as { code?: string }).code).toBe("P2010");
    expect(isDatabaseUnavailableError(error)).toBe(true);
    const inTransaction = await caught(() => db.$transaction((tx) => tx.user.count()));
    expect(isDatabaseUnavailableError(inTransaction)).toBe(true);
    await db.$disconnect();
  });

  it("recognises node-postgres' 'Connection terminated unexpectedly' from a server that hangs up", async () => {
    const server = net.createServer((socket) => socket.destroy()).listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const db = createDb({
      provider: "postgresql",
      url: `postgresql://postgres@127.0.0.1:${(server.address() as net.AddressInfo).port}/chainrule`,
    });
    const error = await caught(() => db.user.count());
    expect((error as Error).message).toContain("Connection terminated unexpectedly");
    expect(isDatabaseUnavailableError(error)).toBe(true);
    await db.$disconnect();
    await new Promise((resolve) => server.close(resolve));
  });
});

const describePostgres = postgresAdminUrl() ? describe : describe.skip;

describePostgres(
  `isDatabaseUnavailableError on a terminated PostgreSQL backend${postgresAdminUrl() ? "" : ` [skipped: set ${POSTGRES_ENV}]`}`,
  () => {
    let database: TestDatabase;
    let admin: pg.Client;
    const applicationName = `chainrule_victim_${process.pid}`;
    // Only this suite's own connections are terminated, by their application_name.
    const terminateVictims = () =>
      admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [applicationName]);

    beforeAll(async () => {
      database = await createTestDatabase("postgresql");
      admin = new pg.Client({ connectionString: postgresAdminUrl() });
      await admin.connect();
    }, 60_000);
    afterAll(async () => {
      await admin?.end();
      await database?.destroy();
    });

    const victimDb = () => {
      const url = new URL(database.target.url);
      url.searchParams.set("application_name", applicationName);
      return createDb({ provider: "postgresql", url: url.toString() });
    };

    it("recognises SQLSTATE 57P01 (admin_shutdown) on a query in flight, and the pool reconnects afterwards", async () => {
      const db = victimDb();
      await db.user.count();
      const sleeping = caught(() => db.$queryRawUnsafe("SELECT pg_sleep(5)"));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await terminateVictims();
      const error = await sleeping;
      expect(JSON.stringify((error as { meta?: unknown }).meta)).toContain("57P01");
      expect(isDatabaseUnavailableError(error)).toBe(true);
      // The dead connection left the pool: the next query gets a new one.
      expect(await db.user.count()).toBe(0);
      await db.$disconnect();
    });

    it("recognises a transaction whose connection was terminated between two statements", async () => {
      const db = victimDb();
      const error = await caught(() =>
        db.$transaction(async (tx) => {
          await tx.user.count();
          await terminateVictims();
          await new Promise((resolve) => setTimeout(resolve, 200));
          await tx.user.create({ data: { email: "half-stored@chainrule.test", name: "Half", passwordHash: "x" } });
        }),
      );
      expect(isDatabaseUnavailableError(error)).toBe(true);
      // Nothing of the transaction was committed.
      expect(await db.user.count({ where: { email: "half-stored@chainrule.test" } })).toBe(0);
      await db.$disconnect();
    });

    it("keeps serving after more transactions lost their connection than the pool holds", async () => {
      const poolSize = process.env.DATABASE_POOL_SIZE;
      process.env.DATABASE_POOL_SIZE = "2";
      const db = victimDb();
      if (poolSize === undefined) delete process.env.DATABASE_POOL_SIZE;
      else process.env.DATABASE_POOL_SIZE = poolSize;
      for (let round = 0; round < 4; round++) {
        const error = await caught(() =>
          db.$transaction(async (tx) => {
            await tx.user.count();
            await terminateVictims();
            await new Promise((resolve) => setTimeout(resolve, 100));
            await tx.user.count();
          }),
        );
        expect(isDatabaseUnavailableError(error)).toBe(true);
      }
      // Each dead connection gave its slot back: a transaction still gets one.
      expect(await db.$transaction((tx) => tx.user.count())).toBe(0);
      await db.$disconnect();
    }, 20_000);
  },
);

describe("isDatabaseUnavailableError and isSqliteBusyError on a locked SQLite file", () => {
  let database: TestDatabase;
  let holder: Database.Database;
  let client: SqliteClient;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    holder = new Database(database.target.url.slice("file:".length));
    // A client without the app's retry and with a short busy timeout, to get the driver's own error quickly.
    client = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: database.target.url.slice("file:".length), timeout: 50 }) });
  }, 60_000);
  afterAll(async () => {
    holder?.close();
    await client?.$disconnect();
    await database?.destroy();
  });

  it("recognises SQLITE_BUSY from a model write while another connection holds the write lock", async () => {
    holder.exec("BEGIN EXCLUSIVE");
    try {
      const error = await caught(() => client.user.create({ data: { email: "busy@chainrule.test", name: "Busy", passwordHash: "x" } }));
      expect(isSqliteBusyError(error)).toBe(true);
      expect(isDatabaseUnavailableError(error)).toBe(true);
      const raw = await caught(() => client.$executeRawUnsafe(`DELETE FROM "RateLimitBucket"`));
      expect((raw as { code?: string }).code).toBe("P2010");
      expect(isSqliteBusyError(raw)).toBe(true);
    } finally {
      holder.exec("ROLLBACK");
    }
  });

  it("does not call a broken constraint, a missing table or a bug an outage", async () => {
    await client.user.create({ data: { email: "twice@chainrule.test", name: "Twice", passwordHash: "x" } });
    const duplicate = await caught(() => client.user.create({ data: { email: "twice@chainrule.test", name: "Twice", passwordHash: "x" } }));
    expect((duplicate as { code?: string }).code).toBe("P2002");
    expect(isDatabaseUnavailableError(duplicate)).toBe(false);
    const missingTable = await caught(() => client.$queryRawUnsafe(`SELECT * FROM "NoSuchTable"`));
    expect(isDatabaseUnavailableError(missingTable)).toBe(false);
    expect(isDatabaseUnavailableError(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isDatabaseUnavailableError(new AppError("CONFLICT", "Taken."))).toBe(false);
    expect(isSqliteBusyError(duplicate)).toBe(false);
  });
});

describe("jsonRoute when the database is unavailable", () => {
  it("answers 503 DATABASE_UNAVAILABLE with Retry-After and no internals, for a real connection error", async () => {
    const db = createDb({ provider: "postgresql", url: `postgresql://postgres@127.0.0.1:${await freePort()}/chainrule` });
    const route = jsonRoute(async () => Response.json({ users: await db.user.count() }));
    const warn = jest.spyOn(console, "warn").mockImplementation(() => {});
    const response = await route(new Request("http://localhost/api/thing", { method: "POST" }), {});
    warn.mockRestore();
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    const body = await response.json();
    expect(body.error.code).toBe("DATABASE_UNAVAILABLE");
    expect(body.error.message).toMatch(/Try again in 5 seconds/);
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|P1001|at /);
    await db.$disconnect();
  });

  it("answers 503 for SQLite still locked after the busy timeout", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "chainrule-locked-"));
    const file = path.join(dir, "locked.db");
    const setup = new Database(file);
    setup.exec(
      `PRAGMA journal_mode = WAL; CREATE TABLE "RateLimitBucket" ("key" TEXT PRIMARY KEY, "windowStart" BIGINT, "count" INTEGER, "blockedUntil" BIGINT)`,
    );
    setup.exec("BEGIN EXCLUSIVE");
    const client = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: file, timeout: 50 }) });
    const route = jsonRoute(async () => Response.json({ n: await client.$executeRawUnsafe(`DELETE FROM "RateLimitBucket"`) }));
    const warn = jest.spyOn(console, "warn").mockImplementation(() => {});
    const response = await route(new Request("http://localhost/api/thing", { method: "POST" }), {});
    warn.mockRestore();
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe("DATABASE_UNAVAILABLE");
    setup.exec("ROLLBACK");
    setup.close();
    await client.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });
});
