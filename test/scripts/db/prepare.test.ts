import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";
import Database from "better-sqlite3";
import { createEmptyTarget, describeEachDatabase } from "@/test/harness/test-database";
import { createDb } from "@/lib/db/client";
import { sqliteFilePath } from "@/lib/db/provider";

// `npm start` runs scripts/db/prepare.mjs before serving: it must create and
// migrate a new database, and on every later start keep what is there.

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(__dirname, "..", "..", "..");

describeEachDatabase("the start-up database preparation", (provider) => {
  it("creates, migrates and seeds a new database, then keeps its data on the next start", async () => {
    const { target, drop } = await createEmptyTarget(provider);
    const env = { ...process.env, DATABASE_PROVIDER: target.provider, DATABASE_URL: target.url, CHAINRULE_SEED_DEMO: "true" };
    const prepare = () => execFileAsync(process.execPath, [path.join("scripts", "db", "prepare.mjs")], { cwd: ROOT, env });
    try {
      const first = await prepare();
      expect(first.stdout).toMatch(/seed: created course ml-demo/);

      // As between two runs of `npm start`: the app is stopped before the next start.
      const counts = async () => {
        const db = createDb(target);
        try {
          return [await db.user.count(), await db.enrollment.count(), await db.assessmentProblem.count()];
        } finally {
          await db.$disconnect();
        }
      };
      const db = createDb(target);
      const kept = await db.user.create({ data: { email: "kept@x.test", name: "Kept", passwordHash: "x" } });
      await db.$disconnect();
      const before = await counts();

      const second = await prepare();
      expect(second.stdout).toMatch(/No pending migrations to apply/);
      expect(second.stdout).toMatch(/seed: demo data already present/);
      expect(await counts()).toEqual(before);
      expect(before[0]).toBe(4); // three demo accounts and the one added in between
      const check = createDb(target);
      expect(await check.user.findUnique({ where: { id: kept.id } })).not.toBeNull();
      await check.$disconnect();

      if (provider === "sqlite") {
        const file = new Database(sqliteFilePath(target.url), { readonly: true });
        expect(file.pragma("journal_mode", { simple: true })).toBe("wal");
        file.close();
      }
    } finally {
      await drop();
    }
  }, 120_000);
});
