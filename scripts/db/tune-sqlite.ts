// Puts the SQLite database in WAL mode: readers no longer wait for a writer,
// which the gradebook needs while students submit. The mode is stored in the
// database file, so setting it once after migrating is enough.
// Does nothing for PostgreSQL.
import "dotenv/config";
import Database from "better-sqlite3";
import { databaseTarget, sqliteFilePath } from "../../lib/db/provider";

const target = databaseTarget();
if (target.provider === "sqlite") {
  const db = new Database(sqliteFilePath(target.url));
  const mode = db.pragma("journal_mode = WAL", { simple: true });
  db.close();
  if (mode !== "wal") throw new Error(`could not switch ${target.url} to WAL mode (got ${String(mode)})`);
}
