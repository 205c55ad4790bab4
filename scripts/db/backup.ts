/**
 * `npm run db:backup [-- --out FILE]`: an online backup of the SQLite
 * database, safe while the app runs (SQLite's backup API copies a
 * consistent snapshot, WAL included). Prints the backup's path and how many
 * submissions it holds. For PostgreSQL use pg_dump (docs/operations.md, "Backups").
 */
import "dotenv/config";
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { databaseTarget, sqliteFilePath } from "../../lib/db/provider";
import { textArgument } from "../../test/harness/arguments";

export async function backupSqlite(databaseFile: string, outFile: string): Promise<{ file: string; submissions: number }> {
  mkdirSync(path.dirname(outFile), { recursive: true });
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    await db.backup(outFile);
  } finally {
    db.close();
  }
  const copy = new Database(outFile, { readonly: true });
  try {
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`the backup failed its integrity check: ${String(check)}`);
    const { n } = copy.prepare("SELECT COUNT(*) AS n FROM Submission").get() as { n: number };
    return { file: outFile, submissions: n };
  } finally {
    copy.close();
  }
}

async function main() {
  const target = databaseTarget();
  if (target.provider !== "sqlite") {
    throw new Error('db:backup is for SQLite; for PostgreSQL use pg_dump (docs/operations.md, "Backups")');
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const outFile = path.resolve(textArgument("--out", path.join("backups", `chainrule-${stamp}.db`)));
  const result = await backupSqlite(sqliteFilePath(target.url), outFile);
  console.log(JSON.stringify(result));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`backup failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
