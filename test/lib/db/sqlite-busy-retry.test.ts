// The app's SQLite client against a real database file whose write lock is
// held by another connection (as a second app process, a backup or a
// hand-run sqlite3 shell would hold it).
import Database from "better-sqlite3";
import { isDatabaseUnavailableError } from "@/lib/db/database-unavailable";
import { SQLITE_BUSY_RETRIES, retryWhileBusy } from "@/lib/db/sqlite-busy-retry";
import { toAppError } from "@/lib/http/route";
import { createTestDatabase, type TestDatabase } from "@/test/harness/test-database";

describe("the SQLite client when another connection holds the write lock", () => {
  let database: TestDatabase;
  let holder: Database.Database;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    holder = new Database(database.target.url.slice("file:".length));
    // As `npm start` leaves the app's database (scripts/db/tune-sqlite.ts): readers never wait for the writer.
    holder.pragma("journal_mode = WAL");
  }, 60_000);
  afterAll(async () => {
    holder?.close();
    await database?.destroy();
  });

  const lock = () => holder.exec("BEGIN EXCLUSIVE");
  const unlock = () => holder.exec("ROLLBACK");
  const usersNamed = (name: string) => database.db.user.count({ where: { name } });

  /** A transaction shaped like a submission's: count, then write. Returns how many times its body ran. */
  async function countThenCreate(name: string, tries: { count: number }) {
    return database.db.$transaction(async (tx) => {
      tries.count += 1;
      const before = await tx.user.count({ where: { name } });
      return tx.user.create({ data: { email: `${name}-${before}@chainrule.test`, name, passwordHash: "x" } });
    });
  }

  it("retries a transaction that met the lock and stores it once when the lock is released within the retries", async () => {
    lock();
    // Released while the client backs off between tries.
    const release = setTimeout(unlock, 150);
    const tries = { count: 0 };
    const created = await countThenCreate("released-tx", tries);
    clearTimeout(release);
    expect(tries.count).toBeGreaterThan(1);
    expect(tries.count).toBeLessThanOrEqual(1 + SQLITE_BUSY_RETRIES);
    expect(created.name).toBe("released-tx");
    expect(await usersNamed("released-tx")).toBe(1);
  });

  it("gives up after its retries with an error the routes answer as 503, and stores nothing, while the lock is held", async () => {
    lock();
    const tries = { count: 0 };
    let failure: unknown;
    try {
      await countThenCreate("held-tx", tries);
    } catch (error) {
      failure = error;
    } finally {
      unlock();
    }
    expect(tries.count).toBe(1 + SQLITE_BUSY_RETRIES);
    expect(isDatabaseUnavailableError(failure)).toBe(true);
    const answer = toAppError(failure);
    expect(answer?.code).toBe("DATABASE_UNAVAILABLE");
    expect(answer?.status).toBe(503);
    expect(await usersNamed("held-tx")).toBe(0);
    // The same transaction goes through once the lock is gone.
    await countThenCreate("held-tx", { count: 0 });
    expect(await usersNamed("held-tx")).toBe(1);
  });

  it("retries a single statement outside a transaction after the busy timeout ran out", async () => {
    lock();
    // The driver's busy wait blocks the process for SQLITE_BUSY_TIMEOUT_MS, so this fires in the back-off after it.
    const release = setTimeout(unlock, 100);
    const user = await database.db.user.create({ data: { email: "statement@chainrule.test", name: "statement", passwordHash: "x" } });
    clearTimeout(release);
    expect(user.email).toBe("statement@chainrule.test");
    expect(await usersNamed("statement")).toBe(1);
  }, 30_000);

  it("still runs batch transactions, which it passes through", async () => {
    const [a, b] = await database.db.$transaction([
      database.db.user.create({ data: { email: "batch-a@chainrule.test", name: "batch", passwordHash: "x" } }),
      database.db.user.create({ data: { email: "batch-b@chainrule.test", name: "batch", passwordHash: "x" } }),
    ]);
    expect([a.email, b.email]).toEqual(["batch-a@chainrule.test", "batch-b@chainrule.test"]);
    expect(await usersNamed("batch")).toBe(2);
  });
});

describe("retryWhileBusy", () => {
  it("does not retry errors other than busy or locked", async () => {
    let calls = 0;
    await expect(
      retryWhileBusy(async () => {
        calls += 1;
        throw Object.assign(new Error("Unique constraint failed"), { code: "P2002" });
      }),
    ).rejects.toThrow("Unique constraint failed");
    expect(calls).toBe(1);
  });
});
