// The tuned SQLite adapter on a real, migrated database file: WAL and the
// chosen synchronous level on every connection, and cached statements that
// give the same results as fresh ones, survive failing statements and work
// inside transactions.
import { PrismaClient as SqliteClient } from "@/lib/db/generated/sqlite/client";
import { sqliteFilePath } from "@/lib/db/provider";
import { sqliteSynchronous, TunedSqliteAdapter } from "@/lib/db/sqlite-adapter";
import { createEmptyTarget, prismaCli } from "@/test/harness/test-database";

// One migrated file for the suite; each test opens its own connection to it.
let file: Awaited<ReturnType<typeof createEmptyTarget>>;
beforeAll(async () => {
  file = await createEmptyTarget("sqlite");
  await prismaCli(file.target, ["migrate", "deploy"]);
}, 60_000);
afterAll(() => file?.drop());

async function openTuned(synchronous: "FULL" | "NORMAL") {
  const adapter = new TunedSqliteAdapter({ url: sqliteFilePath(file.target.url) }, synchronous);
  const db = new SqliteClient({ adapter });
  return { db, adapter, close: () => db.$disconnect() };
}

const pragma = async (db: SqliteClient, name: string) =>
  Object.values((await db.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`))[0])[0];

describe("the tuned SQLite adapter", () => {
  it("opens every connection in WAL mode with synchronous FULL by default", async () => {
    const { db, close } = await openTuned(sqliteSynchronous(undefined));
    try {
      expect(await pragma(db, "journal_mode")).toBe("wal");
      expect(Number(await pragma(db, "synchronous"))).toBe(2); // FULL
    } finally {
      await close();
    }
  });

  it("uses synchronous NORMAL when asked to", async () => {
    const { db, close } = await openTuned("NORMAL");
    try {
      expect(Number(await pragma(db, "synchronous"))).toBe(1);
    } finally {
      await close();
    }
  });

  it("refuses an unknown synchronous setting, naming the variable and the choices", () => {
    expect(() => sqliteSynchronous("off")).toThrow(/CHAINRULE_SQLITE_SYNCHRONOUS is "off"; set it to "FULL".*or "NORMAL"/);
    expect(sqliteSynchronous(" normal ")).toBe("NORMAL");
  });

  it("reuses prepared statements, with the same results as the first run", async () => {
    const { db, adapter, close } = await openTuned("NORMAL");
    try {
      const user = await db.user.create({ data: { email: "cache@chainrule.test", name: "Cache", passwordHash: "x" } });
      const first = await db.user.findUnique({ where: { id: user.id } });
      const hitsBefore = adapter.statementCache!.hits;
      for (let i = 0; i < 20; i++) expect(await db.user.findUnique({ where: { id: user.id } })).toEqual(first);
      expect(adapter.statementCache!.hits - hitsBefore).toBeGreaterThanOrEqual(20);
      // Different arguments through the same cached statement.
      expect(await db.user.findUnique({ where: { id: "no-such-user" } })).toBeNull();
    } finally {
      await close();
    }
  });

  it("keeps working after a cached statement fails, and inside transactions", async () => {
    const { db, close } = await openTuned("NORMAL");
    try {
      const data = { email: "twice@chainrule.test", name: "Twice", passwordHash: "x" };
      await db.user.create({ data });
      for (let i = 0; i < 3; i++) await expect(db.user.create({ data })).rejects.toMatchObject({ code: "P2002" });
      await expect(
        db.$transaction(async (tx) => {
          await tx.user.create({ data: { ...data, email: "in-tx@chainrule.test" } });
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      await db.$transaction(async (tx) => {
        await tx.user.create({ data: { ...data, email: "kept@chainrule.test" } });
      });
      const emails = (
        await db.user.findMany({
          where: { email: { in: [data.email, "in-tx@chainrule.test", "kept@chainrule.test"] } },
          orderBy: { email: "asc" },
          select: { email: true },
        })
      ).map((u) => u.email);
      expect(emails).toEqual(["kept@chainrule.test", "twice@chainrule.test"]);
    } finally {
      await close();
    }
  });
});
