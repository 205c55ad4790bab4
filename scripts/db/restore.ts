/**
 * `npm run db:restore -- FILE`: replaces the SQLite database with a backup
 * made by `npm run db:backup`. Stop the app first. The current database is
 * kept beside it as `<name>.before-restore-<time>`, so a restore can be undone.
 * The backup is checked (integrity, and that it is a Chainrule database)
 * before anything is touched.
 */
import "dotenv/config";
import Database from "better-sqlite3";
import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { databaseTarget, sqliteFilePath } from "../../lib/db/provider";

export function restoreSqlite(
  backupFile: string,
  databaseFile: string,
): { restored: string; previous: string | null; submissions: number } {
  if (!existsSync(backupFile)) throw new Error(`no backup at ${backupFile}`);
  const backup = new Database(backupFile, { readonly: true, fileMustExist: true });
  let submissions: number;
  try {
    const check = backup.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`${backupFile} failed its integrity check: ${String(check)}`);
    const tables = backup
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('Submission', '_prisma_migrations')")
      .all();
    if (tables.length !== 2) throw new Error(`${backupFile} is not a Chainrule database (no Submission or _prisma_migrations table)`);
    submissions = (backup.prepare("SELECT COUNT(*) AS n FROM Submission").get() as { n: number }).n;
  } finally {
    backup.close();
  }
  let previous: string | null = null;
  if (existsSync(databaseFile)) {
    previous = `${databaseFile}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    // Fold the write-ahead log into the file first, so the kept copy is complete on its own.
    const current = new Database(databaseFile);
    current.pragma("wal_checkpoint(TRUNCATE)");
    current.close();
    renameSync(databaseFile, previous);
  }
  for (const suffix of ["-wal", "-shm"]) rmSync(`${databaseFile}${suffix}`, { force: true });
  copyFileSync(backupFile, databaseFile);
  return { restored: databaseFile, previous, submissions };
}

function main() {
  const target = databaseTarget();
  if (target.provider !== "sqlite")
    throw new Error('db:restore is for SQLite; for PostgreSQL use pg_restore (docs/operations.md, "Backups")');
  const file = process.argv[2];
  if (!file) throw new Error("name the backup to restore: npm run db:restore -- backups/chainrule-….db");
  console.log(JSON.stringify(restoreSqlite(path.resolve(file), sqliteFilePath(target.url))));
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(`restore failed: ${(error as Error).message}`);
    process.exit(1);
  }
}
